// 会议模式 — meeting mode (#/meeting, #/meeting/weekly/<a day>): a
// large-type view for the shared screen of the morning meeting (the day's
// focus, the last working day's numbers or the week so far) and the weekly
// summary meeting (the standings, the week's awards and best improvement).
// It works from the team's records on this device, so it shows offline.
// Names follow the team's standings.names setting. ← → switch sections; the
// button goes full screen (the Fullscreen API, or a full-window view where
// there is none) and Escape leaves it.

import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { scoreOf, teamToday, useList, useLoaded } from "../../data";
import { agentsOf, teamMemberOf } from "../../data/teams";
import { formatDay } from "../../i18n";
import { useRemote } from "../../remote";
import { href } from "../../router";
import { weekPeriod } from "../../scoring/period";
import { Tabs } from "../../ui/Tabs";
import { TeamGate, type TeamView } from "../../ui/TeamGate";
import { tr } from "./messages";
import { Morning } from "./Morning";
import { parseMeetingSettings, type NamesMode } from "./names";
import { Weekly } from "./Weekly";

type Section = "morning" | "weekly";
const SECTIONS: readonly Section[] = ["morning", "weekly"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default function MeetingScreen({ params }: { params: string[] }) {
  return (
    <TeamGate
      wrap={(body) => (
        <main class="page">
          <h1>{tr("title")}</h1>
          {body}
        </main>
      )}
    >
      {(team) => <Meeting team={team} params={params} />}
    </TeamGate>
  );
}

/** The section's route; a week other than this one is kept in it. Replaced, not pushed: switching sections is not a step Back should undo. */
function show(section: Section, weekStart?: string): void {
  location.replace(weekStart ? href("meeting", section, weekStart) : href("meeting", section));
}

/** Whether a key press belongs to a text field (arrows move the caret there). */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("input, textarea, select, [contenteditable]") !== null;
}

