/**
 * The scheduler: the part of the event loop that decides what runs when — CPython's `_run_once`,
 * driven from Node's own event loop.
 *
 * One iteration:
 *   1. Drop cancelled timers from the head of the heap (or rebuild the heap without them once more
 *      than 100 timers are scheduled and more than half are cancelled).
 *   2. Move every timer whose deadline has come to the end of the ready queue, in deadline order.
 *   3. Run exactly the handles that are ready now, in order, skipping cancelled ones. What they
 *      schedule waits for the next iteration.
 *   4. If `stop()` was called, the loop stops here.
 * Iterations run back to back while work is ready; after `TURN_BUDGET_MS` of running, the
 * scheduler yields to Node (a `setImmediate`) so that I/O and timers are never starved. With
 * nothing ready it arms one Node timer for the earliest deadline (none without timers) and
 * returns: an idle loop costs no CPU.
 *
 * The life of a task step:
 *   1. A handle resumes a task (its first step, or the Future it awaited is done) and the task
 *      calls `beginStep`. The scheduler stops running handles: native `await` resumes the task's
 *      code in microtasks, after the current JavaScript stack, and CPython runs a task's whole
 *      step inside the one handle.
 *   2. The task's code runs until it awaits one of our awaitables or finishes; it calls `endStep`
 *      and the scheduler goes on with the next handle right there, inside that microtask. It
 *      goes on in the task's frame, which saves a frame switch; the first handle that runs user
 *      code switches to a clean frame.
 *   3. If the task awaits something foreign instead, no `endStep` comes. The `setImmediate` armed
 *      in step 1 fires once every microtask has run: the scheduler tells the task that it waits
 *      on something foreign (`_waitingOnForeign`, where a pending cancellation detaches that code)
 *      and goes on.
 *
 * The entry points, by the Node queue they ride:
 *   - `wakeInMicrotask` (`queueMicrotask`): work arrived while the loop was idle — a Node
 *     callback, a worker's message — and runs right after the code that scheduled it.
 *   - `turnOnImmediate` (`setImmediate`): the loop's start, the return after yielding to Node, and
 *     the fallback of a task step that never suspended on one of ours.
 *   - `wakeOnTimer` (a Node timer, through the `Clock`): the earliest deadline came.
 *   - `endStep` (the stepping task's own microtask): the task suspended on one of ours, or ended.
 */

import { isExitError } from "@asyncio/futures";
import {
  type BaseHandle,
  executionFrames,
  type FrameScope,
  NO_FRAME,
  type SteppingTask,
  scheduleHostTurn,
} from "@asyncio/futures/contract";
import type { Clock } from "./clock.js";
import { publishIteration, publishing, refreshPublishing } from "./diagnostics/channels.js";
import { ReadyQueue } from "./internal/ready-queue.js";
import { TimerHeap } from "./internal/timer-heap.js";
import type { TimerHandle } from "./timer-handle.js";

/** How long the loop may run before it lets Node's own event loop turn (milliseconds). */
const TURN_BUDGET_MS = 4;
/** How deep clean-frame scopes may nest before the stack unwinds to the first (see `continueInCleanFrame`). */
const MAX_CLEAN_DEPTH = 32;
/** CPython's thresholds for rebuilding the timer heap without its cancelled timers. */
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

/** What the scheduler needs of its loop. */
export interface SchedulerHost {
  getDebug(): boolean;
  /** Debug mode: `what` (a handle or a task's step) ran for `seconds`. */
  _reportDuration(what: unknown, seconds: number): void;
  /** A `KeyboardInterrupt` or `SystemExit` escaped a handle. */
  _fatalError(error: unknown): void;
  /** `stop()` was called and the iteration is over. */
  _stopped(): void;
}

/** Whether the execution frame follows awaits by itself (see `endStep`). */
const followsAwaits = executionFrames.carrier !== "loop-steps";

/** Which Node queue will call the scheduler next, if any. */
const NOTHING_ARMED = 0;
const MICROTASK_ARMED = 1;
const IMMEDIATE_ARMED = 2;
type Armed = typeof NOTHING_ARMED | typeof MICROTASK_ARMED | typeof IMMEDIATE_ARMED;

