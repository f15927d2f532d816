// The month rule where people see it (my month, the standings' month): the
// weeks that count for the month, as notes; the "no week of its own yet"
// note is shown apart by the screens, so it is left out here.

import { monthRuleNotes, notYetText, type MonthRule } from "../scoring/monthRule";

export function MonthRuleNotes({ rule, class: cls }: { rule: MonthRule; class: string }) {
  const notYet = notYetText(rule);
  return (
    <ul class={`me-rule muted ${cls}`} data-testid="month-rule">
      {monthRuleNotes(rule)
        .filter((n) => n !== notYet)
        .map((n) => (
          <li key={n}>{n}</li>
        ))}
    </ul>
  );
}
