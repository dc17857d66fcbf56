/**
 * The one seam through which the loop reads time and arms its wake-up timer. The system clock uses
 * `performance.now()` and Node's timers; a `VirtualClock` lets tests run sleeps and timeouts
 * instantly, yet never jumps over real work: it moves time to the next timer only once the loop
 * is idle, no real work holds time, Node has had a full quiet turn, and (optionally) the loop has
 * been idle in real time for a threshold.
 */
import { ValueError } from "@asyncio/futures";
import { cancelHostTurn, describe, scheduleHostTurn } from "@asyncio/futures/contract";

/**
 * Where an event loop reads the time and arms its wake-up timer (`new EventLoop({ clock })`):
 * `systemClock` for real time, `VirtualClock` for tests, or a plugin's own.
 */
export interface Clock {
  /** Monotonic time in seconds. */
  now(): number;
  /** Calls `callback` once, `delay` seconds from now; the returned token goes to `clearTimer`. */
  setTimer(callback: () => void, delay: number): unknown;
  /** Cancels a timer `setTimer` returned, if it hasn't fired. */
  clearTimer(timer: unknown): void;
  /**
   * Optional, for clocks that decide themselves when time moves (a virtual clock). The loop calls
   * it once, when it is built, with a view of its activity, and from then on counts the real work
   * in flight (the loop's `_realWork` registry); it calls the returned function whenever real work
   * ends or may have stopped holding time. A clock without this method gets no such bookkeeping,
   * so the system clock costs nothing.
   */
  observeLoop?(loop: ObservedLoop): () => void;
}

/** What a loop shows the clock that observes it (see `Clock.observeLoop`). */
export interface ObservedLoop {
  /** How many iterations the loop has run; unchanged across a Node turn, the loop was idle. */
  iterations(): number;
  /** Whether real work in flight holds time now. */
  isHeld(): boolean;
  /** A description of each piece of real work that holds time now. */
  heldBy(): string[];
  isClosed(): boolean;
}

/**
 * The longest delay `setTimeout` takes (about 24.8 days); a longer one fires after 1 ms with a
 * warning. The loop re-arms its timer whenever it wakes early, so capping is enough.
 */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Real time: `performance.now()` and `setTimeout`, which keeps the process alive as timers do. */
