/**
 * The errors of network and pipe I/O: asyncio's stream errors (`IncompleteReadError`,
 * `LimitOverrunError`) and the Python `OSError` family that Node reports as error codes
 * (`ECONNREFUSED` becomes `ConnectionRefusedError`, and so on), so that callers can catch by class.
 */
import { brandError } from "@asyncio/futures/contract";

/**
 * Raised by `readexactly()` and `readuntil()` when the stream ends first; `partial` holds the
 * bytes read before the end (they are consumed), `expected` the number wanted (`null` when
 * unknown, as for `readuntil`).
 *
 * @example
 * ```ts
 * try { await reader.readexactly(10); } catch (e) { if (isIncompleteReadError(e)) use(e.partial); }
 * ```
 */
export class IncompleteReadError extends Error {
  override readonly name: "IncompleteReadError" = "IncompleteReadError";
  readonly partial: Uint8Array;
  readonly expected: number | null;

  constructor(partial: Uint8Array, expected: number | null, options?: ErrorOptions) {
    const wanted = expected === null ? "undefined" : String(expected);
    super(`${partial.length} bytes read on a total of ${wanted} expected bytes`, options);
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * Raised by `readuntil()` when the separator is not found within the reader's `limit`; the data
 * stays in the buffer and `consumed` says how many bytes would have to be consumed.
 *
 * @example
 * ```ts
 * try { await reader.readuntil(sep); } catch (e) { if (isLimitOverrunError(e)) await reader.read(e.consumed); }
 * ```
 */
export class LimitOverrunError extends Error {
  override readonly name: "LimitOverrunError" = "LimitOverrunError";
  readonly consumed: number;

  constructor(message: string, consumed: number, options?: ErrorOptions) {
    super(message, options);
    this.consumed = consumed;
  }
}

/**
 * Python's `OSError`: an operating-system failure. `code` is the symbolic errno (`"ECONNRESET"`)
 * when there is one; the Node error, if any, is the `cause`.
 *
 * @example
 * ```ts
 * try { await openConnection("127.0.0.1", 1); } catch (e) { if (isOSError(e)) console.log(e.code); }
 * ```
 */
export class OSError extends Error {
  override readonly name: string = "OSError";
  readonly code: string | null;

  constructor(message: string, code: string | null = null, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Base of the connection failures (Python's `ConnectionError`). */
export class ConnectionError extends OSError {
  override readonly name: string = "ConnectionError";
}

/** The peer refused the connection (`ECONNREFUSED`). */
export class ConnectionRefusedError extends ConnectionError {
  override readonly name: string = "ConnectionRefusedError";
}

/** The peer reset the connection (`ECONNRESET`), or it was lost while we waited on it. */
export class ConnectionResetError extends ConnectionError {
  override readonly name: string = "ConnectionResetError";
}

/** The connection was aborted on our side (`ECONNABORTED`). */
export class ConnectionAbortedError extends ConnectionError {
  override readonly name: string = "ConnectionAbortedError";
}

/** Writing to a pipe or socket whose reading end is closed (`EPIPE`). */
export class BrokenPipeError extends ConnectionError {
  override readonly name: string = "BrokenPipeError";
}

/** A host name could not be resolved (Python's `socket.gaierror`). */
export class GaiError extends OSError {
  override readonly name: string = "GaiError";
}

/** An operation the transport can't do (Python's `NotImplementedError`), e.g. `writeEof` over TLS. */
export class NotImplementedError extends Error {
  override readonly name: "NotImplementedError" = "NotImplementedError";
}

/** True for an `IncompleteReadError` (from any copy of this package). */
export const isIncompleteReadError: (value: unknown) => value is IncompleteReadError = brandError(
  IncompleteReadError,
  "IncompleteReadError",
);

/** True for a `LimitOverrunError` (from any copy of this package). */
export const isLimitOverrunError: (value: unknown) => value is LimitOverrunError = brandError(
  LimitOverrunError,
  "LimitOverrunError",
);

/** True for an `OSError` or any of its subclasses (from any copy of this package). */
export const isOSError: (value: unknown) => value is OSError = brandError(OSError, "OSError");

const CLASS_BY_CODE: Readonly<
  Record<string, new (m: string, c: string, o?: ErrorOptions) => OSError>
> = {
  ECONNREFUSED: ConnectionRefusedError,
  ECONNRESET: ConnectionResetError,
  ECONNABORTED: ConnectionAbortedError,
  EPIPE: BrokenPipeError,
  ENOTFOUND: GaiError,
  EAI_AGAIN: GaiError,
  EAI_FAIL: GaiError,
  EAI_NONAME: GaiError,
};

/**
 * Turns an error from Node's I/O into the matching Python class (the original is the `cause`);
 * anything that is not a system error is returned as it is.
 * @internal
 */
export function fromNodeError(error: unknown): unknown {
  if (isOSError(error) || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !/^E[A-Z_]+$/.test(code)) return error;
  const Kind = CLASS_BY_CODE[code] ?? OSError;
  return new Kind(error.message, code, { cause: error });
}
