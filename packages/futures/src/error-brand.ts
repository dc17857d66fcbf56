/**
 * Brands for error classes: `instanceof` fails across two copies of a package and for errors
 * rebuilt after crossing a thread, so each error class carries a `Symbol.for` brand on its
 * prototype, and its `isX` guard checks for that brand instead.
 */

import type { ErrorClass } from "./errors.js";

/**
 * Brands `errorClass` as `name` and returns its guard (subclasses pass it too).
 *
 * @example
 * ```ts
 * export class QueueFull extends Error {
 *   override readonly name = "QueueFull";
 * }
 * export const isQueueFull = brandError(QueueFull, "QueueFull");
 * ```
 */
export function brandError<E>(
  errorClass: ErrorClass<E>,
  name: string,
): (value: unknown) => value is E {
  const brand = Symbol.for(`@asyncio/error:${name}`);
  Object.defineProperty(errorClass.prototype, brand, { value: true });
  return (value: unknown): value is E =>
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true;
}
