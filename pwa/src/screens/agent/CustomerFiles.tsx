// An agent's customer files as their supervisor sees them, opened on
// purpose from the agent page: the files are not on the supervisor's phone,
// so `#/agent/<id>/files` asks why they are opened (the purpose goes to the
// server's access log, which the agent sees) and fetches them, online
// only; it then lists them with what each lacks, and
// `#/agent/<id>/files/<customerId>` shows one, read only, with its
// interaction history and the form that records the customer's
// personal-information request (a copy, a correction, a deletion).

import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { ApiError, session } from "../../api";
import { customerOf, FILE_PARTS, missingParts, useLoaded, type Customer } from "../../data";
import { COMPLETE_AIM, completeness, fileRows, matchesFile, sortFiles, type FileRow } from "../../data/customerFiles";
import { countedInteractions, interactionsOf } from "../../data/interactions";
import { label } from "../../data/labels";
import { lang } from "../../i18n";
import { createRequest } from "../../remote/requests";
import { href } from "../../router";
import { detailsText, missingText } from "../../ui/customerFile";
import { Meter } from "../../ui/Meter";
import { PAGE, PagedList } from "../../ui/PagedList";
import { RequestForm } from "../../ui/RequestForm";
import { Timeline } from "../../ui/Timeline";
import { OfflineError, type LocalRecord } from "../../sync";
import { purposeOk, SUGGESTED } from "./files";
import { tr } from "./messages";
import { openedOf, openFiles } from "./opened";
import { useAgent, useAgentActivities } from "./useAgent";

function useName(agentId: string): string {
  const { member } = useAgent(agentId);
  return member?.name || tr("unknownAgent");
}

/**
 * Asks why the files are opened, with a few usual purposes, and opens them
 * (one file when fileId is given). Offline it says the files need the network.
 */
function PurposeForm({ agentId, fileId }: { agentId: string; fileId?: string }) {
  const purpose = useSignal("");
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);
  const submit = async () => {
    if (!purposeOk(purpose.value)) {
      problem.value = tr("files.purposeShort");
      return;
    }
    busy.value = true;
    problem.value = null;
    try {
      await openFiles(agentId, purpose.value, fileId);
    } catch (err) {
      problem.value =
        err instanceof OfflineError
          ? tr("files.offline")
          : err instanceof ApiError && err.status === 404
            ? tr("files.notFound")
            : tr("files.failed", { message: err instanceof Error ? err.message : String(err) });
    } finally {
      busy.value = false;
    }
  };
  return (
    <section class="card" aria-labelledby="agent-files-purpose" data-testid="files-purpose">
      <h2 id="agent-files-purpose">{tr("files.purposeTitle")}</h2>
      <p class="muted">{tr("files.purposeIntro")}</p>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="field">
          <label for="agent-files-purpose-text">{tr("files.purpose")}</label>
          <input
            id="agent-files-purpose-text"
            data-testid="purpose-input"
            type="text"
            maxLength={200}
            autoComplete="off"
            value={purpose.value}
            onInput={(e) => {
              purpose.value = e.currentTarget.value;
            }}
          />
        </div>
        <p class="muted">{tr("files.suggested")}</p>
        <div class="agent-purposes">
          {SUGGESTED.map((k) => (
            <button
              key={k}
              type="button"
              class="chip"
              data-testid="purpose-suggested"
              onClick={() => {
                purpose.value = tr(k);
              }}
            >
              {tr(k)}
            </button>
          ))}
        </div>
        {problem.value && (
          <p class="notice" role="alert" data-testid="files-problem">
            {problem.value}
          </p>
        )}
        <button class="btn" type="submit" disabled={busy.value} data-testid="show-files">
          {busy.value ? tr("files.opening") : tr("files.open")}
        </button>
      </form>
    </section>
  );
}

export function FileList({ agentId }: { agentId: string }) {
  const name = useName(agentId);
  const opened = openedOf(agentId);
  const head = (
    <>
      <a class="agent-back" href={href("agent", agentId)}>
        {tr("files.back", { name })}
      </a>
      <h1>{tr("files.heading", { name })}</h1>
      <p class="muted">{tr("files.intro")}</p>
    </>
  );
  if (!opened?.all) {
    return (
      <main class="page agent-files" data-testid="agent-files" data-agent={agentId}>
        {head}
        <PurposeForm agentId={agentId} />
      </main>
    );
  }
  return <OpenedList agentId={agentId} head={head} files={opened.files} />;
}

