// Coaching the agent: this month's coaching alerts from the server, a form
// for a new note (text, and optionally the problem tag it focuses on), and
// the notes so far, newest first — each with a focus showing how many
// problems of that tag the agent wrote per week since, in words too.

import { useSignal } from "@preact/signals";
import { useMemo, useRef } from "preact/hooks";
import { session, teamZone } from "../../api";
import { MAX_TEXT, memberOf, myId, records, TAGS, useCollection, useLoaded, type DayLog, type Tag } from "../../data";
import { label } from "../../data/labels";
import { formatDay, lang } from "../../i18n";
import { formatShortDay } from "../../i18n/format";
import { useRemote } from "../../remote";
import { alertWords } from "../../scoring/alerts";
import { parseReview, type Alert } from "../../scoring/review";
import { newUUID } from "../../sync";
import { RemoteNote } from "../../ui/RemoteNote";
import { noteFields, noteProblem, notesAbout, type Note } from "./coach";
import { tr } from "./messages";
import { monthDay } from "./ProblemTags";
import { progressOn, type Progress } from "./tags";

const isTag = (v: string): v is Tag => (TAGS as readonly string[]).includes(v);

export function Coaching({ agentId, logs, today }: { agentId: string; logs: DayLog[]; today: string }) {
  const recs = useCollection("coaching_notes");
  const loaded = useLoaded("coaching_notes");
  const me = myId();
  const zone = teamZone.value;
  const notes = useMemo(() => notesAbout(recs.values(), agentId, me, zone), [recs, agentId, me, zone]);
  const canWrite = session.value?.user.role === "supervisor";
  const focus = useSignal<Tag | "">("");
  const textBox = useRef<HTMLTextAreaElement>(null);

  return (
    <section class="card" aria-labelledby="agent-coaching" data-testid="agent-coaching">
      <h2 id="agent-coaching" tabIndex={-1}>
        {tr("coach.title")}
      </h2>
      <Alerts
        agentId={agentId}
        month={today.slice(0, 7)}
        onUse={
          canWrite
            ? (tag) => {
                focus.value = tag;
                textBox.current?.focus();
              }
            : null
        }
      />
      {canWrite ? (
        <NoteForm agentId={agentId} focus={focus.value} onFocus={(t) => (focus.value = t)} textBox={textBox} />
      ) : (
        <p class="muted">{tr("coach.readOnly")}</p>
      )}
      <h3 class="agent-h3">{tr("coach.list")}</h3>
      {!loaded ? (
        <p class="muted">{tr("loading")}</p>
      ) : notes.length === 0 ? (
        <p class="muted">{tr("coach.none")}</p>
      ) : (
        <ol class="list" data-testid="coaching-notes">
          {notes.map((n) => (
            <NoteItem key={n.id} note={n} logs={logs} today={today} me={me} />
          ))}
        </ol>
      )}
    </section>
  );
}

function NoteForm({
  agentId,
  focus,
  onFocus,
  textBox,
}: {
  agentId: string;
  focus: Tag | "";
  onFocus: (t: Tag | "") => void;
  textBox: { current: HTMLTextAreaElement | null };
}) {
  const text = useSignal("");
  const error = useSignal("");
  const message = useSignal("");
  const busy = useSignal(false);
  const save = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const problem = noteProblem(text.value);
    if (problem) {
      error.value = problem === "required" ? tr("coach.required") : tr("coach.tooLong", { max: MAX_TEXT });
      textBox.current?.focus();
      return;
    }
    busy.value = true;
    try {
      await records().put("coaching_notes", newUUID(), noteFields(agentId, text.value, focus));
      text.value = "";
      onFocus("");
      message.value = tr("coach.saved");
    } catch (err) {
      error.value = tr("coach.failed", { message: String(err) });
    } finally {
      busy.value = false;
    }
  };
  return (
    <form class="form agent-note-form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="agent-note-new">
      <h3 id="agent-note-new" class="agent-h3">
        {tr("coach.new")}
      </h3>
      <div class="field">
        <label for="agent-note-text">{tr("coach.text")}</label>
        <textarea
          id="agent-note-text"
          ref={textBox}
          rows={3}
          required
          maxLength={MAX_TEXT}
          placeholder={tr("coach.textHint")}
          value={text.value}
          aria-invalid={error.value ? true : undefined}
          aria-describedby={error.value ? "agent-note-error" : undefined}
          onInput={(e) => {
            text.value = e.currentTarget.value;
            error.value = "";
            message.value = "";
          }}
          data-testid="coaching-text"
        />
        <p class="error" id="agent-note-error" role="alert">
          {error.value}
        </p>
      </div>
      <div class="field">
        <label for="agent-note-focus">{tr("coach.focus")}</label>
        <select
          id="agent-note-focus"
          value={focus}
          aria-describedby="agent-note-focus-hint"
          onChange={(e) => {
            const v = e.currentTarget.value;
            onFocus(isTag(v) ? v : "");
          }}
          data-testid="coaching-focus"
        >
          <option value="">{tr("coach.focusNone")}</option>
          {TAGS.map((t) => (
            <option key={t} value={t}>
              {label("tag", t)}
            </option>
          ))}
        </select>
        <p class="muted agent-small" id="agent-note-focus-hint">
          {tr("coach.focusHint")}
        </p>
      </div>
      <button type="submit" class="btn btn--primary" disabled={busy.value} data-testid="coaching-save">
        {tr("coach.save")}
      </button>
      <p class="muted" role="status" aria-live="polite" data-testid="coaching-message">
        {message.value}
      </p>
    </form>
  );
}

