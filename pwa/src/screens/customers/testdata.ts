// Small constructors of test data, for the Node tests of the customers and
// Plan 100 screens only (the app never imports this file).

import type { Activity, Customer, Prospect } from "../../data/model";
import { dayIn } from "../../time";

export function customer(over: Partial<Customer> = {}): Customer {
  return {
    id: "c1",
    name: "王芳",
    phone: "",
    gender: null,
    age: null,
    occupation: "",
    incomeBand: null,
    spouse: null,
    children: null,
    needs: [],
    notes: "",
    prospectId: null,
    pending: false,
    ...over,
  };
}

export function activity(over: Partial<Activity> = {}): Activity {
  const occurredAt = over.occurredAt ?? "2026-11-28T10:30:00+08:00";
  const at = Date.parse(occurredAt);
  return {
    id: "a1",
    kind: "visit",
    occurredAt,
    at,
    day: Number.isNaN(at) ? "" : dayIn(at, "Asia/Shanghai"),
    customerId: null,
    prospectId: null,
    outcome: "",
    premium: null,
    nextStep: "",
    notes: "",
    voided: false,
    voidReason: "",
    pending: false,
    ...over,
  };
}

export function prospect(over: Partial<Prospect> = {}): Prospect {
  return {
    id: "p1",
    name: "李总",
    phone: "",
    source: null,
    referrer: "",
    grade: null,
    need: null,
    wealth: null,
    trust: null,
    stage: "new",
    notes: "",
    customerId: null,
    createdAt: "2026-11-01T09:00:00Z",
    pending: false,
    ...over,
  };
}
