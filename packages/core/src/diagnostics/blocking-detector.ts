/**
 * Debug mode's report of a task blocking the loop with synchronous code where the loop doesn't
 * time it. The loop times its handles and its tasks' steps (slow ones are reported as Python
 * does); but code that a foreign Promise resumes — after `await fetch(...)`, say — runs in a
 * microtask outside any step, and a long computation there holds the whole loop with nobody
 * told. A V8 promise hook times every such continuation of a task's code and names the task.
 */
import { executionFrames } from "@asyncio/futures/contract";
import { isTask, type Task } from "@asyncio/tasks";
import { promiseSite, v8PromiseHooks } from "@asyncio/tasks/graph";
import { getLogger } from "../logger.js";
import { formatTraceback } from "./tracebacks.js";

/** What the loop tells the detector. */
interface SteppingLoop {
  slowCallbackDuration: number;
  /** The task whose step the loop is timing, if any. */
  _steppingTask(): unknown;
}

interface Continuation {
  readonly task: Task<unknown>;
  readonly promise: Promise<unknown>;
  readonly startedAt: number;
}

/** The continuations running now (microtasks don't nest, but a hook may see one inside another). */
const running: (Continuation | null)[] = [];

function onBefore(promise: Promise<unknown>): void {
  const frame = executionFrames.getStore();
  const task = frame === undefined ? null : frame._task;
  running.push(isTask(task) ? { task, promise, startedAt: performance.now() } : null);
}

function onAfter(): void {
  const continuation = running.pop();
  if (continuation === undefined || continuation === null) return;
  const seconds = (performance.now() - continuation.startedAt) / 1000;
  const { task } = continuation;
  const loop = task._loop as unknown as Partial<SteppingLoop>;
  if (typeof loop._steppingTask !== "function") return;
  if (seconds < (loop.slowCallbackDuration ?? 0.1) || loop._steppingTask() === task) return;
  const where = formatTraceback(promiseSite(continuation.promise) ?? []);
  getLogger().warning(
    `${task.toString()} blocked the event loop for ${seconds.toFixed(3)} seconds with synchronous code resumed by a foreign Promise${
      where === "" ? "" : `, after the await at (most recent call last)\n${where}`
    }`,
  );
}

let stop: (() => void) | null = null;

export function startDetectingBlocking(): void {
  if (stop !== null) return;
  // Loaded when first needed: `node:v8` costs every program's start otherwise. Without V8's
  // promise hooks (a browser page) the foreign resumptions can't be seen: nothing is detected.
  const promiseHooks = v8PromiseHooks();
  if (promiseHooks === null) return;
  const stops = [promiseHooks.onBefore(onBefore), promiseHooks.onAfter(onAfter)];
  stop = () => {
    for (const each of stops) each();
  };
}

export function stopDetectingBlocking(): void {
  stop?.();
  stop = null;
  running.length = 0;
}
