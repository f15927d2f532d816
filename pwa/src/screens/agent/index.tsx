// One agent, for their supervisor (and admins): `#/agent/<agentId>` is the
// agent page — weeks, months, problem tags and coaching; their customer
// files open on purpose at `#/agent/<agentId>/files` and
// `#/agent/<agentId>/files/<customerId>`.

import { href } from "../../router";
import { AgentPage } from "./AgentPage";
import { FileList, FileView } from "./CustomerFiles";
import { tr } from "./messages";

export default function AgentScreen({ params }: { params: string[] }) {
  const [agentId, part, customerId] = params;
  if (!agentId) {
    return (
      <main class="page">
        <p>{tr("noAgent")}</p>
        <a class="btn btn--secondary" href={href("dashboard")}>
          {tr("toDashboard")}
        </a>
      </main>
    );
  }
  // Keyed, so another agent or file starts with fresh state.
  if (part === "files") {
    return customerId ? (
      <FileView key={`${agentId}/${customerId}`} agentId={agentId} customerId={customerId} />
    ) : (
      <FileList key={agentId} agentId={agentId} />
    );
  }
  return <AgentPage key={agentId} agentId={agentId} />;
}
