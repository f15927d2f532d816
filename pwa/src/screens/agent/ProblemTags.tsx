// What the agent keeps running into: the problems written in their logs,
// counted per tag per week, the most frequent tags first.

import { useEffect, useMemo, useRef } from "preact/hooks";
import type { DayLog } from "../../data";
import { label } from "../../data/labels";
import { formatShortDay } from "../../i18n/format";
import { tr } from "./messages";
import { problemsByWeek } from "./tags";

/** A week's Monday as a short, language-neutral column name: 11/23. */
export const monthDay = (day: string) => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;

export function ProblemTags({ logs, mondays }: { logs: DayLog[]; mondays: string[] }) {
  const rows = useMemo(() => problemsByWeek(logs, mondays), [logs, mondays]);
  const n = mondays.length;
  // On a narrow screen the table scrolls: start at the latest weeks.
  const scroller = useRef<HTMLDivElement>(null);
  const some = rows.length > 0;
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, [some]);
  return (
    <section class="card" aria-labelledby="agent-problems" data-testid="agent-problems">
      <h2 id="agent-problems" tabIndex={-1}>
        {tr("problems.title", { n })}
      </h2>
      {rows.length === 0 ? (
        <p class="muted">{tr("problems.none", { n })}</p>
      ) : (
        <>
          <p class="muted agent-small">{tr("problems.note")}</p>
          <div class="me-scroll agent-table" ref={scroller}>
            <table class="table agent-tags">
              <caption class="visually-hidden">{tr("problems.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr("col.tag")}</th>
                  {mondays.map((m) => (
                    <th key={m} scope="col" class="num">
                      <span aria-hidden="true">{monthDay(m)}</span>
                      <span class="visually-hidden">{tr("problems.weekOf", { day: formatShortDay(m) })}</span>
                    </th>
                  ))}
                  <th scope="col" class="num">
                    {tr("col.total")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.tag} data-testid="agent-problem-tag" data-tag={r.tag} data-total={r.total}>
                    <th scope="row">{label("tag", r.tag)}</th>
                    {r.perWeek.map((c, i) => (
                      <td key={mondays[i]} class={`num${c === 0 ? " agent-zero" : ""}`}>
                        {c}
                      </td>
                    ))}
                    <td class="num agent-strong">{r.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
