/**
 * The errors of the queues package. Each carries a `Symbol.for` brand, so the `isX` guards work
 * across copies of this package.
 */
import { brandError } from "@asyncio/futures/contract";

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
}

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
}

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
}

/** True for a `QueueEmpty` (from any copy of this package). */
export const isQueueEmpty: (value: unknown) => value is QueueEmpty = brandError(
  QueueEmpty,
  "QueueEmpty",
);

/** True for a `QueueFull` (from any copy of this package). */
export const isQueueFull: (value: unknown) => value is QueueFull = brandError(
  QueueFull,
  "QueueFull",
);

/** True for a `QueueShutDown` (from any copy of this package). */
export const isQueueShutDown: (value: unknown) => value is QueueShutDown = brandError(
  QueueShutDown,
  "QueueShutDown",
);
