/**
 * The error the locks package adds to the shared ones of `@asyncio/futures`. It carries a
 * `Symbol.for` brand, so `isBrokenBarrierError` works across copies of this package.
 */

const brokenBarrierBrand = Symbol.for("@asyncio/error:BrokenBarrierError");

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
  declare readonly [brokenBarrierBrand]: true;
}
Object.defineProperty(BrokenBarrierError.prototype, brokenBarrierBrand, { value: true });

/** True for a `BrokenBarrierError` (from any copy of this package). */
export function isBrokenBarrierError(value: unknown): value is BrokenBarrierError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[brokenBarrierBrand] === true
  );
}
