/**
 * The errors of the queues package. Each carries a `Symbol.for` brand, so the `isX` guards work
 * across copies of this package.
 */

const emptyBrand = Symbol.for("@asyncio/error:QueueEmpty");
const fullBrand = Symbol.for("@asyncio/error:QueueFull");
const shutDownBrand = Symbol.for("@asyncio/error:QueueShutDown");

function hasBrand(value: unknown, brand: symbol): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true
  );
}

/**
 * Raised by `getNowait()` on an empty queue.
 *
 * @example
 * ```ts
 * try { queue.getNowait(); } catch (e) { if (!isQueueEmpty(e)) throw e; }
 * ```
 */
export class QueueEmpty extends Error {
  override readonly name: "QueueEmpty" = "QueueEmpty";
  declare readonly [emptyBrand]: true;
}
Object.defineProperty(QueueEmpty.prototype, emptyBrand, { value: true });

/**
 * Raised by `putNowait()` on a full queue.
 *
 * @example
 * ```ts
 * try { queue.putNowait(item); } catch (e) { if (!isQueueFull(e)) throw e; }
 * ```
 */
export class QueueFull extends Error {
  override readonly name: "QueueFull" = "QueueFull";
  declare readonly [fullBrand]: true;
}
Object.defineProperty(QueueFull.prototype, fullBrand, { value: true });

/**
 * Raised by `put()`/`putNowait()` once the queue is shut down, and by `get()`/`getNowait()`
 * once it is shut down and empty.
 *
 * @example
 * ```ts
 * for (;;) {
 *   let item;
 *   try { item = await queue.get(); } catch (e) { if (isQueueShutDown(e)) break; throw e; }
 *   handle(item);
 * }
 * ```
 */
export class QueueShutDown extends Error {
  override readonly name: "QueueShutDown" = "QueueShutDown";
  declare readonly [shutDownBrand]: true;
}
Object.defineProperty(QueueShutDown.prototype, shutDownBrand, { value: true });

/** True for a `QueueEmpty` (from any copy of this package). */
export function isQueueEmpty(value: unknown): value is QueueEmpty {
  return hasBrand(value, emptyBrand);
}

/** True for a `QueueFull` (from any copy of this package). */
export function isQueueFull(value: unknown): value is QueueFull {
  return hasBrand(value, fullBrand);
}

/** True for a `QueueShutDown` (from any copy of this package). */
export function isQueueShutDown(value: unknown): value is QueueShutDown {
  return hasBrand(value, shutDownBrand);
}
