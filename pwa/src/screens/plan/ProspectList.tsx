// The Plan 100 list: search, filters and order over all the agent's names,
// the priority ones (A, 8+ on all three scores) marked and first by default,
// under the card of the dormant names when there are any (Dormant.tsx).
// It sorts when the names or the order change and filters as the agent
// types, in memory, and draws one page of rows at a time: a phone cannot
// draw 5,000 rows and stay responsive.

import { signal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { GRADES, isPriority, prospectOf, SOURCES, STAGES, useActivities, useList, useLoaded, type Prospect } from "../../data";
import { nextFollowUps } from "../../data/followUps";
import { label } from "../../data/labels";
import { go, href } from "../../router";
import { formatDay, lang } from "../../i18n";
import { PAGE, PagedList } from "../../ui/PagedList";
import { DormantCard } from "./Dormant";
import { countOpen, DEFAULT_FILTERS, filterProspects, sortProspects, type Filters, type ProspectOrder } from "./prospects";
import { scoresText, sourceText, tr } from "./messages";

// The view outlives the list, so coming back from a name finds the search,
// filters and order as they were.
const filters = signal<Filters>(DEFAULT_FILTERS);
const order = signal<ProspectOrder>("priority");
const shown = signal(PAGE);

/** The name just added, announced once when the list shows again. */
export const justAdded = signal<{ id: string; name: string } | null>(null);

function setFilters(change: Partial<Filters>) {
  filters.value = { ...filters.value, ...change };
  shown.value = PAGE;
}

const isDefault = (f: Filters) =>
  f.query.trim() === "" && f.stage === DEFAULT_FILTERS.stage && f.grade === DEFAULT_FILTERS.grade && f.source === DEFAULT_FILTERS.source;

export function ProspectList() {
  const loaded = useLoaded("prospects");
  const all = useList("prospects", prospectOf);
  const language = lang.value;
  const acts = useActivities();
  const next = useMemo(() => nextFollowUps(acts), [acts]);
  const byFollowUp = order.value === "followUp";
  const sorted = useMemo(
    () => sortProspects(all, order.value, new Intl.Collator(language).compare, next),
    [all, order.value, language, byFollowUp ? next : null],
  );
  const found = useMemo(() => filterProspects(sorted, filters.value), [sorted, filters.value]);
  const counts = useMemo(() => countOpen(all), [all]);
  // The notice is for the return from the form; leaving the list ends it.
  useEffect(
    () => () => {
      justAdded.value = null;
    },
    [],
  );

  return (
    <main class="page">
      <div class="page-head">
        <h1>{tr("title")}</h1>
        <button type="button" class="btn btn--primary" onClick={() => go("plan", "new")} data-testid="prospect-add">
          {tr("add")}
        </button>
      </div>
      {justAdded.value && (
        <p class="notice" role="status">
          {tr("added", { name: justAdded.value.name })} <a href={href("plan", justAdded.value.id)}>{tr("open")}</a>
        </p>
      )}
      {!loaded ? (
        <p class="muted" aria-busy="true">
          {tr("loading")}
        </p>
      ) : all.length === 0 ? (
        <section class="card">
          <p>{tr("empty")}</p>
        </section>
      ) : (
        <>
          <DormantCard prospects={all} />
          <p class="muted">{tr("count", counts)}</p>
          <ListControls />
          <Rows found={found} next={next} />
        </>
      )}
    </main>
  );
}

function ListControls() {
  const f = filters.value;
  return (
    <form role="search" class="form" onSubmit={(e) => e.preventDefault()}>
      <div class="field">
        <label for="plan-search">{tr("search")}</label>
        <input
          id="plan-search"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          placeholder={tr("searchHint")}
          value={f.query}
          onInput={(e) => setFilters({ query: e.currentTarget.value })}
          data-testid="prospect-search"
        />
      </div>
      <div class="plan-grid">
        <div class="field">
          <label for="plan-filter-stage">{tr("stage")}</label>
          <select
            id="plan-filter-stage"
            value={f.stage}
            onChange={(e) => setFilters({ stage: e.currentTarget.value as Filters["stage"] })}
            data-testid="prospect-filter-stage"
          >
            <option value="open">{tr("stageOpen")}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {label("stage", s)}
              </option>
            ))}
            <option value="all">{tr("all")}</option>
          </select>
        </div>
        <div class="field">
          <label for="plan-filter-grade">{tr("grade")}</label>
          <select id="plan-filter-grade" value={f.grade} onChange={(e) => setFilters({ grade: e.currentTarget.value as Filters["grade"] })}>
            <option value="all">{tr("all")}</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {label("grade", g)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="plan-filter-source">{tr("source")}</label>
          <select id="plan-filter-source" value={f.source} onChange={(e) => setFilters({ source: e.currentTarget.value as Filters["source"] })}>
            <option value="all">{tr("all")}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {label("source", s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="plan-order">{tr("sort")}</label>
          <select
            id="plan-order"
            value={order.value}
            onChange={(e) => {
              order.value = e.currentTarget.value as ProspectOrder;
              shown.value = PAGE;
            }}
          >
            <option value="priority">{tr("sortPriority")}</option>
            <option value="name">{tr("sortName")}</option>
            <option value="newest">{tr("sortNewest")}</option>
            <option value="followUp">{tr("sortFollowUp")}</option>
          </select>
        </div>
      </div>
    </form>
  );
}

function Rows({ found, next }: { found: Prospect[]; next: ReadonlyMap<string, string> }) {
  return (
    <section class="card" aria-label={tr("title")}>
      <p class="muted" role="status" aria-live="polite">
        {isDefault(filters.value) ? "" : tr("shown", { n: found.length })}
      </p>
      {found.length === 0 ? (
        <>
          <p>{tr("noMatch")}</p>
          <button type="button" class="btn btn--secondary" onClick={() => setFilters(DEFAULT_FILTERS)}>
            {tr("clear")}
          </button>
        </>
      ) : (
        <PagedList
          items={found}
          shown={shown}
          row={(p) => <ProspectRow key={p.id} p={p} followUp={next.get(`p:${p.id}`) ?? ""} />}
          more={(n) => tr("more", { n })}
          moreTestid="show-more"
        />
      )}
    </section>
  );
}

function ProspectRow({ p, followUp }: { p: Prospect; followUp: string }) {
  const priority = isPriority(p);
  const source = sourceText(p);
  return (
    <li>
      <a class="row-link" href={href("plan", p.id)} data-testid="prospect-row" data-id={p.id} data-priority={priority ? "true" : undefined}>
        <div class="row-link__main">
          <div class="row-link__title">
            {p.name} {priority && <span class="chip chip--ok">{tr("priority")}</span>}
          </div>
          <div class="row-link__sub">
            {p.grade ? label("grade", p.grade) : tr("noGrade")} · {scoresText(p)}
          </div>
          {source && <div class="row-link__sub">{source}</div>}
          {followUp && (
            <div class="row-link__sub" data-testid="prospect-follow-up" data-day={followUp}>
              {tr("followUpOn", { day: formatDay(followUp) })}
            </div>
          )}
        </div>
        <span class={`chip plan-stage${p.stage === "closed" ? " chip--ok" : ""}`}>{label("stage", p.stage)}</span>
      </a>
    </li>
  );
}