export const systemClock: Clock = {
  now: () => performance.now() / 1000,
  setTimer: (callback, delay) =>
    setTimeout(callback, Math.min(MAX_TIMEOUT_MS, Math.max(0, Math.ceil(delay * 1000)))),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** Options of `new VirtualClock(...)`: where time starts, and how idle the loop must be before it jumps. */
export interface VirtualClockOptions {
  /** The loop time the clock starts at, in seconds (default 0). */
  start?: number;
  /**
   * How long, in real seconds, the loop must have been idle before virtual time jumps (default 0).
   * Raise it when a test waits on something the loop cannot see: a foreign Promise, a protocol's
   * `dataReceived`, a datagram, a timer of code outside the loop (trio's `autojump_threshold`).
   */
  autojumpThreshold?: number;
}

const OPTION_NAMES = new Set(["start", "autojumpThreshold"]);

/** An armed virtual timer. */
interface VirtualTimer {
  readonly target: number;
  readonly callback: () => void;
  /** The order timers were armed in, which breaks ties between equal targets. */
  readonly order: number;
}

/** What the clock is waiting for before it may jump. */
const NOTHING = 0;
/** The next immediate: counting quiet Node turns. */
const TURN = 1;
/** A real timer: the rest of `autojumpThreshold`. */
const THRESHOLD = 2;
/** Real work holds time: the loop will say when it ends. */
const HELD = 3;
type Waiting = typeof NOTHING | typeof TURN | typeof THRESHOLD | typeof HELD;

/** Two immediates with no loop iteration between them: a whole Node turn, poll phase included. */
const QUIET_IMMEDIATES = 2;

function checkSeconds(value: unknown, what: string): number {
  if (typeof value !== "number") {
    throw new TypeError(`${what} must be a number of seconds, got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new ValueError(`${what} must be a finite number of seconds, got ${describe(value)}`);
  }
  return value;
}

function checkOptions(options: unknown): { start: number; autojumpThreshold: number } {
  if (options === undefined) return { start: 0, autojumpThreshold: 0 };
  if (typeof options === "number") {
    return { start: checkSeconds(options, "VirtualClock() start"), autojumpThreshold: 0 };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `VirtualClock() options must be an object or a start time, got ${describe(options)}`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new TypeError(`VirtualClock() got an unknown option ${describe(name)}`);
    }
  }
  const { start, autojumpThreshold } = options as VirtualClockOptions;
  const threshold =
    autojumpThreshold === undefined
      ? 0
      : checkSeconds(autojumpThreshold, "VirtualClock() autojumpThreshold");
  if (threshold < 0) {
    throw new ValueError(
      `VirtualClock() autojumpThreshold must not be negative, got ${describe(autojumpThreshold)}`,
    );
  }
  return {
    start: start === undefined ? 0 : checkSeconds(start, "VirtualClock() start"),
    autojumpThreshold: threshold,
  };
}

/**
 * Virtual time for tests, in the manner of trio's `MockClock(autojump_threshold=...)`: time starts
 * at `start` and moves only by `advance()` or by a jump to the next timer. The loop jumps only
 * when all of these hold:
 *
 *   1. the loop is idle: nothing is ready to run;
 *   2. no real work holds time — an executor call (`toThread`), name resolution, a connection
 *      being made, a TLS handshake, bytes not yet handed to the kernel, a read waiting on a peer
 *      outside the loop, a child process being waited on, a Promise marked with `realWork()`;
 *   3. Node has had a whole quiet turn (a poll phase that woke nothing in the loop), so that bytes
 *      in flight between two connections of the same loop arrive before time moves;
 *   4. the loop has been idle in real time for `autojumpThreshold` seconds (0 by default).
 *
 * Held work holds time for as long as it lasts: a test that waits on work that never ends shows
 * as a test timeout, and `heldBy()` says what held time.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const loop = new EventLoop({ clock });
 * await loop.runUntilComplete(sleep(3600)); // returns at once; loop.time() is 3600
 * ```
 */
export class VirtualClock implements Clock {
  private time: number;
  /** Real seconds the loop must have been idle before a jump. */
  readonly autojumpThreshold: number;
  private loop: ObservedLoop | null = null;
  private readonly timers = new Map<number, VirtualTimer>();
  private nextToken = 1;
  private waiting: Waiting = NOTHING;
  private immediate: unknown = null;
  private thresholdTimer: ReturnType<typeof setTimeout> | null = null;
  /** The loop's iteration count when last seen, and how many immediates saw it unchanged. */
  private seenIterations = 0;
  private quietImmediates = 0;
  /** When (real milliseconds) the loop was last seen active. */
  private activeAt = 0;

  constructor(options?: VirtualClockOptions | number) {
    const checked = checkOptions(options);
    this.time = checked.start;
    this.autojumpThreshold = checked.autojumpThreshold;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delay: number): unknown {
    const token = this.nextToken++;
    const target = this.time + Math.max(0, delay);
    this.timers.set(token, { target, callback, order: token });
    this.watch();
    return token;
  }

  clearTimer(timer: unknown): void {
    if (this.timers.delete(timer as number) && this.timers.size === 0) this.stopWatching();
  }

  /** Moves time forward by `seconds`; timers whose time has come fire on Node's next turn. */
  advance(seconds: number): void {
    checkSeconds(seconds, "advance() seconds");
    if (seconds < 0) {
      throw new ValueError(`advance() seconds must not be negative, got ${describe(seconds)}`);
    }
    this.time += seconds;
    if (this.timers.size > 0) this.watch();
  }

  /**
   * What holds virtual time now: a description of each piece of real work in flight that the loop
   * waits for (empty when nothing does).
   *
   * @example
   * ```ts
   * clock.heldBy(); // ["executor call slow()"]
   * ```
   */
  heldBy(): string[] {
    return this.loop === null ? [] : this.loop.heldBy();
  }

  /**
   * Called by the loop this clock is given to (see `Clock.observeLoop`). One clock serves one
   * loop at a time: a clock whose loop is still open can't be given to another.
   */
  observeLoop(loop: ObservedLoop): () => void {
    if (this.loop !== null && this.loop !== loop && !this.loop.isClosed()) {
      throw new ValueError("this VirtualClock is already the clock of an open event loop");
    }
    this.loop = loop;
    return this.realWorkChanged;
  }

  /** Real work ended (or may hold no longer): if it was what held time, look again. */
  private readonly realWorkChanged = (): void => {
    if (this.waiting === HELD) this.watch();
  };

  // ----- deciding when to jump -----

  /** (Re)starts the watch for a moment to fire timers: the loop was just active. */
  private watch(): void {
    this.stopWatching();
    if (this.timers.size === 0) return;
    this.seenIterations = this.loop === null ? 0 : this.loop.iterations();
    this.quietImmediates = 0;
    this.activeAt = performance.now();
    this.waitForImmediate();
  }

  private stopWatching(): void {
    if (this.immediate !== null) {
      cancelHostTurn(this.immediate);
      this.immediate = null;
    }
    if (this.thresholdTimer !== null) {
      clearTimeout(this.thresholdTimer);
      this.thresholdTimer = null;
    }
    this.waiting = NOTHING;
  }

  private waitForImmediate(): void {
    this.waiting = TURN;
    this.immediate = scheduleHostTurn(this.onImmediate);
  }

  /** Whether the loop ran since last seen (then it counts as just active). */
  private loopRan(): boolean {
    const iterations = this.loop === null ? 0 : this.loop.iterations();
    if (iterations === this.seenIterations) return false;
    this.seenIterations = iterations;
    this.quietImmediates = 0;
    this.activeAt = performance.now();
    return true;
  }

  private readonly onImmediate = (): void => {
    this.immediate = null;
    this.waiting = NOTHING;
    if (this.timers.size === 0) return;
    if (this.fireDue()) return;
    if (this.loopRan() || ++this.quietImmediates < QUIET_IMMEDIATES) {
      this.waitForImmediate();
      return;
    }
    this.quietTurnPassed();
  };

  /** The loop stayed idle for a whole Node turn. */
  private quietTurnPassed(): void {
    if (this.loop?.isHeld()) {
      this.waiting = HELD;
      return;
    }
    const wait = this.autojumpThreshold * 1000 - (performance.now() - this.activeAt);
    if (wait > 0) {
      this.waiting = THRESHOLD;
      this.thresholdTimer = setTimeout(this.onThreshold, Math.ceil(wait));
      return;
    }
    this.jump();
  }

  private readonly onThreshold = (): void => {
    this.thresholdTimer = null;
    this.waiting = NOTHING;
    if (this.timers.size === 0) return;
    if (this.fireDue()) return;
    if (this.loopRan()) {
      this.waitForImmediate();
      return;
    }
    this.quietTurnPassed();
  };

  /** Moves time to the earliest timer and fires every timer due then. */
  private jump(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const timer of this.timers.values()) if (timer.target < earliest) earliest = timer.target;
    if (earliest > this.time) this.time = earliest;
    this.fireDue();
  }

  /** Fires the timers whose time has come, in order; returns whether any fired. */
  private fireDue(): boolean {
    const due: [number, VirtualTimer][] = [];
    for (const entry of this.timers) if (entry[1].target <= this.time) due.push(entry);
    if (due.length === 0) return false;
    due.sort(([, a], [, b]) => a.target - b.target || a.order - b.order);
    for (const [token] of due) this.timers.delete(token);
    for (const [, timer] of due) timer.callback();
    if (this.timers.size > 0) this.watch();
    return true;
  }
}
