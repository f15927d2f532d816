// 个人信息请求 — the agent's register of their people's requests (a copy,
// a correction, a deletion): the list (ui/PrivacyRequests) and the form that
// records one (ui/RequestForm), the person chosen from the agent's own
// customers and Plan 100 names. Online only: the register is the server's.

import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { teamZone } from "../../api";
import { customerOf, prospectOf, useCollection, useList } from "../../data";
import { createRequest, type PrivacyRequest } from "../../remote/requests";
import { rankPeople, contactOf } from "../../ui/people";
import { PersonPicker } from "../../ui/PersonPicker";
import { PrivacyRequests } from "../../ui/PrivacyRequests";
import { RequestForm } from "../../ui/RequestForm";
import { tr } from "./messages";

export function Requests() {
  const customers = useList("customers", customerOf);
  const prospects = useList("prospects", prospectOf);
  const acts = useCollection("activities");
  const customerRecs = useCollection("customers");
  const prospectRecs = useCollection("prospects");
  const people = useMemo(
    () => rankPeople(customers, prospects, [...acts.values()].map((r) => contactOf(r.fields))),
    [customers, prospects, acts],
  );
  const version = useSignal(0);
  const who = useSignal("");

  const nameOf = (r: PrivacyRequest): string | undefined => {
    const rec = (r.subject === "customers" ? customerRecs : prospectRecs).get(r.subjectId);
    const n = rec?.fields["name"];
    return typeof n === "string" && n ? n : undefined;
  };

  return (
    <>
      <PrivacyRequests version={version.value} personName={nameOf} />
      <RequestForm
        person={
          <div class="field">
            <span class="field__label" id="request-who-label">
              {tr("requests.person")}
            </span>
            <PersonPicker id="request-who" value={who.value} people={people} zone={teamZone.value} startOpen onChange={(v) => (who.value = v)} />
          </div>
        }
        missing={who.value ? null : tr("requests.pickPerson")}
        save={(kind, note) => {
          const [type, id] = who.value.split(":");
          return createRequest({ kind, subject: type === "c" ? "customers" : "prospects", subject_id: id ?? "", note });
        }}
        onSaved={() => {
          who.value = "";
          version.value++;
        }}
      />
    </>
  );
}
