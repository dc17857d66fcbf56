/**
 * Reports exceptions that were set on a Future and never looked at, when the Future is
 * garbage-collected — Python's "exception was never retrieved". The held value must not refer to
 * the Future, or it would never be collected.
 */
import type { EventLoopContract } from "../event-loop-contract.js";

interface Unretrieved {
  loop: EventLoopContract;
  exception: unknown;
  kind: string;
  description: string;
}

export const reportNeverRetrieved: FinalizationRegistry<Unretrieved> = new FinalizationRegistry(
  (held) => {
    held.loop.callExceptionHandler({
      message: `${held.kind} exception was never retrieved`,
      exception: held.exception,
      future: held.description,
    });
  },
);

export function watchUnretrieved(
  future: { _loop: EventLoopContract; constructor: { name: string }; toString(): string },
  exception: unknown,
): void {
  reportNeverRetrieved.register(
    future,
    {
      loop: future._loop,
      exception,
      kind: future.constructor.name,
      description: future.toString(),
    },
    future,
  );
}
