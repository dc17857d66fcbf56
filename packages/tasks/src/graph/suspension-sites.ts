/**
 * Where each task is suspended (function, file, line), recorded while debug mode is on: the
 * call graph, `ps` and the debug reports show it. Knowing it costs a stack capture per Promise a
 * task's code creates, so nothing is recorded by default.
 *
 * Why Promises: `await future` doesn't call `future.then()` from the awaiting function but from a
 * microtask V8 queues, whose stack holds nothing of the program on most Node versions. The
 * Promise that the `await` creates, though, is made synchronously at the `await`: its stack is the
 * program's. A V8 promise hook records that stack for every Promise made in a task's frame; when
 * the task suspends on one of our awaitables, the microtask that subscribes it runs on behalf of
 * that very Promise (the hook's "before"), which ties the suspension to its `await`.
 *
 * A lazy coroutine awaited inline runs its body inside such a microtask — the one of the Promise
 * its awaiter's `await` made — out of sight of its awaiter's stack. Each record keeps a link to
 * that `await` (inherited by the records the body makes after it resumes), and the frames are
 * joined. The last Promise a task made is also where it waits when it waits on something
 * foreign (`foreignWaitSite`).
 */
import { executionFrames, type ThenHandle } from "@asyncio/futures/contract";
import {
  addCoroutineObserver,
  addTaskObserver,
  type CoroutineObserver,
  removeCoroutineObserver,
  removeTaskObserver,
  setSiteRecording,
  type TaskObserver,
} from "./observers.js";
import {
  type CapturedStack,
  captureStack,
  framesOf,
  isLibraryFrame,
  isNodeInternal,
  joinAwaiter,
  programFrames,
  type StackFrame,
} from "./stack-frames.js";

const taskBrand = Symbol.for("@asyncio/task");

/** How many frames a record captures: enough for the program's frames below the machinery. */
const CAPTURED_FRAMES = 40;

interface SiteRecord {
  /** The stack at the Promise's creation, read only if the site is asked for. */
  readonly captured: CapturedStack;
  readonly task: object;
  /** The `await` that started the lazy coroutine this code belongs to, in the same task. */
  readonly link: SiteRecord | null;
  /** Its microtask started a lazy coroutine of its task: it is the `await` of that coroutine. */
  startsCoroutine: boolean;
  frames: readonly StackFrame[] | null;
}

const records = new WeakMap<object, SiteRecord>();
/**
 * The last two Promises each task's code made: where it waits when it waits on something
 * foreign. Two, because the task's machinery subscribes to the body's own Promise right after the
 * body first suspends, and that subscription says nothing of where.
 */
const lastRecords = new WeakMap<object, [SiteRecord | null, SiteRecord]>();
/** The `await` behind each pending subscription of a task. */
const suspensions = new WeakMap<ThenHandle, SiteRecord>();
/** Where each task was created. */
const creations = new WeakMap<object, CapturedStack>();

/** The record of the Promise whose reaction (or thenable job) runs now, and the ones it interrupted. */
let current: SiteRecord | null = null;
const interrupted: (SiteRecord | null)[] = [];

function isTask(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[taskBrand] === true
  );
}

/** The `await` whose body the code running now belongs to. */
function currentLink(): SiteRecord | null {
  const running = current;
  if (running === null) return null;
  return running.startsCoroutine ? running : running.link;
}

function onInit(promise: Promise<unknown>): void {
  const frame = executionFrames.getStore();
  const task = frame === undefined ? undefined : frame._task;
  if (!isTask(task)) return;
  const record: SiteRecord = {
    captured: captureStack(onInit, CAPTURED_FRAMES),
    task: task as object,
    link: currentLink(),
    startsCoroutine: false,
    frames: null,
  };
  records.set(promise, record);
  const last = lastRecords.get(task as object);
  if (last === undefined) lastRecords.set(task as object, [null, record]);
  else {
    last[0] = last[1];
    last[1] = record;
  }
}

function onBefore(promise: Promise<unknown>): void {
  interrupted.push(current);
  current = records.get(promise) ?? null;
}

function onAfter(): void {
  current = interrupted.pop() ?? null;
}

/** The program's frames of a record, joined with those of the `await` that started its body. */
function materialize(record: SiteRecord): readonly StackFrame[] {
  if (record.frames !== null) return record.frames;
  const { frames, end } = programFrames(framesOf(record.captured));
  const link = record.link;
  // A native function on top (`Promise.then`) made the Promise; every function of the program
  // below it is suspended now, at an `await`.
  let first = 0;
  while (first < frames.length && frames[first]?.fileName === null) first++;
  const suspended = frames
    .slice(first)
    .map((frame) => (frame.isAsync ? frame : { ...frame, isAsync: true }));
  const joined =
    end !== "task" && link !== null && link.task === record.task
      ? joinAwaiter(suspended, materialize(link))
      : suspended;
  record.frames = joined;
  return joined;
}