export class Scheduler {
  private readonly host: SchedulerHost;
  private readonly clock: Clock;
  private readonly ready = new ReadyQueue();
  private readonly timers = new TimerHeap();
  private cancelledTimers = 0;

  /** Between `start()` and `halt()`. */
  private active = false;
  /** `stop()` was called: end after the current iteration. */
  private stopping = false;
  /** Inside `drive` (handles are being run). */
  private driving = false;
  private armed: Armed = NOTHING_ARMED;
  /** Handles of the current iteration not run yet; -1 between iterations. */
  private batchLeft = -1;
  /** The task a handle resumed; no other handle runs until it suspends (`endStep`). */
  private steppingTask: SteppingTask | null = null;
  private stepStartedAt = 0;
  /**
   * Whether the scheduler may be running in a task's frame (it went on after a task's step, or a
   * first step entered its task's frame): the next handle that runs user code switches first.
   */
  private inTaskFrame = false;
  /**
   * A clean frame to run user code in: entered by reference, so a switch costs no allocation (an
   * `AsyncLocalStorage.run` copies the frame's map twice on Node 24 and later).
   */
  private cleanFrame: FrameScope | null = null;
  /** How many clean-frame scopes are nested on the stack (`continueInCleanFrame`). */
  private cleanDepth = 0;
  /** The handle the innermost scope left to the outermost one, when the nesting got too deep. */
  private unwoundHandle: BaseHandle | null = null;
  private turnDeadline = 0;
  private iterations = 0;
  /** The Node timer armed for the earliest deadline, and that deadline. */
  private clockTimer: unknown = null;
  private clockTimerAt = Number.POSITIVE_INFINITY;

  constructor(host: SchedulerHost, clock: Clock) {
    this.host = host;
    this.clock = clock;
  }

  // ----- what the loop and its clock may ask -----

  /** How many iterations have run (a virtual clock watches it to see the loop idle). */
  iterationCount(): number {
    return this.iterations;
  }

  /** How many handles wait in the ready queue. */
  readyCount(): number {
    return this.ready.length;
  }

  // ----- what the loop hands in -----

  /** Appends `handle` to the ready queue. */
  enqueue(handle: BaseHandle): void {
    this.ready.push(handle);
    this.wakeIfIdle();
  }

  /** Adds `timer` to the heap. */
  schedule(timer: TimerHandle): void {
    timer._scheduled = true;
    this.timers.push(timer);
    if (timer._when < this.clockTimerAt) this.wakeIfIdle();
  }

  /** A scheduled timer was cancelled (it stays in the heap until purged). */
  timerCancelled(): void {
    this.cancelledTimers++;
    // Cancelled by Node code while the loop sleeps on its clock timer: take one turn so the clock
    // timer is re-armed for the next live deadline, or dropped, instead of keeping Node alive.
    if (this.clockTimer !== null) this.wakeIfIdle();
  }

  /** The loop starts running: its first iteration comes on Node's next turn. */
  start(): void {
    this.active = true;
    this.cleanFrame ??= executionFrames.scope(NO_FRAME);
    this.armImmediate();
  }

  /** Ends the loop after the current iteration (or at once, when idle). */
  requestStop(): void {
    this.stopping = true;
    this.wakeIfIdle();
  }

  /** The loop stopped (or a fatal error ended it): forget the iteration, disarm the timer. */
  halt(): void {
    this.active = false;
    this.stopping = false;
    this.batchLeft = -1;
    this.steppingTask = null;
    this.disarmClockTimer();
  }

  /** Drops every pending handle and timer (the loop closes). */
  clear(): void {
    this.ready.clear();
    this.timers.clear();
    this.cancelledTimers = 0;
    this.disarmClockTimer();
  }

  // ----- task steps -----

  /** The task whose step runs now, if any. */
  get currentStep(): SteppingTask | null {
    return this.steppingTask;
  }

