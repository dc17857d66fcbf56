/**
 * The errors of network and pipe I/O: asyncio's stream errors (`IncompleteReadError`,
 * `LimitOverrunError`) and the Python `OSError` family that Node reports as error codes
 * (`ECONNREFUSED` becomes `ConnectionRefusedError`, and so on), so that callers can catch by class.
 */
import { RuntimeError } from "@asyncio/futures";
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

/** A file, directory or Unix socket path that doesn't exist (`ENOENT`). */
export class FileNotFoundError extends OSError {
  override readonly name: string = "FileNotFoundError";
}

/** Not allowed: a path we may not open or run, a port we may not bind (`EACCES`, `EPERM`). */
export class PermissionError extends OSError {
  override readonly name: string = "PermissionError";
}

/** A host name could not be resolved (Python's `socket.gaierror`). */
export class GaiError extends OSError {
  override readonly name: string = "GaiError";
}

/**
 * A TLS failure (Python's `ssl.SSLError`, an `OSError`): a handshake the peer broke off, a
 * protocol error, a bad key. `reason` is OpenSSL's short name for it when Node gives one
 * (`"WRONG_VERSION_NUMBER"`), and `code` is Node's code (`"ERR_SSL_WRONG_VERSION_NUMBER"`).
 *
 * @example
 * ```ts
 * try { await openConnection(host, port, { ssl: true }); } catch (e) { if (isSSLError(e)) console.log(e.reason); }
 * ```
 */
export class SSLError extends OSError {
  override readonly name: string = "SSLError";
  readonly reason: string | null;

  constructor(
    message: string,
    code: string | null = null,
    options?: ErrorOptions & { reason?: string | null },
  ) {
    super(message, code, options);
    this.reason = options?.reason ?? null;
  }
}

/**
 * The peer's certificate was refused (Python's `ssl.SSLCertVerificationError`): not signed by a
 * trusted authority, expired, or not valid for the host name. `verifyCode` is OpenSSL's name for
 * the failure (`"DEPTH_ZERO_SELF_SIGNED_CERT"`, `"HOSTNAME_MISMATCH"`), `verifyMessage` its text.
 *
 * @example
 * ```ts
 * try { await openConnection("127.0.0.1", port, { ssl: true }); }
 * catch (e) { if (isSSLCertVerificationError(e)) console.log(e.verifyMessage); }
 * ```
 */
export class SSLCertVerificationError extends SSLError {
  override readonly name: string = "SSLCertVerificationError";
  readonly verifyCode: string;
  readonly verifyMessage: string;

  constructor(
    verifyMessage: string,
    verifyCode: string,
    options?: ErrorOptions & { code?: string | null },
  ) {
    super(
      `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verifyMessage}`,
      options?.code ?? verifyCode,
      {
        ...(options?.cause !== undefined ? { cause: options.cause } : {}),
        reason: "CERTIFICATE_VERIFY_FAILED",
      },
    );
    this.verifyCode = verifyCode;
    this.verifyMessage = verifyMessage;
  }
}

/**
 * `sendfile()` can't send this file with zero-copy and was told not to fall back to reading
 * and writing it (Python's `asyncio.SendfileNotAvailableError`, a `RuntimeError`).
 *
 * @example
 * ```ts
 * try { await sendfile(transport, path, 0, null, { fallback: false }); }
 * catch (e) { if (isSendfileNotAvailableError(e)) await sendfile(transport, path); }
 * ```
 */
export class SendfileNotAvailableError extends RuntimeError {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    // RuntimeError types its name as a literal; the subclass still shows its own, as Python does.
    Object.defineProperty(this, "name", {
      value: "SendfileNotAvailableError",
      configurable: true,
      writable: true,
    });
  }
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

/** True for an `SSLError` or an `SSLCertVerificationError` (from any copy of this package). */
export const isSSLError: (value: unknown) => value is SSLError = brandError(SSLError, "SSLError");

/** True for an `SSLCertVerificationError` (from any copy of this package). */
export const isSSLCertVerificationError: (value: unknown) => value is SSLCertVerificationError =
  brandError(SSLCertVerificationError, "SSLCertVerificationError");

/** True for a `SendfileNotAvailableError` (from any copy of this package). */
export const isSendfileNotAvailableError: (value: unknown) => value is SendfileNotAvailableError =
  brandError(SendfileNotAvailableError, "SendfileNotAvailableError");

/** True for a `NotImplementedError` (from any copy of this package). */
export const isNotImplementedError: (value: unknown) => value is NotImplementedError = brandError(
  NotImplementedError,
  "NotImplementedError",
);

/**
 * OpenSSL's certificate verification failures, as Node names them: these become
 * `SSLCertVerificationError`. (Node's own host-name check reports `ERR_TLS_CERT_ALTNAME_INVALID`.)
 */
const CERT_VERIFY_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
]);

/** Node's TLS errors as Python's `SSLError` family, or `null` when `error` is no TLS error. */
function fromTlsError(error: Error, code: string): SSLError | null {
  if (CERT_VERIFY_CODES.has(code)) {
    // OpenSSL's words, without the advice some Node versions append after a semicolon.
    const text = error.message.split("; ")[0] as string;
    return new SSLCertVerificationError(text, code, { cause: error });
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const host = (error as { host?: unknown }).host;
    const text =
      typeof host === "string"
        ? `Hostname mismatch, certificate is not valid for '${host}'.`
        : error.message;
    return new SSLCertVerificationError(text, "HOSTNAME_MISMATCH", { cause: error, code });
  }
  if (code.startsWith("ERR_SSL_")) {
    return new SSLError(error.message, code, { cause: error, reason: code.slice(8) });
  }
  if (code.startsWith("ERR_TLS_") || code === "ERR_OSSL_PEM_NO_START_LINE") {
    return new SSLError(error.message, code, { cause: error });
  }
  return null;
}

const CLASS_BY_CODE: Readonly<
  Record<string, new (m: string, c: string, o?: ErrorOptions) => OSError>
> = {
  ECONNREFUSED: ConnectionRefusedError,
  ECONNRESET: ConnectionResetError,
  ECONNABORTED: ConnectionAbortedError,
  EPIPE: BrokenPipeError,
  ENOENT: FileNotFoundError,
  EACCES: PermissionError,
  EPERM: PermissionError,
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
  if (typeof code !== "string") return error;
  const tlsError = fromTlsError(error, code);
  if (tlsError !== null) return tlsError;
  if (!/^E[A-Z_]+$/.test(code)) return error;
  const Kind = CLASS_BY_CODE[code] ?? OSError;
  return new Kind(error.message, code, { cause: error });
}
