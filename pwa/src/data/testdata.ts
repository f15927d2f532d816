// Small constructors of records for the Node tests of several screens
// (the app never imports this file).

import type { Score } from "./model";

/** A scores record with nothing scored, counted or won; over sets the rest. */
export function blankScore(over: Partial<Score> = {}): Score {
  return {
    id: "",
    agentId: "",
    kind: "week",
    period: "",
    start: "",
    end: "",
    score: 0,
    band: "",
    categories: [],
    counts: {},
    premium: 0,
    pendingDays: 0,
    approvedDays: 0,
    days: [],
    streakOut: 0,
    awards: [],
    ...over,
  };
}
