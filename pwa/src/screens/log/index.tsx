// The work log (工作日志): one per day. `#/log` lists the recent days with
// their state and the logs of other days; `#/log/<date>` is the day's log:
// the plan, what the day's activities came to against it, the problems met
// (tagged), a summary, and submitting it for review. A returned log shows
// the supervisor's comment; changing an approved log sends it back to the
// queue as amended. A draft or returned log can be deleted.
//
// Days are the team's (its time zone, whatever the phone's), and a log may
// only be dated from 2000-01-01 to tomorrow there (docs/protocol.md): a route to any
// other day says so instead of showing a form.

import { teamToday, useCollection, useLoaded, dayLogOf } from "../../data";
import { useMemo } from "preact/hooks";
import { DayNav } from "./DayNav";
import { mayHaveLog } from "./days";
import { LogForm } from "./LogForm";
import { RecentLogs } from "./RecentLogs";
import { Refused } from "./Refused";

export default function LogScreen({ params }: { params: string[] }) {
  const date = params[0];
  if (date === undefined) return <RecentLogs />;
  const today = teamToday();
  return mayHaveLog(date, today) ? <DayLogScreen date={date} today={today} /> : <Refused date={date} today={today} />;
}

function DayLogScreen({ date, today }: { date: string; today: string }) {
  const logs = useCollection("day_logs");
  const loaded = useLoaded("day_logs");
  const log = useMemo(() => {
    for (const r of logs.values()) if (r.fields["date"] === date) return dayLogOf(r);
    return null;
  }, [logs, date]);
  return (
    <main class="page">
      <DayNav date={date} today={today} />
      {/* The form starts from the stored log once it is read, and again for another day. */}
      {loaded && <LogForm key={date} date={date} log={log} />}
    </main>
  );
}
