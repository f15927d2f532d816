// 晨会 — the morning meeting: the day's focus typed by a supervisor (synced
// to the whole team, FocusBox) and shown huge, beside each agent's approved
// numbers of the last working day or of the week so far.

import { useState } from "preact/hooks";
import { label } from "../../data/labels";
import { useCollection } from "../../data";
import { focusOn } from "../../data/focus";
import type { Member, Score } from "../../data/model";
import { formatDay } from "../../i18n";
import { amendedDaysText, amendedMark, pendingText } from "../../scoring/pending";
import { weekPeriod } from "../../scoring/period";
import { localStandings } from "../../scoring/standings";
import { Tabs } from "../../ui/Tabs";
import { dayNumbers, numberKinds, reportDay, weekNumbers, type NumbersLine } from "./board";
import { tr } from "./messages";
import { showNames, type NamesMode } from "./names";
import { FocusBox } from "./FocusBox";
import { morningShareName, morningShareTable } from "./share";
import { ShareButton } from "./ShareButton";
import { Who } from "./Who";

type Scope = "day" | "week";

export function Morning(props: {
  teamId: string;
  teamName: string;
  today: string;
  agents: Member[];
  scores: Score[];
  mode: NamesMode;
  namesNote: string;
  /** Whose names the shared image shows; null while the setting is read (no image yet). See Weekly. */
  shareMode: NamesMode | null;
}) {
  const { teamId, teamName, today, agents, scores, mode, namesNote, shareMode } = props;
  const focus = focusOn(useCollection("day_focus").values(), teamId, today);
  const [scope, setScope] = useState<Scope>("day");
  const day = reportDay(today, scores);
  const thisWeek = weekPeriod(today);
  // Agents in the order, and under the aliases, of the week the numbers are from.
  const ranked = localStandings(scope === "day" ? weekPeriod(day) : thisWeek, agents, scores, today).rows;
  const shown = showNames(ranked, mode);
  const lines = scope === "day" ? dayNumbers(ranked, scores, day) : weekNumbers(ranked, scores, thisWeek);
  const kinds = numberKinds(lines);
  const dayName = formatDay(day, { month: "long", day: "numeric", weekday: "short" });

  return (
    <div class="meeting-morning">
      <FocusBox teamId={teamId} today={today} />
      <section class="meeting-card meeting-numbers" aria-labelledby="meeting-numbers-title">
        <h2 id="meeting-numbers-title" class="meeting-h2">
          {scope === "day" ? tr("numbers.dayTitle", { day: dayName }) : tr("numbers.weekTitle")}
        </h2>
        <Tabs<Scope>
          label={tr("numbers.label")}
          value={scope}
          options={[
            { value: "day", label: tr("numbers.day", { day: formatDay(day, { month: "numeric", day: "numeric", weekday: "short" }) }) },
            { value: "week", label: tr("numbers.week") },
          ]}
          onChange={setScope}
        />
        {namesNote && <p class="meeting-note">{namesNote}</p>}
        <Numbers lines={lines} kinds={kinds} shown={shown} scope={scope} />
        <p class="meeting-note">{tr("numbers.note")}</p>
        {shareMode && lines.length > 0 && (
          <ShareButton
            name={morningShareName(today)}
            table={() =>
              morningShareTable({
                teamName,
                heading: scope === "day" ? tr("numbers.dayTitle", { day: dayName }) : `${tr("numbers.weekTitle")} · ${formatDay(today, { month: "long", day: "numeric", weekday: "short" })}`,
                focus: focus?.text ?? "",
                ranked,
                lines,
                kinds,
                note: (l) => note(l, scope),
                mode: shareMode,
                now: Date.now(),
              })
            }
          />
        )}
      </section>
    </div>
  );
}

function Numbers({ lines, kinds, shown, scope }: { lines: NumbersLine[]; kinds: string[]; shown: ReturnType<typeof showNames>; scope: Scope }) {
  if (lines.length === 0) return <p>{tr("weekly.empty")}</p>;
  return (
    <>
      {/* A phone: one card per agent, every kind on it, deals (成交) included. */}
      <ol class="agent-cards dash-narrow" aria-label={tr("numbers.caption")} data-testid="meeting-numbers-cards" data-scope={scope}>
        {lines.map((l) => {
          const n = note(l, scope);
          return (
            <li key={l.agentId} class="agent-card" data-testid="meeting-numbers-card" data-agent={l.agentId} data-name-shown={shown.get(l.agentId)?.named ? "true" : "false"}>
              <div class="agent-card__head agent-card__head--two">
                <span class="agent-card__name">
                  <Who shown={shown.get(l.agentId)} />
                </span>
                {n && <span class="meeting-table__note">{n}</span>}
              </div>
              <dl class="agent-card__figures">
                {kinds.map((k) => (
                  <div key={k} class="agent-fig" data-kind={k}>
                    <dt>{label("kind", k)}</dt>
                    <dd>
                      <span class="agent-fig__num">{l.counts[k] ?? 0}</span>
                      {(l.pending[k] ?? 0) !== 0 && <span class="agent-fig__pending">{pendingText(l.pending[k])}</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            </li>
          );
        })}
      </ol>
      <div class="meeting-scroll dash-wide">
        <table class="meeting-table" data-testid="meeting-numbers" data-scope={scope}>
          <caption class="visually-hidden">{tr("numbers.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{tr("col.name")}</th>
              {kinds.map((k) => (
                <th key={k} scope="col" class="num" data-kind={k}>
                  {label("kind", k)}
                </th>
              ))}
              <th scope="col">{tr("col.note")}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.agentId} data-testid="meeting-numbers-row" data-name-shown={shown.get(l.agentId)?.named ? "true" : "false"}>
                <th scope="row">
                  <Who shown={shown.get(l.agentId)} />
                </th>
                {kinds.map((k) => (
                  <td key={k} class="num" data-kind={k}>
                    {l.counts[k] ?? 0}
                    {(l.pending[k] ?? 0) !== 0 && <span class="meeting-delta">{pendingText(l.pending[k])}</span>}
                  </td>
                ))}
                <td class="meeting-table__note">{note(l, scope)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function note(l: NumbersLine, scope: Scope): string {
  if (scope === "week") {
    const days = l.pendingDays === 0 ? "" : l.pendingDays === 1 ? tr("numbers.pendingDay") : tr("numbers.pendingDays", { count: l.pendingDays });
    return [days, amendedDaysText(l.amendedDays)].filter(Boolean).join(" · ");
  }
  if (l.state === "approved") return "";
  if (l.amendedDays > 0) return amendedMark();
  if (l.state === "submitted") return tr("numbers.pending");
  return l.state ? label("state", l.state) : tr("numbers.noLog");
}
