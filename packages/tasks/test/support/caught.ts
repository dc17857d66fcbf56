/** Test helper for the combinator tests: what an awaitable rejects with. */

/** Awaits `awaitable` (or calls and awaits `fn`) and returns the error it throws; fails if none. */
export async function caught(awaitable: PromiseLike<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof awaitable === "function" ? awaitable() : awaitable);
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, but it resolved");
}
