import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  canonicalJSON,
  changeAsVersioned,
  compareWrites,
  erased,
  isDeleted,
  mergeRecords,
  recordVersion,
  type Versioned,
} from "./merge";

const s = (wall: number, counter = 0, node = "a") =>
  `${String(wall).padStart(13, "0")}-${String(counter).padStart(4, "0")}-${node}`;

/** Deterministic pseudo-random numbers (mulberry32), so failures repeat. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random replica drawn from small pools of fields, stamps and values, so
 * that equal stamps with different values (the tie-break) come up often.
 */
function replica(r: () => number): Versioned {
  const names = ["kind", "notes", "outcome", "_deleted", "plan"];
  const stamps = [s(1), s(2), s(2, 0, "b"), s(2, 1), s(3, 0, "server")];
  const values: unknown[] = ["visit", "call", 3, null, true, false, { b: 1, a: [1, 2] }, { a: [1, 2], b: 1 }, ["x"]];
  const v: Versioned = { fields: {}, stamps: {} };
  for (const name of names) {
    if (r() < 0.4) continue;
    v.fields[name] = values[Math.floor(r() * values.length)];
    v.stamps[name] = stamps[Math.floor(r() * stamps.length)]!;
  }
  return v;
}

const same = (a: Versioned, b: Versioned, msg?: string) => assert.equal(canonicalJSON(a), canonicalJSON(b), msg);

describe("mergeRecords", () => {
  test("keeps, field by field, the value with the greater stamp", () => {
    const a: Versioned = { fields: { kind: "visit", notes: "old" }, stamps: { kind: s(5), notes: s(1) } };
    const b: Versioned = { fields: { kind: "call", notes: "new" }, stamps: { kind: s(3), notes: s(4) } };
    assert.deepEqual(mergeRecords(a, b), {
      fields: { kind: "visit", notes: "new" },
      stamps: { kind: s(5), notes: s(4) },
    });
  });

  test("a delete and a concurrent edit of another field both survive", () => {
    const deleted: Versioned = { fields: { _deleted: true, notes: "x" }, stamps: { _deleted: s(10, 0, "a"), notes: s(1) } };
    const edited: Versioned = { fields: { notes: "edited" }, stamps: { notes: s(10, 0, "b") } };
    const m = mergeRecords(deleted, edited);
    assert.equal(isDeleted(m), true);
    assert.equal(m.fields["notes"], "edited");
  });

  test("the counter and then the node break equal wall times", () => {
    const a: Versioned = { fields: { x: 1 }, stamps: { x: s(7, 2, "a") } };
    const b: Versioned = { fields: { x: 2 }, stamps: { x: s(7, 1, "z") } };
    assert.equal(mergeRecords(a, b).fields["x"], 1);
    const c: Versioned = { fields: { x: 3 }, stamps: { x: s(7, 2, "b") } };
    assert.equal(mergeRecords(a, c).fields["x"], 3);
  });

  test("equal stamps are decided by the values' canonical JSON, the same both ways", () => {
    const a: Versioned = { fields: { x: "apple" }, stamps: { x: s(1) } };
    const b: Versioned = { fields: { x: "banana" }, stamps: { x: s(1) } };
    assert.equal(mergeRecords(a, b).fields["x"], "banana");
    assert.equal(mergeRecords(b, a).fields["x"], "banana");
  });

  test("a field without a stamp loses to any stamped write", () => {
    const a: Versioned = { fields: { x: "unstamped" }, stamps: {} };
    const b: Versioned = { fields: { x: "stamped" }, stamps: { x: s(1) } };
    assert.equal(mergeRecords(a, b).fields["x"], "stamped");
    assert.equal(mergeRecords(b, a).fields["x"], "stamped");
  });

  test("does not modify its inputs", () => {
    const a: Versioned = { fields: { x: 1 }, stamps: { x: s(1) } };
    const b: Versioned = { fields: { x: 2, y: 3 }, stamps: { x: s(2), y: s(2) } };
    const before = canonicalJSON([a, b]);
    mergeRecords(a, b);
    assert.equal(canonicalJSON([a, b]), before);
  });

  test("a field named __proto__ stays data and does not change the prototype", () => {
    const a = JSON.parse(`{"fields": {"__proto__": {"polluted": true}}, "stamps": {"__proto__": "${s(1)}"}}`) as Versioned;
    const m = mergeRecords({ fields: {}, stamps: {} }, a);
    assert.equal(Object.getPrototypeOf(m.fields), Object.prototype);
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    assert.deepEqual(Object.keys(m.fields), ["__proto__"]);
  });

  const r = rng(42);
  const cases = Array.from({ length: 500 }, () => [replica(r), replica(r), replica(r)] as const);

  test("is commutative", () => {
    for (const [a, b] of cases) same(mergeRecords(a, b), mergeRecords(b, a), canonicalJSON([a, b]));
  });

  test("is associative", () => {
    for (const [a, b, c] of cases) {
      same(mergeRecords(mergeRecords(a, b), c), mergeRecords(a, mergeRecords(b, c)), canonicalJSON([a, b, c]));
    }
  });

  test("is idempotent", () => {
    for (const [a, b] of cases) {
      same(mergeRecords(a, a), mergeRecords({ fields: {}, stamps: {} }, a));
      const ab = mergeRecords(a, b);
      same(mergeRecords(ab, b), ab);
      same(mergeRecords(ab, ab), ab);
    }
  });

  test("any order of delivery, with duplicates, converges", () => {
    for (const [a, b, c] of cases.slice(0, 100)) {
      const orders = [
        [a, b, c],
        [c, b, a],
        [b, a, c, a],
        [c, c, a, b, b],
      ];
      const results = orders.map((o) => o.reduce((acc, v) => mergeRecords(acc, v), { fields: {}, stamps: {} }));
      for (const res of results.slice(1)) same(res, results[0]!);
    }
  });
});

