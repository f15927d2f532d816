// The customer files: the team's completeness aim, a search, three orders,
// and each file with what it lacks. Rows come one page at a time, as in
// Plan 100, so thousands of files stay responsive.

import { signal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { customerOf, useActivities, useList, useLoaded } from "../../data";
import { COMPLETE_AIM, completeness, fileRows, filesToAim, matchesFile, sortFiles, type FileOrder, type FileRow } from "../../data/customerFiles";
import { lang } from "../../i18n";
import { go, href } from "../../router";
import { detailsText, missingText } from "../../ui/customerFile";
import { Meter } from "../../ui/Meter";
import { PAGE, PagedList } from "../../ui/PagedList";
import { tr } from "./messages";

// The view outlives the list, so coming back from a file finds it as it was.
const query = signal("");
const order = signal<FileOrder>("name");
const shown = signal(PAGE);

export function CustomerList() {
  // Completeness needs the activities too: without them every file would
  // look as if it had no interaction.
  const customersLoaded = useLoaded("customers");
  const actsLoaded = useLoaded("activities");
  const loaded = customersLoaded && actsLoaded;
  const customers = useList("customers", customerOf);
  const acts = useActivities();
  const language = lang.value;
  const rows = useMemo(() => fileRows(customers, acts), [customers, acts]);
  const sorted = useMemo(() => sortFiles(rows, order.value, new Intl.Collator(language).compare), [rows, order.value, language]);
  const found = useMemo(() => sorted.filter((r) => matchesFile(r.customer, query.value)), [sorted, query.value]);

  return (
    <main class="page">
      <div class="page-head">
        <h1>{tr("title")}</h1>
        <button type="button" class="btn btn--primary" onClick={() => go("customers", "new")} data-testid="customer-add">
          {tr("add")}
        </button>
      </div>
      {!loaded ? (
        <p class="muted" aria-busy="true">
          {tr("loading")}
        </p>
      ) : rows.length === 0 ? (
        <section class="card">
          <p>{tr("empty")}</p>
          <button type="button" class="btn btn--secondary" onClick={() => go("plan")}>
            {tr("goPlan")}
          </button>
        </section>
      ) : (
        <>
          <TeamAim rows={rows} />
          <ListControls />
          <Rows found={found} />
        </>
      )}
    </main>
  );
}

/** The share of complete files against the team's 80%, and how far off it is. */
function TeamAim({ rows }: { rows: readonly FileRow[] }) {
  const share = completeness(rows);
  const gap = filesToAim(share);
  return (
    <section class="card" data-testid="team-aim">
      <Meter
        value={share.complete / share.total}
        label={tr("aimLabel", share)}
        text={tr("aimText", { pct: Math.round((share.complete / share.total) * 100), aim: Math.round(COMPLETE_AIM * 100) })}
      />
      <p class="muted">{gap > 0 ? tr("aimGap", { n: gap }) : tr("aimMet")}</p>
    </section>
  );
}

function ListControls() {
  return (
    <form role="search" class="form customers-find" onSubmit={(e) => e.preventDefault()}>
      <div class="field customers-find__search">
        <label for="cust-search">{tr("search")}</label>
        <input
          id="cust-search"
          type="search"
          enterKeyHint="search"
          autoComplete="off"
          placeholder={tr("searchHint")}
          value={query.value}
          onInput={(e) => {
            query.value = e.currentTarget.value;
            shown.value = PAGE;
          }}
          data-testid="customer-search"
        />
      </div>
      <div class="field customers-find__order">
        <label for="cust-order">{tr("sort")}</label>
        <select
          id="cust-order"
          value={order.value}
          onChange={(e) => {
            order.value = e.currentTarget.value as FileOrder;
            shown.value = PAGE;
          }}
        >
          <option value="name">{tr("sortName")}</option>
          <option value="incomplete">{tr("sortIncomplete")}</option>
          <option value="recent">{tr("sortRecent")}</option>
        </select>
      </div>
    </form>
  );
}

function Rows({ found }: { found: FileRow[] }) {
  return (
    <section class="card" aria-label={tr("title")}>
      <p class="muted" role="status" aria-live="polite">
        {query.value.trim() ? tr("shown", { n: found.length }) : ""}
      </p>
      {found.length === 0 ? (
        <>
          <p>{tr("noMatch")}</p>
          <button type="button" class="btn btn--secondary" onClick={() => (query.value = "")}>
            {tr("clear")}
          </button>
        </>
      ) : (
        <PagedList
          items={found}
          shown={shown}
          row={(r) => <FileRowLink key={r.customer.id} row={r} />}
          more={(n) => tr("more", { n })}
          moreTestid="show-more"
        />
      )}
    </section>
  );
}

function FileRowLink({ row }: { row: FileRow }) {
  const c = row.customer;
  return (
    <li>
      <a class="row-link" href={href("customers", c.id)} data-testid="customer-row" data-id={c.id}>
        <div class="row-link__main">
          <div class="row-link__title">{c.name}</div>
          <div class="row-link__sub">{detailsText(c)}</div>
          <span class={`chip ${row.missing.length === 0 ? "chip--ok" : "chip--warn"}`}>{missingText(row.missing)}</span>
        </div>
      </a>
    </li>
  );
}
