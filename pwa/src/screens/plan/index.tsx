// Plan 100 (计划100), the agent's prospect list. `#/plan` is the list,
// `#/plan/new` adds a name, `#/plan/dormant` lists the names nothing
// happened with for the team's months (keep or purge each), `#/plan/<id>`
// is one name: its stage, its activities, turning it into a customer file.

import { DormantList } from "./Dormant";
import { NewProspect } from "./NewProspect";
import { ProspectDetail } from "./ProspectDetail";
import { ProspectList } from "./ProspectList";

export default function PlanScreen({ params }: { params: string[] }) {
  const id = params[0];
  if (id === "new") return <NewProspect />;
  if (id === "dormant") return <DormantList />;
  // Keyed, so going from one name to another starts with fresh state.
  if (id) return <ProspectDetail key={id} id={id} />;
  return <ProspectList />;
}
