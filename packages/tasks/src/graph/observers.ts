/**
 * How a Task and a lazy coroutine tell the tools that watch them what they do — debug mode, the
 * call-graph recorder, the `diagnostics_channel` events. A Task reports each moment of its life
 * (created, a step starts, it suspends on an await, a cancellation is asked for, its blocked code
 * is detached, it ends); a coroutine reports that it was made and that it started (or was closed
 * unstarted), so that one never awaited can be reported with where it was made, as Python's
 * "coroutine ... was never awaited".
 *
 * The observer is read from a property of the class's prototype (`this._taskObserver`): while
 * nobody watches it holds `null`, which V8 folds into the optimized code as a constant, so the
 * reports cost nothing; setting it (rarely) makes V8 recompile that code. A module variable
 * would be read on every report instead — measurably, on the hottest paths. Observers are added
 * and removed here; with several, one fan-out observer calls each in turn. The same trick keeps
 * the flag that says whether suspension sites are recorded (debug mode), which a `Lock` checks to
 * record its holder (`followSiteRecording`).
 */
import type { ThenHandle } from "@asyncio/futures/contract";

/** What a Task reports; `task` is the Task itself (typed loosely to keep this file below it). */
export interface TaskObserver {
  /** A Task was constructed (its first step is scheduled, or runs now for an eager task). */
  created(task: object): void;
  /** A step starts: the body starts, or an await of ours resumes it. */
  stepStarted(task: object): void;
  /** The step ended on an await of one of our awaitables: `handle.future` (`null` for `sleep(0)`). */
  suspended(task: object, handle: ThenHandle): void;
  /** The step ended without an await of ours: the task waits on a foreign Promise. */
  blockedOnForeign(task: object): void;
  /** `cancel(message)` was called on the pending task. */
  cancelRequested(task: object, message: string | undefined): void;
  /**
   * A cancellation gave up on code blocked on a foreign Promise that didn't stop for the task's
   * signal: that code runs on, detached (see the README, "Promises and foreign code").
   */
  detached(task: object, signalListened: boolean): void;
  /** The task is done (result, exception or cancelled). */
  finished(task: object): void;
}

/** What a `Coroutine` reports. */
export interface CoroutineObserver {
  /** A coroutine object was made; it hasn't started. */
  created(coroutine: object): void;
  /** It started (awaited, or run by a task), or was closed before it could: it isn't lost. */
  consumed(coroutine: object): void;
}

/** A prototype the Task class reads its observer from. */
export interface TaskObserverSlot {
  _taskObserver: TaskObserver | null;
}

/** A prototype the Coroutine class reads its observer from. */
export interface CoroutineObserverSlot {
  _coroutineObserver: CoroutineObserver | null;
}

const taskObservers: TaskObserver[] = [];
const taskSlots: TaskObserverSlot[] = [];
const coroutineObservers: CoroutineObserver[] = [];
const coroutineSlots: CoroutineObserverSlot[] = [];

const taskFanOut: TaskObserver = {
  created: (task) => {
    for (const each of taskObservers) each.created(task);
  },
  stepStarted: (task) => {
    for (const each of taskObservers) each.stepStarted(task);
  },
  suspended: (task, handle) => {
    for (const each of taskObservers) each.suspended(task, handle);
  },
  blockedOnForeign: (task) => {
    for (const each of taskObservers) each.blockedOnForeign(task);
  },
  cancelRequested: (task, message) => {
    for (const each of taskObservers) each.cancelRequested(task, message);
  },
  detached: (task, signalListened) => {
    for (const each of taskObservers) each.detached(task, signalListened);
  },
  finished: (task) => {
    for (const each of taskObservers) each.finished(task);
  },
};

const coroutineFanOut: CoroutineObserver = {
  created: (coroutine) => {
    for (const each of coroutineObservers) each.created(coroutine);
  },
  consumed: (coroutine) => {
    for (const each of coroutineObservers) each.consumed(coroutine);
  },
};

/** The one observer to call for `observers`: none, the only one, or the fan-out. */
function single<O>(observers: readonly O[], fanOut: O): O | null {
  return observers.length === 0 ? null : observers.length === 1 ? (observers[0] as O) : fanOut;
}

function refreshTasks(): void {
  const observer = single(taskObservers, taskFanOut);
  for (const slot of taskSlots) if (slot._taskObserver !== observer) slot._taskObserver = observer;
}

function refreshCoroutines(): void {
  const observer = single(coroutineObservers, coroutineFanOut);
  for (const slot of coroutineSlots) {
    if (slot._coroutineObserver !== observer) slot._coroutineObserver = observer;
  }
}

/** The Task class's prototype, to keep its observer in (called once, where the class is made). */
export function observeTasksThrough(prototype: TaskObserverSlot): void {
  taskSlots.push(prototype);
  prototype._taskObserver = single(taskObservers, taskFanOut);
}

/** The Coroutine class's prototype, to keep its observer in. */
export function observeCoroutinesThrough(prototype: CoroutineObserverSlot): void {
  coroutineSlots.push(prototype);
  prototype._coroutineObserver = single(coroutineObservers, coroutineFanOut);
}

/** Starts calling `observer` for every Task's events (once, however often it is added). */
export function addTaskObserver(observer: TaskObserver): void {
  if (taskObservers.includes(observer)) return;
  taskObservers.push(observer);
  refreshTasks();
}

/** Stops calling `observer`. */
export function removeTaskObserver(observer: TaskObserver): void {
  const index = taskObservers.indexOf(observer);
  if (index < 0) return;
  taskObservers.splice(index, 1);
  refreshTasks();
}

/** Starts calling `observer` for every coroutine's events (once, however often it is added). */
export function addCoroutineObserver(observer: CoroutineObserver): void {
  if (coroutineObservers.includes(observer)) return;
  coroutineObservers.push(observer);
  refreshCoroutines();
}

/** Stops calling `observer`. */
export function removeCoroutineObserver(observer: CoroutineObserver): void {
  const index = coroutineObservers.indexOf(observer);
  if (index < 0) return;
  coroutineObservers.splice(index, 1);
  refreshCoroutines();
}

/** Objects whose flag says whether suspension sites are recorded (see `followSiteRecording`). */
const recordingFollowers: { target: Record<string, unknown>; key: string }[] = [];
let recording = false;

/**
 * Keeps `target[key]` equal to whether suspension sites are recorded (debug mode): for a class's
 * prototype, whose flag V8 folds into the optimized code, so that checking it costs nothing
 * while recording is off. A `Lock` records the task holding it this way.
 */
export function followSiteRecording(target: object, key: string): void {
  const follower = { target: target as Record<string, unknown>, key };
  recordingFollowers.push(follower);
  follower.target[key] = recording;
}

/** Whether suspension sites are recorded now; the recorder sets it. */
export function setSiteRecording(on: boolean): void {
  recording = on;
  for (const { target, key } of recordingFollowers) target[key] = on;
}
