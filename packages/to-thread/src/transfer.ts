/**
 * Moving instead of copying: an argument wrapped in `transfer()` is sent to the worker with its
 * transferables (an `ArrayBuffer`, a `MessagePort`, ...) moved, so a large buffer crosses without a
 * copy and becomes unusable on the sending side. The worker returns a moved result the same way.
 */
import type { TransferListItem } from "node:worker_threads";
import { describe } from "@asyncio/futures";

/** The brand the worker also recognises, so it can return transferred results. */
const TRANSFER = Symbol.for("@asyncio/to-thread:transfer");

/** A value sent with some of its parts moved; see `transfer`. */
export interface Transfer<T> {
  readonly [TRANSFER]: true;
  readonly value: T;
  readonly transferList: readonly TransferListItem[];
}

/**
 * Marks `value` to be sent with `transferList` moved (by default `value` itself, which must then
 * be transferable, or the buffer of a typed array). The receiving function gets `value`.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(64 * 1024 * 1024);
 * await toThread((data: Uint8Array) => data.length, transfer(bytes)); // bytes.buffer is moved
 * ```
 */
export function transfer<T>(value: T, transferList?: readonly TransferListItem[]): T {
  let list: readonly TransferListItem[];
  if (transferList !== undefined) {
    if (!Array.isArray(transferList)) {
      throw new TypeError(
        `transfer() transferList must be an array, got ${describe(transferList)}`,
      );
    }
    list = transferList;
  } else if (ArrayBuffer.isView(value)) {
    list = [value.buffer as ArrayBuffer];
  } else if (typeof value === "object" && value !== null) {
    list = [value as unknown as TransferListItem];
  } else {
    throw new TypeError(`transfer() needs an object to move, got ${describe(value)}`);
  }
  // Typed as T so that a transferred argument still matches the function's parameter type.
  return { [TRANSFER]: true, value, transferList: list } as Transfer<T> as unknown as T;
}

/** True for a value wrapped by `transfer`. @internal */
export function isTransfer(value: unknown): value is Transfer<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[TRANSFER] === true
  );
}
