/**
 * The smallest event loop that honours `EventLoopContract`, written to be read rather than to be
 * fast. The Future tests here and the Task tests of `@asyncio/tasks` run on it, so those packages
 * are tested without `@asyncio/core` — and the contract is shown to have a second implementation.
 *
 * Time is virtual: it starts at 0 and, when nothing is ready, jumps to the next timer, so sleeps
 * and timeouts take no real time. One iteration, as in CPython's `_run_once`:
 *
 *   1. Move every timer that is due to the ready queue, earliest first.
 *   2. Run the handles that are ready now, in order; what they schedule waits for the next
 *      iteration.
 *   3. When a handle resumes a task (`_beginStep`), wait for that task's step to end — it awaits
 *      one of our awaitables again or finishes (`_endStep`) — before running the next handle. A
 *      step that is still going after a turn of Node's event loop waits on a foreign Promise: tell
 *      the task (`_waitingOnForeign`) and go on.
 *
 * When nothing is ready, the loop first lets Node take a turn (foreign Promises and I/O may
 * schedule work), then jumps to the earliest timer, or sleeps until something is scheduled.
 */
import {
  type Context,
  copyContext,
  type EventLoopContract,
  type ExceptionContext,
  Future,
  Handle,
  isExitError,
  RuntimeError,
} from "@asyncio/futures";
import {
  cancelHostTurn,
  contextVarsInUse,
  executionFrames,
  type LoopResource,
  reportUnretrievedOf,
  type SteppingTask,
  scheduleHostTurn,
  setRunningLoop,
  type TimerHandleContract,
} from "@asyncio/futures/contract";

type Callback = (...args: never[]) => unknown;

function runHandle(handle: Handle): void {
  handle._run();
}

/** A callback for a loop time: `callLater` and `callAt` return it. */
export class ContractTimerHandle extends Handle implements TimerHandleContract {
  readonly #when: number;
  /** Ties between equal deadlines go to the timer scheduled first. */
  readonly order: number;

  constructor(
    when: number,
    order: number,
    callback: Callback,
    args: unknown[],
    loop: ContractLoop,
    context: Context | null,
  ) {
    super(callback, args, loop, context);
    this.#when = when;
    this.order = order;
  }

  when(): number {
    return this.#when;
  }
}

/** The context a callback captures: a copy of the current one, once context variables are in use. */
function capturedContext(): Context | null {
  return contextVarsInUse() ? copyContext() : null;
}

/** Resolves after Node's event loop has taken a turn (its I/O and timers ran). */
function nodeTurn(): Promise<void> {
  return new Promise((resolve) => scheduleHostTurn(resolve));
}

/**
 * Whether the execution frame follows awaits by itself. Where it is only the loop's step
 * (`"loop-steps"`, a browser), a step is over only once the host took a turn: the task's
 * microtasks still queued when it suspended run in its frame until then.
 */
const followsAwaits = executionFrames.carrier !== "loop-steps";

export class ContractLoop implements EventLoopContract {
  /** Everything that reached the exception handler, in order. */
  readonly reported: ExceptionContext[] = [];
  #now = 0;
  #ready: Handle[] = [];
  #timers: ContractTimerHandle[] = [];
  #timersScheduled = 0;
  #resources = new Set<LoopResource>();
  #running = false;
  #closed = false;
  #stopping = false;
  /** A `KeyboardInterrupt`/`SystemExit` that ends the run, as it escapes Python's loop. */
  #fatal: { error: unknown } | null = null;
  /** Whether a handle is running right now: only a handle starts a task step. */
  #inHandle = false;
  #steppingTask: SteppingTask | null = null;
  /** Called when the stepping task's step ends, or when something needs the idle loop. */
  #wake: (() => void) | null = null;

  // ----- the contract -----