function OpenedList({ agentId, head, files }: { agentId: string; head: ComponentChildren; files: ReadonlyMap<string, LocalRecord> }) {
  const recs = useMemo(() => [...files.values()], [files]);
  const loaded = useLoaded("activities");
  const acts = useAgentActivities(agentId);
  const language = lang.value;
  const rows = useMemo(() => fileRows(recs.map(customerOf), acts), [recs, acts]);
  const sorted = useMemo(() => sortFiles(rows, "name", new Intl.Collator(language).compare), [rows, language]);
  const query = useSignal("");
  const shown = useSignal(PAGE);
  const found = useMemo(() => sorted.filter((r) => matchesFile(r.customer, query.value)), [sorted, query.value]);
  return (
    <main class="page agent-files" data-testid="agent-files" data-agent={agentId}>
      {head}
      <p class="muted" data-testid="files-logged">
        {tr("files.logged")}
      </p>
      {!loaded ? (
        <p class="muted" aria-busy="true">
          {tr("loading")}
        </p>
      ) : rows.length === 0 ? (
        <p class="card">{tr("files.none")}</p>
      ) : (
        <>
          <Aim rows={rows} />
          <section class="card" aria-label={tr("files.title")}>
            <form role="search" class="form" onSubmit={(e) => e.preventDefault()}>
              <div class="field">
                <label for="agent-file-search">{tr("files.search")}</label>
                <input
                  id="agent-file-search"
                  type="search"
                  autoComplete="off"
                  placeholder={tr("files.searchHint")}
                  value={query.value}
                  onInput={(e) => {
                    query.value = e.currentTarget.value;
                    shown.value = PAGE;
                  }}
                />
              </div>
            </form>
            {found.length === 0 ? (
              <p>{tr("files.noMatch")}</p>
            ) : (
              <PagedList
                items={found}
                shown={shown}
                row={(r) => <FileLink key={r.customer.id} agentId={agentId} row={r} />}
                more={(n) => tr("files.more", { n })}
              />
            )}
          </section>
        </>
      )}
    </main>
  );
}

function Aim({ rows }: { rows: readonly FileRow[] }) {
  const share = completeness(rows);
  return (
    <section class="card" data-testid="agent-files-aim">
      <Meter
        value={share.complete / share.total}
        label={tr("files.aim", share)}
        text={tr("files.aimText", { pct: Math.round((share.complete / share.total) * 100), aim: Math.round(COMPLETE_AIM * 100) })}
      />
    </section>
  );
}

function FileLink({ agentId, row }: { agentId: string; row: FileRow }) {
  const c = row.customer;
  return (
    <li>
      <a
        class="row-link"
        href={href("agent", agentId, "files", c.id)}
        data-testid="file-row"
        data-id={c.id}
        data-missing={row.missing.join(" ")}
      >
        <span class="row-link__main agent-file-row">
          <span class="row-link__title">{c.name}</span>
          <span class="row-link__sub">{detailsText(c)}</span>
          <span class={`chip ${row.missing.length === 0 ? "chip--ok" : "chip--warn"}`}>{missingText(row.missing)}</span>
        </span>
        <span aria-hidden="true">›</span>
      </a>
    </li>
  );
}

export function FileView({ agentId, customerId }: { agentId: string; customerId: string }) {
  const name = useName(agentId);
  const opened = openedOf(agentId);
  const rec = opened?.files.get(customerId);
  const c = useMemo(() => (rec ? customerOf(rec) : null), [rec]);
  const back = (
    <a class="agent-back" href={href("agent", agentId, "files")}>
      {tr("files.backList", { name })}
    </a>
  );
  if (!c) {
    return (
      <main class="page">
        {back}
        {opened?.all ? <p class="card">{tr("files.notFound")}</p> : <PurposeForm agentId={agentId} fileId={customerId} />}
      </main>
    );
  }
  return <FilePage agentId={agentId} c={c} back={back} />;
}

