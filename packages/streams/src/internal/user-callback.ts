/**
 * The rule for user callbacks that return a thenable (an `async` protocol method, a function
 * made by `coroutine()`): the callback is run, and a rejection of what it returned is reported
 * exactly as an exception it threw would have been — through the loop's exception handler, never
 * as an unhandled rejection. A lazy coroutine it returned is started by following it.
 */
import { isExitError } from "@asyncio/futures";
import { describe, type EventLoopContract } from "@asyncio/futures/contract";

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Runs `fn` as a loop callback (it reports an error, so it must reach someone). */
function onLoop(loop: EventLoopContract, fn: () => void): void {
  if (!loop.isClosed()) {
    loop.callSoon(fn);
    return;
  }
  try {
    fn();
  } catch (error) {
    // The loop is closed: there is no loop left for an exit error to stop, and a CancelledError
    // can't come from reporting; anything else is still told to the handler.
    if (!isExitError(error)) {
      loop.callExceptionHandler({
        message: "Error while reporting a failed callback",
        exception: error,
      });
    }
  }
}

/**
 * Looks at what a callback returned. A thenable is followed: its rejection goes to `onError`
 * and its value to `onValue`, each as a loop callback. Returns whether it was a thenable.
 */
export function followResult(
  loop: EventLoopContract,
  result: unknown,
  onError: (error: unknown) => void,
  onValue?: (value: unknown) => void,
): boolean {
  if (!isThenable(result)) return false;
  const rejected = (error: unknown): void => onLoop(loop, () => onError(error));
  const fulfilled =
    onValue === undefined
      ? undefined
      : (value: unknown): void => onLoop(loop, () => onValue(value));
  try {
    result.then(fulfilled, rejected);
  } catch (error) {
    // A thenable whose then() throws failed as surely as one that rejects.
    rejected(error);
  }
  return true;
}

/**
 * Calls a callback whose failure is only reported (`message`, with `context`): a throw now, a
 * rejection later. Exit errors (`KeyboardInterrupt`, `SystemExit`) propagate to the loop.
 */
export function callReported(
  loop: EventLoopContract,
  message: string,
  context: Record<string, unknown>,
  call: () => unknown,
): void {
  const report = (error: unknown): void => {
    if (isExitError(error)) throw error;
    loop.callExceptionHandler({ message, exception: error, ...context });
  };
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    report(error);
    return;
  }
  followResult(loop, result, report);
}

/**
 * Calls a protocol factory. It must return the protocol itself: a thenable (an `async` factory)
 * is a `TypeError`, and its own rejection, if it has one, is still reported.
 */
export function makeProtocol<P>(loop: EventLoopContract, factory: () => P, method: string): P {
  const protocol = factory();
  if (isThenable(protocol)) {
    followResult(loop, protocol, (error) =>
      loop.callExceptionHandler({
        message: `${method}() protocolFactory failed`,
        exception: error,
      }),
    );
  }
  if (typeof protocol !== "object" || protocol === null || isThenable(protocol)) {
    throw new TypeError(
      `${method}() protocolFactory must return a protocol object, got ${describe(protocol)}`,
    );
  }
  return protocol;
}
