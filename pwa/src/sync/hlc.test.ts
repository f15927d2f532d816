import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareStamps, formatStamp, HybridClock, initialClock, MAX_COUNTER, parseStamp, type Stamp } from "./hlc";

const NODE = "b0d5c0de-0000-4000-8000-000000000001";

/** A clock whose time the test sets. */
function fakeNow(start: number) {
  let t = start;
  const now = () => t;
  return { now, set: (v: number) => (t = v) };
}

/** Deterministic pseudo-random numbers (mulberry32), so failures repeat. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("stamp format", () => {
  test("pads wall to 13 digits and counter to 4", () => {
    assert.equal(formatStamp({ wall: 1764312345678, counter: 7, node: NODE }), `1764312345678-0007-${NODE}`);
    assert.equal(formatStamp({ wall: 42, counter: 0, node: "server" }), "0000000000042-0000-server");
  });

  test("parse inverts format", () => {
    const s: Stamp = { wall: 1764312345678, counter: 9999, node: NODE };
    assert.deepEqual(parseStamp(formatStamp(s)), s);
  });

  test("malformed stamps parse to null", () => {
    for (const bad of ["", "x", "176431234567-0000-a", "1764312345678-000-a", "1764312345678-0000-", "1764312345678_0000_a"]) {
      assert.equal(parseStamp(bad), null, bad);
    }
  });

  test("out-of-range parts are refused", () => {
    assert.throws(() => formatStamp({ wall: 1, counter: MAX_COUNTER + 1, node: "a" }), RangeError);
    assert.throws(() => formatStamp({ wall: -1, counter: 0, node: "a" }), RangeError);
    assert.throws(() => formatStamp({ wall: 1e13, counter: 0, node: "a" }), RangeError);
    assert.throws(() => formatStamp({ wall: 1, counter: 0, node: "" }), RangeError);
  });

  test("string order equals (wall, counter, node) order", () => {
    const r = rng(1);
    const pick = (): Stamp => ({
      wall: Math.floor(r() * 3) === 0 ? 1764312345678 : Math.floor(r() * 1e13),
      counter: Math.floor(r() * 3) === 0 ? 5 : Math.floor(r() * (MAX_COUNTER + 1)),
      node: r() < 0.5 ? "a" : "b",
    });
    for (let i = 0; i < 2000; i++) {
      const a = pick();
      const b = pick();
      const want = Math.sign(a.wall - b.wall || a.counter - b.counter || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
      assert.equal(Math.sign(compareStamps(formatStamp(a), formatStamp(b))), want, `${formatStamp(a)} vs ${formatStamp(b)}`);
    }
  });
});

describe("HybridClock", () => {
  test("takes the wall clock when it moves forward", () => {
    const t = fakeNow(1764312345678);
    const c = new HybridClock(NODE, initialClock(), t.now);
    assert.equal(c.tick(), `1764312345678-0000-${NODE}`);
    t.set(1764312345700);
    assert.equal(c.tick(), `1764312345700-0000-${NODE}`);
  });

  test("counts up within one millisecond and when the wall clock goes back", () => {
    const t = fakeNow(1764312345678);
    const c = new HybridClock(NODE, initialClock(), t.now);
    const a = c.tick();
    const b = c.tick();
    t.set(1764312340000); // the phone's clock jumped back
    const d = c.tick();
    assert.equal(b, `1764312345678-0001-${NODE}`);
    assert.equal(d, `1764312345678-0002-${NODE}`);
    assert.ok(compareStamps(a, b) < 0 && compareStamps(b, d) < 0);
  });

  test("a full counter borrows the next millisecond", () => {
    const t = fakeNow(1000);
    const c = new HybridClock(NODE, { ...initialClock(), last: { wall: 1000, counter: MAX_COUNTER } }, t.now);
    assert.equal(c.tick(), `0000000001001-0000-${NODE}`);
  });

  test("advances past every stamp it observes", () => {
    const t = fakeNow(1764312345678);
    const c = new HybridClock(NODE, initialClock(), t.now);
    const seen = `1764312999999-0042-server`;
    c.observe(seen);
    const next = c.tick();
    assert.equal(next, `1764312999999-0043-${NODE}`);
    assert.ok(compareStamps(next, seen) > 0);
    c.observe("1000000000000-0000-old"); // older: no effect
    assert.equal(c.tick(), `1764312999999-0044-${NODE}`);
    c.observe("garbage"); // malformed: ignored
    assert.equal(c.tick(), `1764312999999-0045-${NODE}`);
  });

  test("every stamp is greater than all before, whatever the clock and the stamps seen", () => {
    const r = rng(7);
    const t = fakeNow(1764312345678);
    let c = new HybridClock(NODE, initialClock(), t.now);
    let max = "";
    for (let i = 0; i < 5000; i++) {
      const step = r();
      if (step < 0.3) t.set(t.now() + Math.floor(r() * 50) - 25);
      if (step > 0.8) {
        const s = formatStamp({ wall: t.now() + Math.floor(r() * 2000) - 1000, counter: Math.floor(r() * 10), node: "x" });
        c.observe(s);
        if (compareStamps(s, max) > 0) max = s;
      }
      if (step > 0.95) c = new HybridClock(NODE, c.state, t.now); // a reload
      const s = c.tick();
      assert.ok(compareStamps(s, max) > 0, `${s} after ${max}`);
      max = s;
    }
  });

  test("state survives a reload", () => {
    const t = fakeNow(5000);
    const a = new HybridClock(NODE, initialClock(), t.now);
    a.tick();
    a.tick();
    const b = new HybridClock(NODE, a.state, t.now);
    assert.equal(b.tick(), `0000000005000-0002-${NODE}`);
  });

  test("after clock_skew it takes the server's time and rewinds to what it has seen", () => {
    const server = 1764312345678;
    const t = fakeNow(server + 60 * 60_000); // the phone is an hour ahead
    const c = new HybridClock(NODE, initialClock(), t.now);
    c.observe(`${server - 1000}-0003-server`);
    const skewed = c.tick();
    assert.ok(parseStamp(skewed)!.wall > server + 5 * 60_000);

    c.correct(server, t.now());
    assert.equal(c.state.offset, -60 * 60_000);
    assert.equal(c.tick(), `${server}-0000-${NODE}`);
    t.set(t.now() + 10);
    assert.equal(c.tick(), `${server + 10}-0000-${NODE}`);
  });

  test("correction keeps stamps the caller still needs to beat", () => {
    const server = 1764312345678;
    const t = fakeNow(server - 60 * 60_000); // the phone is an hour behind
    const c = new HybridClock(NODE, initialClock(), t.now);
    const keep = `${server + 1000}-0000-${NODE}`;
    c.correct(server, t.now(), [keep, "garbage"]);
    assert.ok(compareStamps(c.tick(), keep) > 0);
  });

  test("an empty node is refused", () => {
    assert.throws(() => new HybridClock(""), RangeError);
  });
});
