/**
 * The codec that carries errors and thrown values between a worker and its caller, for other
 * executors that want errors to cross exactly as they cross from a worker thread: name, message,
 * stack, cause, `AggregateError.errors` and custom fields.
 *
 * @example
 * ```ts
 * import { decodeValue, encodeValue } from "@asyncio/to-thread/codec";
 * const copy = decodeValue(structuredClone(encodeValue(new RangeError("too big"), 0)));
 * ```
 */
export {
  decodeValue,
  type EncodedError,
  type EncodedValue,
  encodeError,
  encodeValue,
} from "./internal/error-codec.js";
