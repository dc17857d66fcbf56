/**
 * `ssl`: the part of Python's `ssl` module that asyncio programs use, so that
 * `ctx = ssl.create_default_context(cafile=...)` ports as `asyncio.ssl.create_default_context(...)`.
 * The `SSLContext` is the one of `@asyncio/streams`, with Python's method names.
 */
import {
  createDefaultContext,
  type DefaultContextOptions,
  type Purpose as PurposeName,
  type SSLContext,
} from "@asyncio/streams";

export {
  CERT_NONE,
  CERT_OPTIONAL,
  CERT_REQUIRED,
  PROTOCOL_TLS,
  PROTOCOL_TLS_CLIENT,
  PROTOCOL_TLS_SERVER,
  Purpose,
  SSLCertVerificationError,
  SSLContext,
  SSLError,
  TLSVersion,
} from "@asyncio/streams";

/**
 * `ssl.create_default_context(purpose=Purpose.SERVER_AUTH, *, cafile=None, capath=None,
 * cadata=None)`.
 *
 * @example
 * ```ts
 * const ctx = asyncio.ssl.create_default_context(asyncio.ssl.Purpose.SERVER_AUTH, { cafile: "ca.pem" });
 * const [reader, writer] = await asyncio.open_connection("example.com", 443, { ssl: ctx });
 * ```
 */
export function create_default_context(
  purpose?: PurposeName,
  options?: DefaultContextOptions,
): SSLContext {
  return createDefaultContext(purpose, options);
}
