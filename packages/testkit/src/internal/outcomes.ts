/**
 * What a call threw or a Promise rejected with, as a value a test can assert on: every suite
 * checks error types and messages, and a call that unexpectedly succeeds must fail the test.
 */

/** What `fn` throws (synchronously); fails the test if it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw, but the call returned");
}

/** What `awaitable` rejects with; fails the test if it fulfils. */
export async function rejection(awaitable: PromiseLike<unknown>): Promise<unknown> {
  try {
    await awaitable;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but it fulfilled");
}

/** Resolves after Node's event loop has taken `turns` turns (its I/O and timers ran). */
export async function nodeTurns(turns = 1): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
