/**
 * Errors cross from a worker as plain data, because structured cloning keeps only the built-in
 * error classes and drops `cause` on older Nodes. `encodeValue` turns a thrown value into that
 * data on the worker's side; `decodeValue` rebuilds it so that the awaiter sees the name, message,
 * worker stack, cause and own properties.
 *
 * The encoders are embedded as source text into the worker thread's program, so they must stay
 * self-contained: no imports, no helpers outside their own bodies, only globals.
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

/**
 * A thrown value as data: an error (or anything shaped like one) is encoded, anything else is sent
 * as it is if it can be cloned, else as its string.
 */
export function encodeValue(value: unknown, depth: number): EncodedValue {
  if (
    value instanceof Error ||
    (value !== null &&
      typeof value === "object" &&
      typeof (value as Error).message === "string" &&
      typeof (value as Error).stack === "string")
  ) {
    return encodeError(value as Error, depth);
  }
  try {
    structuredClone(value);
    return { $error: false, value };
  } catch {
    return { $error: false, value: String(value) };
  }
}

/** An error as data: name, message, stack, cause, `AggregateError.errors` and own properties. */
export function encodeError(error: Error, depth: number): EncodedError {
  let name = typeof error.name === "string" ? error.name : "Error";
  const className = error.constructor?.name;
  if (
    name === "Error" &&
    typeof className === "string" &&
    className !== "" &&
    className !== "Error"
  )
    name = className;
  const encoded: EncodedError = {
    $error: true,
    name,
    message: String(error.message),
    hasCause: depth < 16 && Object.hasOwn(error, "cause"),
    props: {},
  };
  if (typeof error.stack === "string") encoded.stack = error.stack;
  if (encoded.hasCause) encoded.cause = encodeValue(error.cause, depth + 1);
  if (error instanceof AggregateError && Array.isArray(error.errors) && depth < 16) {
    encoded.errors = error.errors.map((inner) => encodeValue(inner, depth + 1));
  }
  for (const key of Object.keys(error)) {
    if (
      key === "cause" ||
      key === "errors" ||
      key === "name" ||
      key === "message" ||
      key === "stack"
    )
      continue;
    try {
      const value = (error as unknown as Record<string, unknown>)[key];
      structuredClone(value);
      encoded.props[key] = value;
    } catch {
      // A property that can't be copied stays behind; the error itself still crosses.
    }
  }
  return encoded;
}

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
