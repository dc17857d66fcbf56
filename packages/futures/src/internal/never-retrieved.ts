/**
 * Reports exceptions that were set on a Future and never looked at — Python's "exception was never
 * retrieved" — when the Future is garbage-collected, and at the latest when its loop closes, so
 * that no error is lost even in a program that ends before the collector runs. The held value must
 * not refer to the Future, or it would never be collected.
 */
import { type Context, contextVarsInUse } from "../context.js";
import type { EventLoopContract, ExceptionContext } from "../event-loop-contract.js";

interface Unretrieved {
  loop: EventLoopContract;
  exception: unknown;
  kind: string;
  description: string;
  /** A Task's context: the report runs in it, as Python 3.12 does. */
  context: Context | null;
}

/** What a watched Future exposes: enough to tell whether it still owes a report. */
interface WatchedFuture {
  _loop: EventLoopContract;
  _logTraceback: boolean;
  _context?: Context | null;
  constructor: { name: string };
  toString(): string;
}

function report(held: Unretrieved): void {
  const context: ExceptionContext = {
    message: `${held.kind} exception was never retrieved`,
    exception: held.exception,
    future: held.description,
  };
  if (held.context === null) held.loop.callExceptionHandler(context);
  else held.context.run(() => held.loop.callExceptionHandler(context));
}

export const reportNeverRetrieved: FinalizationRegistry<Unretrieved> = new FinalizationRegistry(
  report,
);

/**
 * The failed Futures of each loop that may still owe a report, held weakly. Entries whose Future
 * was collected or retrieved are swept whenever the set has doubled since the last sweep.
 */
interface Pending {
  refs: Set<WeakRef<WatchedFuture>>;
  held: WeakMap<WatchedFuture, Unretrieved>;
  sweepAt: number;
}
const pendingByLoop = new WeakMap<EventLoopContract, Pending>();

export function watchUnretrieved(future: WatchedFuture, exception: unknown): void {
  if (typeof exception === "object" && exception !== null && "stack" in exception) {
    // V8 captures a stack lazily, keeping each frame's receiver (the Task itself, for an error
    // thrown in its body) until it is formatted: format it now, or the held value would keep the
    // Future alive and the report would never come.
    void (exception as { stack?: unknown }).stack;
  }
  const held: Unretrieved = {
    loop: future._loop,
    exception,
    kind: future.constructor.name,
    description: future.toString(),
    context: contextVarsInUse() ? (future._context ?? null) : null,
  };
  reportNeverRetrieved.register(future, held, future);
  let pending = pendingByLoop.get(future._loop);
  if (pending === undefined) {
    pending = { refs: new Set(), held: new WeakMap(), sweepAt: 64 };
    pendingByLoop.set(future._loop, pending);
  }
  pending.refs.add(new WeakRef(future));
  pending.held.set(future, held);
  if (pending.refs.size >= pending.sweepAt) {
    for (const ref of pending.refs) {
      const alive = ref.deref();
      if (alive === undefined || !alive._logTraceback) pending.refs.delete(ref);
    }
    pending.sweepAt = Math.max(64, pending.refs.size * 2);
  }
}

/**
 * Reports now every Future of `loop` whose exception was never retrieved, instead of waiting for
 * the garbage collector (which may never run before the process ends). A loop calls this when it
 * closes.
 */
export function reportUnretrievedOf(loop: EventLoopContract): void {
  const pending = pendingByLoop.get(loop);
  if (pending === undefined) return;
  pendingByLoop.delete(loop);
  for (const ref of pending.refs) {
    const future = ref.deref();
    if (future === undefined || !future._logTraceback) continue;
    const held = pending.held.get(future);
    future._logTraceback = false;
    reportNeverRetrieved.unregister(future);
    if (held !== undefined) report(held);
  }
}