  /**
   * A handle run by the scheduler resumed `task`: wait for it to suspend before going on. Returns
   * whether the step was taken: the task may then leave its frame entered, since the next handle
   * that runs user code switches to a clean one anyway.
   */
  beginStep(task: SteppingTask): boolean {
    // An eager task started inside another task's step (or by code outside the loop) doesn't
    // take over.
    if (this.steppingTask !== null || !this.driving) return false;
    this.steppingTask = task;
    this.inTaskFrame = true;
    if (this.host.getDebug()) this.stepStartedAt = this.clock.now();
    return true;
  }

  /** `task` awaits one of our awaitables again, or has finished. */
  endStep(task: SteppingTask): void {
    if (task !== this.steppingTask) return;
    this.steppingTask = null;
    if (this.host.getDebug()) this.reportIfSlow(task, this.stepStartedAt);
    if (!this.driving && this.active && followsAwaits) {
      // Go on inside the task's frame: switching frames costs (a lot on Node 24); the first
      // handle that runs user code switches to a clean frame (`runInCleanFrame`). Where the
      // frame is only the loop's step (`"loop-steps"`), the task's microtasks still queued must
      // run in its frame before another step begins: the host turn armed for the step goes on.
      this.inTaskFrame = true;
      this.drive();
    }
  }

  // ----- the entry points -----

  private armImmediate(): void {
    this.armed = IMMEDIATE_ARMED;
    scheduleHostTurn(this.turnOnImmediate);
  }

  /**
   * New work while the loop sleeps (a callback from Node, a worker's message): run it in a
   * microtask right after the code that scheduled it, rather than a whole Node turn later.
   */
  private wakeIfIdle(): void {
    if (
      this.active &&
      !this.driving &&
      this.armed === NOTHING_ARMED &&
      this.steppingTask === null
    ) {
      this.armed = MICROTASK_ARMED;
      queueMicrotask(this.wakeInMicrotask);
    }
  }

  private readonly wakeInMicrotask = (): void => {
    if (this.armed === MICROTASK_ARMED) this.armed = NOTHING_ARMED;
    if (!this.active || this.driving || this.armed !== NOTHING_ARMED || this.steppingTask !== null)
      return;
    this.enterTurn();
  };

  /** Node gave us a turn: if the task we waited for hasn't suspended, it waits on something foreign. */
  private readonly turnOnImmediate = (): void => {
    this.armed = NOTHING_ARMED;
    if (!this.active) return;
    const blocked = this.steppingTask;
    this.steppingTask = null;
    blocked?._waitingOnForeign();
    this.enterTurn();
  };

  private readonly wakeOnTimer = (): void => {
    this.clockTimer = null;
    this.clockTimerAt = Number.POSITIVE_INFINITY;
    if (this.armed !== IMMEDIATE_ARMED) this.turnOnImmediate();
  };

  /** Starts a turn of the loop from Node's side: a fresh budget, in a clean frame. */
  private enterTurn(): void {
    this.turnDeadline = performance.now() + TURN_BUDGET_MS;
    this.inTaskFrame = false;
    // Subscribers to the `diagnostics_channel` events are looked for once per turn.
    refreshPublishing();
    executionFrames.leaveSteps();
    (this.cleanFrame as FrameScope).run(this.drive, undefined);
  }

  // ----- running iterations -----

  private readonly drive = (): void => {
    if (this.driving) return;
    this.driving = true;
    try {
      for (;;) {
        if (this.batchLeft < 0) {
          // Reading the clock costs more than an iteration; look at it every few iterations.
          if ((++this.iterations & 15) === 0 && performance.now() > this.turnDeadline) {
            // Let Node run I/O and timers; `turnOnImmediate` brings us back.
            if (this.armed !== IMMEDIATE_ARMED) this.armImmediate();
            return;
          }
          const ready = this.prepareIteration();
          if (ready === 0 && !this.stopping) {
            this.sleepUntilNextTimer();
            return;
          }
          if (publishing.iterations) publishIteration(this.host, ready);
          this.batchLeft = ready;
        }
        while (this.batchLeft > 0) {
          const handle = this.ready.shift();
          this.batchLeft--;
          if (handle._cancelled) continue;
          if (this.inTaskFrame && handle._needsCleanFrame()) {
            // User code must not see the finished step's frame: go on in a clean one.
            this.continueInCleanFrame(handle);
            return;
          }
          this.runHandle(handle);
          if (!this.active) return;
          if (this.steppingTask !== null) {
            // Resume when the task suspends (`endStep`), or on Node's next turn if it never does.
            if (this.armed !== IMMEDIATE_ARMED) this.armImmediate();
            return;
          }
        }
        this.batchLeft = -1;
        if (this.stopping) {
          this.host._stopped();
          return;
        }
      }
    } catch (error) {
      if (isExitError(error)) this.host._fatalError(error);
      else throw error;
    } finally {
      this.driving = false;
    }
  };

