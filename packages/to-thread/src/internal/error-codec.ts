/**
 * Errors cross from a worker as plain data (see the worker's `encodeError`), because structured
 * cloning keeps only the built-in error classes and drops `cause` on older Nodes. This rebuilds
 * them so that the awaiter sees the name, message, worker stack, cause and own properties.
 */
import {
  InvalidStateError,
  LookupError,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "@asyncio/futures";

/** The shape the worker sends. */
export interface EncodedError {
  $error: true;
  name: string;
  message: string;
  stack?: string;
  cause?: EncodedValue;
  hasCause: boolean;
  errors?: EncodedValue[];
  props: Record<string, unknown>;
}
export type EncodedValue = EncodedError | { $error: false; value: unknown };

type ErrorClass = new (message?: string, options?: ErrorOptions) => Error;

const KNOWN: Record<string, ErrorClass> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  RuntimeError,
  ValueError,
  TimeoutError,
  InvalidStateError,
  LookupError,
};

export function decodeValue(encoded: EncodedValue): unknown {
  if (!encoded.$error) return encoded.value;
  const options = encoded.hasCause ? { cause: decodeValue(encoded.cause as EncodedValue) } : {};
  let error: Error;
  if (encoded.errors !== undefined) {
    error = new AggregateError(encoded.errors.map(decodeValue), encoded.message, options);
  } else {
    const Class = Object.hasOwn(KNOWN, encoded.name) ? (KNOWN[encoded.name] as ErrorClass) : Error;
    error = new Class(encoded.message, options);
  }
  if (error.name !== encoded.name) {
    Object.defineProperty(error, "name", {
      value: encoded.name,
      writable: true,
      configurable: true,
    });
  }
  for (const [key, value] of Object.entries(encoded.props)) {
    (error as unknown as Record<string, unknown>)[key] = value;
  }
  if (encoded.stack !== undefined) {
    Object.defineProperty(error, "stack", {
      value: encoded.stack,
      writable: true,
      configurable: true,
    });
  }
  return error;
}
