/**
 * Reports exceptions that were set on a Future and never looked at, when the Future is
 * garbage-collected — Python's "exception was never retrieved". The held value must not refer to
 * the Future, or it would never be collected.
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

function report(loop: EventLoopContract, context: ExceptionContext): void {
  loop.callExceptionHandler(context);
}

export const reportNeverRetrieved: FinalizationRegistry<Unretrieved> = new FinalizationRegistry(
  (held) => {
    const context: ExceptionContext = {
      message: `${held.kind} exception was never retrieved`,
      exception: held.exception,
      future: held.description,
    };
    if (held.context === null) report(held.loop, context);
    else held.context.run(report, held.loop, context);
  },
);

export function watchUnretrieved(
  future: {
    _loop: EventLoopContract;
    _context?: Context | null;
    constructor: { name: string };
    toString(): string;
  },
  exception: unknown,
): void {
  if (typeof exception === "object" && exception !== null && "stack" in exception) {
    // V8 captures a stack lazily, keeping each frame's receiver (the Task itself, for an error
    // thrown in its body) until it is formatted: format it now, or the held value would keep the
    // Future alive and the report would never come.
    void (exception as { stack?: unknown }).stack;
  }
  reportNeverRetrieved.register(
    future,
    {
      loop: future._loop,
      exception,
      kind: future.constructor.name,
      description: future.toString(),
      context: contextVarsInUse() ? (future._context ?? null) : null,
    },
    future,
  );
}