  /**
   * Runs `handle` and the rest of the iteration in the clean frame. Each switch nests a scope (the
   * frame a task's first step entered can only be left by unwinding), so past a depth the
   * innermost unwinds instead and the outermost enters a fresh scope: the stack stays bounded
   * however many first steps one iteration takes.
   */
  private continueInCleanFrame(handle: BaseHandle): void {
    if (this.cleanDepth >= MAX_CLEAN_DEPTH) {
      this.unwoundHandle = handle;
      return;
    }
    let next: BaseHandle | null = handle;
    do {
      this.unwoundHandle = null;
      this.inTaskFrame = false;
      this.driving = false;
      this.cleanDepth++;
      try {
        (this.cleanFrame as FrameScope).run(this.runInCleanFrame, next);
      } finally {
        this.cleanDepth--;
      }
      next = this.unwoundHandle;
    } while (next !== null && this.cleanDepth === 0);
  }

  /** Runs `handle` (in the clean frame just entered), then goes on with the iteration. */
  private readonly runInCleanFrame = (handle: BaseHandle): void => {
    this.driving = true;
    try {
      this.runHandle(handle);
    } catch (error) {
      this.driving = false;
      if (isExitError(error)) {
        this.host._fatalError(error);
        return;
      }
      throw error;
    }
    this.driving = false;
    if (!this.active) return;
    if (this.steppingTask !== null) {
      if (this.armed !== IMMEDIATE_ARMED) this.armImmediate();
      return;
    }
    this.drive();
  };

  private runHandle(handle: BaseHandle): void {
    if (!this.host.getDebug()) {
      handle._run();
      return;
    }
    const started = this.clock.now();
    handle._run();
    if (this.steppingTask === null) this.reportIfSlow(handle, started);
  }

  private reportIfSlow(what: unknown, started: number): void {
    this.host._reportDuration(what, this.clock.now() - started);
  }

  /** Steps 1 and 2 of an iteration; returns how many handles it runs. */
  private prepareIteration(): number {
    const timers = this.timers;
    if (timers.size > 0) {
      if (
        timers.size > MIN_SCHEDULED_TIMER_HANDLES &&
        this.cancelledTimers > timers.size * MIN_CANCELLED_TIMER_HANDLES_FRACTION
      ) {
        timers.removeCancelled();
        this.cancelledTimers = 0;
      } else {
        let top = timers.peek();
        while (top?._cancelled) {
          timers.pop();
          top._scheduled = false;
          this.cancelledTimers--;
          top = timers.peek();
        }
      }
      let top = timers.peek();
      if (top !== undefined) {
        const now = this.clock.now();
        while (top !== undefined && top._when <= now) {
          timers.pop();
          top._scheduled = false;
          this.ready.push(top);
          top = timers.peek();
        }
      }
    }
    return this.ready.length;
  }

  /** Nothing is ready: sleep until the earliest timer (or until new work wakes us). */
  private sleepUntilNextTimer(): void {
    const next = this.timers.peek();
    if (next === undefined) {
      this.disarmClockTimer();
      return;
    }
    if (next._when === this.clockTimerAt) return;
    this.disarmClockTimer();
    this.clockTimerAt = next._when;
    this.clockTimer = this.clock.setTimer(this.wakeOnTimer, next._when - this.clock.now());
  }

  private disarmClockTimer(): void {
    if (this.clockTimer !== null) {
      this.clock.clearTimer(this.clockTimer);
      this.clockTimer = null;
    }
    this.clockTimerAt = Number.POSITIVE_INFINITY;
  }
}