/** Records where tasks suspend (see `suspended`) and where they are made. */
const recorder: TaskObserver = {
  created(task) {
    creations.set(task, captureStack(recorder.created, CAPTURED_FRAMES));
  },
  stepStarted() {},
  suspended(_task, handle) {
    if (current !== null) suspensions.set(handle, current);
  },
  blockedOnForeign() {},
  cancelRequested() {},
  detached() {},
  finished() {},
};

/** Learns which microtask starts a lazy coroutine's body: that of its awaiter's `await`. */
const starts: CoroutineObserver = {
  created() {},
  consumed() {
    const running = current;
    if (running === null || running.startsCoroutine) return;
    const frame = executionFrames.getStore();
    if (frame !== undefined && frame._task === running.task) running.startsCoroutine = true;
  },
};

/** Where the await behind `handle` is (innermost frame first), if it was recorded. */
export function suspensionSite(handle: ThenHandle): readonly StackFrame[] | null {
  const record = suspensions.get(handle);
  return record === undefined ? null : materialize(record);
}

/** Where `task`'s code last made a Promise: where it waits, when it waits on a foreign one. */
export function foreignWaitSite(task: object): readonly StackFrame[] | null {
  const last = lastRecords.get(task);
  if (last === undefined) return null;
  const [previous, newest] = last;
  const frames = materialize(newest);
  if (frames.length > 0 || previous === null) return frames;
  return materialize(previous);
}

/** Where `task` was created: the program's frames of its creator. */
export function creationSite(task: object): readonly StackFrame[] | null {
  const captured = creations.get(task);
  if (captured === undefined) return null;
  const frames = framesOf(captured);
  let first = 0;
  while (first < frames.length) {
    const frame = frames[first] as StackFrame;
    if (!isLibraryFrame(frame) && !isNodeInternal(frame)) break;
    first++;
  }
  return programFrames(frames, first).frames;
}

/**
 * The recorder as other copies of the library, and an inspector's snapshot, find it: a snapshot
 * of the task graph (`snapshot.ts`) reads the sites through this slot, with no import.
 */
const slotKey = Symbol.for("@asyncio/suspension-sites");
const globals = globalThis as unknown as Record<symbol, unknown>;
const published = { suspensionSite, foreignWaitSite, creationSite };

let users = 0;
let stopHooks: (() => void) | null = null;

/** Starts recording (counted: each call needs its own `stopRecordingSites`). */
export function startRecordingSites(): void {
  if (users++ > 0) return;
  // Loaded when first needed: `node:v8` costs every program's start otherwise. A runtime without
  // it (a browser page) records only what the task observer sees.
  const promiseHooks = v8PromiseHooks();
  const stops =
    promiseHooks === null
      ? []
      : [
          promiseHooks.onInit(onInit),
          promiseHooks.onBefore(onBefore),
          promiseHooks.onAfter(onAfter),
        ];
  stopHooks = () => {
    for (const stop of stops) stop();
  };
  addTaskObserver(recorder);
  addCoroutineObserver(starts);
  globals[slotKey] = published;
  setSiteRecording(true);
}

/** Stops recording once every `startRecordingSites` has been matched. */
export function stopRecordingSites(): void {
  if (users === 0 || --users > 0) return;
  stopHooks?.();
  stopHooks = null;
  current = null;
  interrupted.length = 0;
  setSiteRecording(false);
  removeTaskObserver(recorder);
  removeCoroutineObserver(starts);
  if (globals[slotKey] === published) delete globals[slotKey];
}

/** Whether sites are being recorded. */
export function recordingSites(): boolean {
  return users > 0;
}

/**
 * For code of `task` running now: the frames of the `await`s that started the lazy coroutines
 * it runs in, which its own stack may not show (see `materialize`).
 */
export function currentAwaiterSite(task: object): readonly StackFrame[] | null {
  const link = currentLink();
  return link === null || link.task !== task ? null : materialize(link);
}

/** Where `promise` was made (by an `await`, mostly), if it was made in a task's code. */
export function promiseSite(promise: object): readonly StackFrame[] | null {
  const record = records.get(promise);
  return record === undefined ? null : materialize(record);
}

/**
 * V8's promise hooks, from `node:v8` where the runtime offers Node's modules; `null` elsewhere
 * (a browser page), or where the module lacks them.
 */
export function v8PromiseHooks(): typeof import("node:v8").promiseHooks | null {
  if (workingHooks === undefined) workingHooks = findPromiseHooks();
  return workingHooks;
}

let workingHooks: typeof import("node:v8").promiseHooks | null | undefined;

function findPromiseHooks(): typeof import("node:v8").promiseHooks | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  if (typeof process?.getBuiltinModule !== "function") return null;
  try {
    const hooks = (process.getBuiltinModule("node:v8") as typeof import("node:v8") | undefined)
      ?.promiseHooks;
    if (hooks === undefined) return null;
    // Bun names them but throws NotImplementedError when one is set: try one, and take it back.
    hooks.onInit(() => {})();
    return hooks;
  } catch {
    // A runtime that names the function but lacks the module, or the hooks.
    return null;
  }
}
