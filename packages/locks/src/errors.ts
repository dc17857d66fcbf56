/**
 * The error the locks package adds to the shared ones of `@asyncio/futures`. It carries a
 * `Symbol.for` brand, so `isBrokenBarrierError` works across copies of this package.
 */
import { brandError } from "@asyncio/futures/contract";

/**
 * Raised by `Barrier.wait()` when the barrier is aborted, or reset while the task waits.
 *
 * @example
 * ```ts
 * try { await barrier.wait(); } catch (e) { if (!isBrokenBarrierError(e)) throw e; }
 * ```
 */
export class BrokenBarrierError extends Error {
  override readonly name: "BrokenBarrierError" = "BrokenBarrierError";
}

/** True for a `BrokenBarrierError` (from any copy of this package). */
export const isBrokenBarrierError: (value: unknown) => value is BrokenBarrierError = brandError(
  BrokenBarrierError,
  "BrokenBarrierError",
);
