// Hybrid logical clock stamps, as docs/protocol.md fixes them:
// `WWWWWWWWWWWWW-CCCC-NODE` — 13 digits of wall-clock milliseconds, 4 digits
// of counter and the node id (a client_id, or `server`). The fixed widths make
// plain string order equal stamp order, so stamps are compared as strings.
//
// Pure: no I/O, no globals. The caller persists ClockState (see store.ts) so
// the clock never runs backwards across reloads or between tabs.

const STAMP = /^(\d{13})-(\d{4})-(.+)$/;
const MAX_WALL = 9_999_999_999_999;
export const MAX_COUNTER = 9999;

/** A stamp taken apart. */
export interface Stamp {
  wall: number;
  counter: number;
  node: string;
}

/** A clock position: a stamp without its node. */
export interface Tick {
  wall: number;
  counter: number;
}

/**
 * What a clock needs to survive a reload: the greatest position it issued or
 * observed (`last`), the greatest it observed from others (`seen`, used to
 * rewind after a clock_skew rejection), and the correction added to the
 * device's clock (`offset`, in ms).
 */
export interface ClockState {
  last: Tick;
  seen: Tick;
  offset: number;
}

export function initialClock(): ClockState {
  return { last: { wall: 0, counter: 0 }, seen: { wall: 0, counter: 0 }, offset: 0 };
}

export function formatStamp(s: Stamp): string {
  if (!Number.isInteger(s.wall) || s.wall < 0 || s.wall > MAX_WALL) {
    throw new RangeError(`hlc: wall ${s.wall} out of range`);
  }
  if (!Number.isInteger(s.counter) || s.counter < 0 || s.counter > MAX_COUNTER) {
    throw new RangeError(`hlc: counter ${s.counter} out of range`);
  }
  if (s.node === "") throw new RangeError("hlc: empty node");
  return `${String(s.wall).padStart(13, "0")}-${String(s.counter).padStart(4, "0")}-${s.node}`;
}

/** Parses a stamp; null when it is malformed. */
export function parseStamp(stamp: string): Stamp | null {
  const m = STAMP.exec(stamp);
  if (!m) return null;
  return { wall: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

/** Orders stamps: negative, zero or positive as a is before, equal to or after b. */
export function compareStamps(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareTicks(a: Tick, b: Tick): number {
  return a.wall - b.wall || a.counter - b.counter;
}

function maxTick(a: Tick, b: Tick): Tick {
  return compareTicks(a, b) >= 0 ? a : b;
}

/**
 * A hybrid logical clock for one node. Every stamp it issues is greater than
 * every stamp it issued or observed before, so a device's later edits win
 * over whatever it has already seen, even when its wall clock is behind.
 */
export class HybridClock {
  private last: Tick;
  private seen: Tick;
  private offset: number;

  constructor(
    readonly node: string,
    state: ClockState = initialClock(),
    private readonly now: () => number = Date.now,
  ) {
    if (node === "") throw new RangeError("hlc: empty node");
    this.last = { ...state.last };
    this.seen = { ...state.seen };
    this.offset = state.offset;
  }

  /** The state to persist. */
  get state(): ClockState {
    return { last: { ...this.last }, seen: { ...this.seen }, offset: this.offset };
  }

  /** The corrected physical time in ms. */
  physical(): number {
    return Math.floor(this.now() + this.offset);
  }

  /** Issues a new stamp, greater than any before. */
  tick(): string {
    const pt = this.physical();
    if (pt > this.last.wall) {
      this.last = { wall: pt, counter: 0 };
    } else if (this.last.counter < MAX_COUNTER) {
      this.last = { wall: this.last.wall, counter: this.last.counter + 1 };
    } else {
      // The counter is full: borrow the next millisecond rather than widen
      // the fixed-width format.
      this.last = { wall: this.last.wall + 1, counter: 0 };
    }
    return formatStamp({ ...this.last, node: this.node });
  }

  /** Advances the clock past a stamp seen elsewhere. Malformed stamps are ignored. */
  observe(stamp: string): void {
    const s = parseStamp(stamp);
    if (!s) return;
    const t = { wall: s.wall, counter: s.counter };
    this.last = maxTick(this.last, t);
    this.seen = maxTick(this.seen, t);
  }

  /**
   * Corrects the clock after the server rejected a stamp as `clock_skew`.
   * `serverTime` is the server's clock and `localTime` the device's clock at
   * (about) the same moment. The stamps this device issued from its wrong
   * clock never reached the server, so the clock rewinds to the greatest stamp
   * it has seen from others, or any stamp in `keep` (its still-unsent changes
   * that the server will accept), and takes its time from the server's.
   */
  correct(serverTime: number, localTime: number, keep: Iterable<string> = []): void {
    this.offset = serverTime - localTime;
    let floor = this.seen;
    for (const k of keep) {
      const s = parseStamp(k);
      if (s) floor = maxTick(floor, { wall: s.wall, counter: s.counter });
    }
    this.last = floor;
  }
}