function useFullscreen(root: { current: HTMLElement | null }) {
  const [real, setReal] = useState(false);
  // A full-window view where the Fullscreen API is missing (iPhone) or refused.
  const [window_, setWindow] = useState(false);
  useEffect(() => {
    const onChange = () => setReal(document.fullscreenElement !== null && document.fullscreenElement === root.current);
    document.addEventListener("fullscreenchange", onChange);
    return () => {
      document.removeEventListener("fullscreenchange", onChange);
      // Leaving the screen leaves full screen too.
      if (document.fullscreenElement && document.fullscreenElement === root.current) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);
  const enter = () => {
    const el = root.current;
    if (el && typeof el.requestFullscreen === "function" && document.fullscreenEnabled !== false) {
      el.requestFullscreen().catch(() => setWindow(true));
    } else {
      setWindow(true);
    }
  };
  const leave = () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    setWindow(false);
  };
  return { full: real || window_, windowed: window_, enter, leave };
}

function Meeting({ team, params }: { team: TeamView; params: string[] }) {
  const today = teamToday();
  const section: Section = params[0] === "weekly" ? "weekly" : "morning";
  const asked = params[1] ?? "";
  const week = weekPeriod(DAY.test(asked) && asked <= today ? asked : today);
  const root = useRef<HTMLElement>(null);
  const fs = useFullscreen(root);

  const members = useList("members", teamMemberOf);
  const scores = useList("scores", scoreOf);
  const loadedMembers = useLoaded("members");
  const loadedScores = useLoaded("scores");
  const agents = useMemo(() => agentsOf(members, team.id), [members, team.id]);
  const ids = useMemo(() => new Set(agents.map((a) => a.id)), [agents]);
  const teamScores = useMemo(() => scores.filter((s) => ids.has(s.agentId)), [scores, ids]);

  const settings = useRemote(`/api/admin/teams/${encodeURIComponent(team.id)}/settings`, `team-settings:${team.id}`, parseMeetingSettings);
  // Until the setting is known, names stay hidden: a shared screen must not
  // flash them. When it cannot be had at all, the default (show) applies.
  const mode: NamesMode = settings.value?.names ?? (settings.loading ? "hide" : "show");
  const namesNote =
    settings.value === null
      ? settings.loading
        ? tr("names.loading")
        : tr("names.unknown")
      : mode === "hide"
        ? tr("names.hidden")
        : mode === "neighbours"
          ? tr("names.top")
          : "";

  const go = (step: number) => {
    const i = SECTIONS.indexOf(section);
    const next = SECTIONS[(i + step + SECTIONS.length) % SECTIONS.length]!;
    show(next);
  };

  // Keyboard: ← → (and a presenter's Page Up / Page Down) switch sections
  // outside text fields; Escape leaves full screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      if (e.key === "Escape") {
        if (fs.full) fs.leave();
        return;
      }
      if (typing(e.target)) return;
      if (e.key === "ArrowRight" || e.key === "PageDown") {
        e.preventDefault();
        go(1);
      } else if (e.key === "ArrowLeft" || e.key === "PageUp") {
        e.preventDefault();
        go(-1);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  // Focus follows the checked section when the arrows switched it from the tabs.
  const tabs = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = tabs.current;
    if (box && box.contains(document.activeElement)) box.querySelector<HTMLElement>("[aria-checked=true]")?.focus();
  }, [section]);

  let body: ComponentChildren;
  if (!loadedMembers || !loadedScores) body = <p class="muted">{tr("loading")}</p>;
  else if (section === "morning") body = (
      <Morning
        teamId={team.id}
        teamName={team.name}
        today={today}
        agents={agents}
        scores={teamScores}
        mode={mode}
        namesNote={namesNote}
        shareMode={settings.value?.names ?? (settings.loading ? null : "hide")}
      />
    );
  else
    body = (
      <Weekly
        week={week}
        today={today}
        agents={agents}
        scores={teamScores}
        mode={mode}
        namesNote={namesNote}
        teamName={team.name}
        shareMode={settings.value?.names ?? (settings.loading ? null : "hide")}
        onWeek={(p) => show("weekly", p.start === weekPeriod(today).start ? undefined : p.start)}
      />
    );

  return (
    <main
      ref={root}
      class={`meeting${fs.windowed ? " meeting--window" : ""}${fs.full ? " meeting--full" : ""}`}
      data-testid="meeting"
      data-section={section}
      data-fullscreen={fs.full ? "true" : "false"}
      data-team={team.id}
    >
      <header class="meeting__bar">
        <h1 class="meeting__title">
          {tr(section === "morning" ? "sections.morning" : "sections.weekly")}
          {team.name && <span class="meeting__team">· {team.name}</span>}
          <span class="meeting__date">{formatDay(today, { month: "long", day: "numeric", weekday: "long" })}</span>
        </h1>
        <div class="meeting__tabs" ref={tabs}>
          <Tabs<Section>
            label={tr("sections.label")}
            value={section}
            options={[
              { value: "morning", label: tr("sections.morning") },
              { value: "weekly", label: tr("sections.weekly") },
            ]}
            onChange={(s) => show(s)}
          />
          <span class="meeting__hint" aria-hidden="true">
            {tr("sections.hint")}
          </span>
        </div>
        <div class="meeting__tools">
          {!fs.full && team.picker}
          {!fs.full && (
            <a class="btn btn--on-brand meeting__back" href={href("dashboard")}>
              {tr("back")}
            </a>
          )}
          <button
            type="button"
            class="btn btn--on-brand"
            data-testid="meeting-fullscreen"
            onClick={() => (fs.full ? fs.leave() : fs.enter())}
          >
            <span aria-hidden="true">{fs.full ? "⤡ " : "⤢ "}</span>
            {fs.full ? tr("exitFullscreen") : tr("fullscreen")}
          </button>
        </div>
      </header>
      <div class="meeting__body">{body}</div>
    </main>
  );
}