  time(): number {
    return this.#now;
  }

  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): Handle {
    this.#checkOpen();
    const handle = new Handle(callback as Callback, args, this, capturedContext());
    this._enqueue(handle);
    return handle;
  }

  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): ContractTimerHandle {
    return this.callAt(this.#now + delay, callback, ...args);
  }

  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): ContractTimerHandle {
    this.#checkOpen();
    const timer = new ContractTimerHandle(
      when,
      this.#timersScheduled++,
      callback as Callback,
      args,
      this,
      capturedContext(),
    );
    this.#timers.push(timer);
    this.#wakeUp();
    return timer;
  }

  callExceptionHandler(context: ExceptionContext): void {
    this.reported.push(context);
  }

  getDebug(): boolean {
    return false;
  }

  isRunning(): boolean {
    return this.#running;
  }

  isClosed(): boolean {
    return this.#closed;
  }

  _fatalError(error: unknown): void {
    if (this.#running && this.#fatal === null) this.#fatal = { error };
    this.#wakeUp();
  }

  _addResource(resource: LoopResource): void {
    this.#resources.add(resource);
  }

  _removeResource(resource: LoopResource): void {
    this.#resources.delete(resource);
  }

  _enqueue(handle: Handle): void {
    this.#ready.push(handle);
    this.#wakeUp();
  }

  _beginStep(task: SteppingTask): void {
    if (this.#inHandle && this.#steppingTask === null) this.#steppingTask = task;
  }

  _endStep(task: SteppingTask): void {
    if (task !== this.#steppingTask) return;
    this.#steppingTask = null;
    this.#wakeUp();
  }

  // ----- driving the loop from a test -----

  /** A new Future on this loop. */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /** Runs the loop until `future` is done and returns its result (or throws its error). */
  async runUntilComplete<T>(future: Future<T>): Promise<T> {
    // Set by a done callback, as CPython's loop stops: the iteration that runs it finishes first.
    let done = false;
    const markDone = (): void => {
      done = true;
    };
    future.addDoneCallback(markDone);
    try {
      await this.#run(() => done);
    } finally {
      future.removeDoneCallback(markDone);
    }
    if (!future.done()) throw new RuntimeError("Event loop stopped before Future completed.");
    return future.result();
  }

  /** Runs iterations until `stop()` is called; the current iteration finishes first. */
  async runForever(): Promise<void> {
    await this.#run(() => false);
  }

  /** Stops the loop once the current iteration has finished. */
  stop(): void {
    this.#stopping = true;
    this.#wakeUp();
  }

  /** Runs exactly one iteration (CPython's `test_utils.run_once`). */
  async runOnce(): Promise<void> {
    this.stop();
    await this.runForever();
  }

  /** Moves time forward without running anything. */
  advance(seconds: number): void {
    this.#now += seconds;
  }

  /**
   * Closes the loop: pending callbacks are dropped, resources closed, and the errors nobody
   * retrieved are reported.
   */
  close(): void {
    if (this.#running) throw new RuntimeError("Cannot close a running event loop");
    if (this.#closed) return;
    this.#closed = true;
    this.#ready = [];
    this.#timers = [];
    for (const resource of this.#resources) resource._closeWithLoop();
    this.#resources.clear();
    reportUnretrievedOf(this);
  }

  toString(): string {
    return `<ContractLoop running=${this.#running} closed=${this.#closed}>`;
  }

  // ----- the iteration -----

  async #run(finished: () => boolean): Promise<void> {
    this.#checkOpen();
    if (this.#running) throw new RuntimeError("This event loop is already running");
    setRunningLoop(this);
    this.#running = true;
    try {
      while (!finished() && this.#fatal === null) {
        if (this.#ready.length === 0 && !this.#stopping && !(await this.#waitForWork())) continue;
        await this.#runIteration();
        if (this.#stopping) break;
      }
      if (this.#fatal !== null) throw this.#fatal.error;
    } finally {
      this.#stopping = false;
      this.#fatal = null;
      this.#running = false;
      setRunningLoop(null);
    }
  }

  /** Steps 1 to 3 of the opening comment. */
  async #runIteration(): Promise<void> {
    executionFrames.leaveSteps();
    this.#moveDueTimers();
    const batch = this.#ready;
    this.#ready = [];
    for (const [index, handle] of batch.entries()) {
      if (this.#fatal !== null) {
        // The run ends here; what was not run yet stays queued for the next one.
        this.#ready = [...batch.slice(index), ...this.#ready];
        return;
      }
      if (handle.cancelled()) continue;
      this.#runHandle(handle);
      const task = this.#steppingTask;
      if (task !== null && !(await this.#stepEnded())) {
        this.#steppingTask = null;
        task._waitingOnForeign();
      }
    }
  }

  #runHandle(handle: Handle): void {
    this.#inHandle = true;
    try {
      // Where frames are the loop's steps, a handle runs outside any, as the loop's own code
      // does elsewhere. Not with AsyncLocalStorage: `exit()` toggles Node 22's promise hooks.
      if (followsAwaits) handle._run();
      else executionFrames.exit(runHandle, handle);
    } catch (error) {
      // Only an exit error escapes a handle; the rest went to the exception handler.
      if (!isExitError(error)) throw error;
      this._fatalError(error);
    } finally {
      this.#inHandle = false;
    }
  }

  /** True once the stepping task's step ended; false if Node took a turn first. */
  async #stepEnded(): Promise<boolean> {
    let turned = false;
    const immediate = scheduleHostTurn(() => {
      turned = true;
      this.#wakeUp();
    });
    while ((this.#steppingTask !== null || !followsAwaits) && !turned && this.#fatal === null) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    cancelHostTurn(immediate);
    // The host took a turn: the step's microtasks have run; what runs now is in no step.
    if (turned) executionFrames.leaveSteps();
    return this.#steppingTask === null;
  }

  #moveDueTimers(): void {
    this.#timers = this.#timers.filter((timer) => !timer.cancelled());
    this.#timers.sort((a, b) => a.when() - b.when() || a.order - b.order);
    while (this.#timers.length > 0 && this.#timers[0]!.when() <= this.#now) {
      this.#ready.push(this.#timers.shift()!);
    }
  }

  /**
   * Nothing is ready: let Node take a turn, then jump to the earliest timer; with no timer, sleep
   * until something is scheduled. Returns whether the iteration should run now.
   */
  async #waitForWork(): Promise<boolean> {
    await nodeTurn();
    executionFrames.leaveSteps();
    if (this.#ready.length > 0 || this.#stopping || this.#fatal !== null) return true;
    const next = this.#timers
      .filter((timer) => !timer.cancelled())
      .reduce<number>((earliest, timer) => Math.min(earliest, timer.when()), Infinity);
    if (next !== Infinity) {
      this.#now = Math.max(this.#now, next);
      return true;
    }
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    return false;
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #checkOpen(): void {
    if (this.#closed) throw new RuntimeError("Event loop is closed");
  }
}