function NoteItem({ note, logs, today, me }: { note: Note; logs: DayLog[]; today: string; me: string }) {
  const members = useCollection("members");
  const author = note.authorId !== me ? members.get(note.authorId) : undefined;
  return (
    <li class="list__item" data-testid="coaching-note" data-id={note.id} data-focus={note.focus ?? ""}>
      <p class="row agent-note__meta">
        {note.day && <time dateTime={note.day}>{formatDay(note.day, { month: "short", day: "numeric" })}</time>}
        {note.focus && <span class="chip">{tr("coach.focusChip", { tag: label("tag", note.focus) })}</span>}
        {note.pending && <span class="chip chip--warn">{tr("coach.pending")}</span>}
        {author && <span class="muted">{tr("coach.by", { name: memberOf(author).name })}</span>}
      </p>
      <p class="agent-text">{note.text}</p>
      {note.focus && <FocusProgress tag={note.focus} progress={progressOn(logs, note.focus, note.day || today, today)} />}
    </li>
  );
}

/** The words for a focus's progress. */
export function trendText(p: Progress): string {
  const first = p.weeks[0]?.count ?? 0;
  const last = p.weeks[p.weeks.length - 1]?.count ?? 0;
  const words = tr(`trend.${p.trend}`, { first, last });
  return p.current && p.trend !== "single" && p.trend !== "none" ? `${words}${tr("trend.partial")}` : words;
}

function FocusProgress({ tag, progress }: { tag: Tag; progress: Progress }) {
  const max = Math.max(1, ...progress.weeks.map((w) => w.count));
  const tone = {
    fewer: " agent-progress--good",
    none: " agent-progress--good",
    more: " agent-progress--bad",
    same: "",
    single: "",
  }[progress.trend];
  return (
    <div class={`agent-progress${tone}`} data-testid="coaching-progress" data-trend={progress.trend}>
      <p class="agent-progress__title">{tr("coach.progress", { tag: label("tag", tag) })}</p>
      <ol class="agent-bars">
        {progress.weeks.map((w, i) => {
          const current = progress.current && i === progress.weeks.length - 1;
          return (
            <li key={w.start} data-count={w.count}>
              <span class="agent-bars__day" aria-hidden="true">
                {monthDay(w.start)}
              </span>
              <span class="agent-bars__bar" aria-hidden="true">
                <span style={{ width: `${(w.count / max) * 100}%` }} />
              </span>
              <span class="agent-bars__num" aria-hidden="true">
                {w.count}
              </span>
              <span class="visually-hidden">
                {tr("coach.weekCount", { day: formatShortDay(w.start), n: w.count })}
                {current ? tr("coach.thisWeek") : ""}
              </span>
            </li>
          );
        })}
      </ol>
      <p class="agent-progress__words">{trendText(progress)}</p>
    </div>
  );
}

function alertText(a: Alert): { why: string; what: string } {
  const known = alertWords(a.code);
  if (known) return known;
  return { why: lang.value === "en" ? a.messageEn || a.message : a.message, what: label("tag", a.focus) };
}

/** This month's coaching alerts for the agent (GET /api/reviews/agent), each offered as the note's focus. */
function Alerts({ agentId, month, onUse }: { agentId: string; month: string; onUse: ((tag: Tag) => void) | null }) {
  const path = `/api/reviews/agent?month=${encodeURIComponent(month)}&agent_id=${encodeURIComponent(agentId)}`;
  const review = useRemote(path, `agent-review:${agentId}:${month}`, parseReview);
  const alerts = review.value?.alerts ?? [];
  return (
    <div class="agent-alerts" data-testid="agent-alerts">
      <h3 class="agent-h3">{tr("alerts.title")}</h3>
      <RemoteNote remote={review} />
      {review.value ? (
        alerts.length === 0 ? (
          <p class="muted">{tr("alerts.none")}</p>
        ) : (
          <ul class="list">
            {alerts.map((a) => {
              const { why, what } = alertText(a);
              return (
                <li key={a.code} class="list__item agent-alert" data-code={a.code}>
                  <p class="agent-alert__why">{why}</p>
                  {what && <p class="agent-alert__what">{tr("alerts.practise", { what })}</p>}
                  {onUse && isTag(a.focus) && (
                    <button type="button" class="btn btn--secondary" onClick={() => onUse(a.focus as Tag)}>
                      {tr("alerts.use")}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )
      ) : (
        review.offline && <p class="muted">{tr("alerts.offline")}</p>
      )}
    </div>
  );
}