describe("canonicalJSON", () => {
  test("sorts keys at every depth", () => {
    assert.equal(canonicalJSON({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  test("writes undefined and non-finite numbers as null, like JSON inside arrays", () => {
    assert.equal(canonicalJSON([undefined, NaN, Infinity]), "[null,null,null]");
    assert.equal(canonicalJSON({ a: undefined, b: 1 }), '{"b":1}');
  });
});

describe("helpers", () => {
  test("compareWrites orders by stamp, then by value", () => {
    assert.ok(compareWrites(s(2), "a", s(1), "z") > 0);
    assert.ok(compareWrites(s(1), "a", s(1), "z") < 0);
    assert.equal(compareWrites(s(1), { a: 1, b: 2 }, s(1), { b: 2, a: 1 }), 0);
  });

  test("a change becomes a replica with its stamp on every field", () => {
    assert.deepEqual(changeAsVersioned({ kind: "visit", notes: "n" }, s(9)), {
      fields: { kind: "visit", notes: "n" },
      stamps: { kind: s(9), notes: s(9) },
    });
  });

  test("a record's version is its greatest stamp", () => {
    assert.equal(recordVersion({ fields: { a: 1, b: 2 }, stamps: { a: s(3), b: s(8, 1) } }), s(8, 1));
    assert.equal(recordVersion({ fields: {}, stamps: {} }), "");
  });
});

describe("erased", () => {
  test("keeps only _deleted and its stamp, and never changes its input", () => {
    const v: Versioned = {
      fields: { _deleted: true, name: null, phone: "138", owner_id: "u1" },
      stamps: { _deleted: s(9), name: s(9), phone: s(3), owner_id: s(1) },
    };
    const copy = structuredClone(v);
    assert.deepEqual(erased(v), { fields: { _deleted: true }, stamps: { _deleted: s(9) } });
    assert.deepEqual(v, copy);
  });

  test("an undeleted record pulled again after it takes the server's values", () => {
    const gone = erased({ fields: { _deleted: true, name: "李雷" }, stamps: { _deleted: s(5), name: s(5) } });
    const back: Versioned = { fields: { _deleted: false, name: "李雷" }, stamps: { _deleted: s(8), name: s(5) } };
    assert.deepEqual(mergeRecords(gone, back).fields, { _deleted: false, name: "李雷" });
  });
});