function FilePage({ agentId, c, back }: { agentId: string; c: Customer; back: ComponentChildren }) {
  const acts = useAgentActivities(agentId);
  const interactions = useMemo(() => interactionsOf(acts, c), [acts, c]);
  const missing = missingParts(c, countedInteractions(interactions));
  const have = FILE_PARTS.length - missing.length;
  const notGiven = <span class="muted">{tr("files.notGiven")}</span>;
  const sep = lang.value === "en" ? ", " : "、";
  return (
    <main class="page agent-file" data-testid="agent-file" data-id={c.id}>
      {back}
      <h1>{c.name}</h1>
      <p class="muted">{tr("files.readOnly")}</p>
      <section class="card" data-missing={missing.join(" ")}>
        <Meter value={have / FILE_PARTS.length} label={tr("files.completeness")} text={`${have}/${FILE_PARTS.length}`} />
        <p class={missing.length > 0 ? "muted" : ""}>{missing.length > 0 ? missingText(missing) : tr("files.completeNote")}</p>
      </section>
      <section class="card" aria-labelledby="agent-file-profile">
        <h2 id="agent-file-profile">{tr("files.profile")}</h2>
        <dl class="facts agent-facts">
          <div>
            <dt>{tr("files.phone")}</dt>
            <dd>{c.phone || notGiven}</dd>
          </div>
          <div>
            <dt>{tr("files.gender")}</dt>
            <dd>{c.gender ? label("gender", c.gender) : notGiven}</dd>
          </div>
          <div>
            <dt>{tr("files.ageField")}</dt>
            <dd>{c.age !== null ? c.age : notGiven}</dd>
          </div>
          <div>
            <dt>{tr("files.occupation")}</dt>
            <dd>{c.occupation || notGiven}</dd>
          </div>
          <div>
            <dt>{tr("files.income")}</dt>
            <dd>{c.incomeBand ? label("income", c.incomeBand) : notGiven}</dd>
          </div>
        </dl>
      </section>
      <section class="card" aria-labelledby="agent-file-family">
        <h2 id="agent-file-family">{tr("files.family")}</h2>
        <dl class="facts agent-facts">
          <div>
            <dt>{tr("files.spouse")}</dt>
            <dd>{c.spouse === null ? notGiven : c.spouse || tr("files.spouseNone")}</dd>
          </div>
          <div>
            <dt>{tr("files.children")}</dt>
            <dd>
              {c.children === null ? (
                notGiven
              ) : c.children.length === 0 ? (
                tr("files.childrenNone")
              ) : (
                <ul class="agent-children">
                  {c.children.map((k, i) => (
                    <li key={i}>
                      {k.age !== undefined
                        ? tr("files.child", { name: k.name || tr("files.childUnnamed"), age: k.age })
                        : tr("files.childNoAge", { name: k.name || tr("files.childUnnamed") })}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </section>
      <section class="card" aria-labelledby="agent-file-needs">
        <h2 id="agent-file-needs">{tr("files.needs")}</h2>
        {c.needs.length === 0 ? <p class="muted">{tr("files.needsNone")}</p> : <p>{c.needs.map((n) => label("need", n)).join(sep)}</p>}
      </section>
      <section class="card" aria-labelledby="agent-file-notes">
        <h2 id="agent-file-notes">{tr("files.notes")}</h2>
        {c.notes ? <p class="agent-text">{c.notes}</p> : <p class="muted">{tr("files.needsNone")}</p>}
      </section>
      <section class="card" aria-labelledby="agent-file-history">
        <h2 id="agent-file-history">{tr("files.history")}</h2>
        <Timeline items={interactions} empty={tr("files.historyNone")} />
      </section>
      <section class="card" aria-labelledby="agent-file-requests" data-testid="file-requests">
        <h2 id="agent-file-requests">{tr("files.requests")}</h2>
        <p class="muted">{tr("files.requestsIntro")}</p>
        <RequestForm
          save={(kind, note) => createRequest({ kind, subject: "customers", subject_id: c.id, agent_id: agentId, note })}
          register={session.value?.user.role === "admin" ? href("admin", "requests") : href("dashboard", "requests")}
          inCard
        />
      </section>
    </main>
  );
}
