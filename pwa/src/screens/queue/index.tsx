// The supervisor's review queue (审核队列). `#/queue` lists the team's logs
// waiting for review, oldest first; `#/queue/<dayLogId>` reviews one.

import { LogReview } from "./LogReview";
import { QueueList } from "./QueueList";

export default function QueueScreen({ params }: { params: string[] }) {
  const id = params[0];
  // Keyed, so going on to the next log starts with fresh state.
  return id ? <LogReview key={id} id={id} /> : <QueueList />;
}
