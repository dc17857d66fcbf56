/**
 * Moving instead of copying: an argument wrapped in `transfer()` is sent to the worker with its
 * transferables (an `ArrayBuffer`, a `MessagePort`, ...) moved, so a large buffer crosses without a
 * copy and becomes unusable on the sending side. The worker returns a moved result the same way.
 */
import type { TransferListItem } from "node:worker_threads";
import { describe } from "@asyncio/futures/contract";

/** The brand the worker also recognises, so it can return transferred results. */
const TRANSFER: unique symbol = Symbol.for("@asyncio/to-thread:transfer");

const DETACHED = "its contents were already moved to another thread";

/** A value sent with some of its parts moved; see `transfer`. */
export interface Transfer<T> {
  readonly [TRANSFER]: true;
  readonly value: T;
  readonly transferList: readonly TransferListItem[];
}

/** True for an `ArrayBuffer` whose contents were moved away (it can be neither moved nor copied). */
export function isDetached(item: unknown): boolean {
  // `detached` is ES2024: typed by hand while the compiler targets ES2023.
  return item instanceof ArrayBuffer && (item as { detached?: boolean }).detached === true;
}

/** The first detached buffer of `list`, as a position, or -1. @internal */
export function findDetached(list: readonly TransferListItem[]): number {
  return list.findIndex(isDetached);
}

/** Why `item` can't be in a transfer list, or null if it can. */
function refuseItem(item: unknown, where: string): TypeError | null {
  if (typeof item !== "object" || item === null) {
    return new TypeError(
      `${where} must be an ArrayBuffer, a MessagePort or another transferable object, got ${describe(item)}`,
    );
  }
  if (ArrayBuffer.isView(item)) {
    return new TypeError(
      `${where} is a ${item.constructor.name}: list its buffer (view.buffer) instead`,
    );
  }
  if (typeof SharedArrayBuffer === "function" && item instanceof SharedArrayBuffer) {
    return new TypeError(
      `${where} is a SharedArrayBuffer, which is shared rather than moved: send it without transfer()`,
    );
  }
  if (isDetached(item)) return new TypeError(`${where} is a detached ArrayBuffer: ${DETACHED}`);
  return null;
}

/**
 * Marks `value` to be sent with `transferList` moved (by default `value` itself, which must then
 * be transferable, or the buffer of a typed array). The receiving function gets `value`. A buffer
 * that was already moved (detached) is a `TypeError`.
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
    for (let i = 0; i < transferList.length; i++) {
      const refused = refuseItem(transferList[i], `transfer() transferList[${i}]`);
      if (refused !== null) throw refused;
    }
    list = transferList;
  } else if (ArrayBuffer.isView(value)) {
    if (isDetached(value.buffer)) {
      throw new TypeError(`transfer() can't move a detached ArrayBuffer: ${DETACHED}`);
    }
    list = [value.buffer as ArrayBuffer];
  } else if (typeof value === "object" && value !== null) {
    if (isDetached(value)) {
      throw new TypeError(`transfer() can't move a detached ArrayBuffer: ${DETACHED}`);
    }
    const refused = refuseItem(value, "transfer() value");
    if (refused !== null) throw refused;
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
