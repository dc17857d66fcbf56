/**
 * The options objects of the public functions, checked before anything starts: an unknown name
 * or a value of the wrong kind is a `TypeError` naming the option and quoting the value (Python
 * refuses an unknown keyword argument the same way), a value of the right kind that makes no
 * sense is a `ValueError`.
 */
import * as tls from "node:tls";
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { createDefaultContext, isSSLContext, type SSLContext } from "../ssl-context.js";
import { checkServerHostname } from "./checks.js";

/** Python's defaults: how long a TLS handshake, and a TLS shutdown, may take (seconds). */
const SSL_HANDSHAKE_TIMEOUT = 60;
const SSL_SHUTDOWN_TIMEOUT = 30;

/** The names of the options each kind of call takes. */
export const UNIX_CONNECTION_OPTIONS = [
  "ssl",
  "sock",
  "serverHostname",
  "sslHandshakeTimeout",
  "sslShutdownTimeout",
] as const;
export const CONNECTION_OPTIONS = [
  "ssl",
  "sock",
  "serverHostname",
  "sslHandshakeTimeout",
  "sslShutdownTimeout",
  "family",
  "proto",
  "flags",
  "localAddr",
  "happyEyeballsDelay",
  "interleave",
  "allErrors",
] as const;
export const UNIX_SERVER_OPTIONS = [
  "ssl",
  "sock",
  "backlog",
  "startServing",
  "sslHandshakeTimeout",
  "sslShutdownTimeout",
] as const;
export const SERVER_OPTIONS = [
  "ssl",
  "sock",
  "backlog",
  "startServing",
  "sslHandshakeTimeout",
  "sslShutdownTimeout",
  "reuseAddress",
  "reusePort",
] as const;
export const STREAM_OPTIONS = ["limit"] as const;

/** Refuses anything but an options object with known names; returns it as a record. */
export function checkOptionNames(
  options: unknown,
  known: readonly string[],
  method: string,
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${method}() options must be an object, got ${describe(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw new TypeError(
        `${method}() got an unexpected option ${JSON.stringify(name)} (it takes ${known.join(", ")})`,
      );
    }
  }
  return options as Record<string, unknown>;
}

/**
 * Node's `tls.SecureContext` class: exported at runtime, though its typings only declare the
 * shape. Deno's `node:tls` has no such class: there, nothing is one.
 */
const SecureContextClass = (
  tls as unknown as { SecureContext?: abstract new () => tls.SecureContext }
).SecureContext;

function isSecureContext(value: unknown): value is tls.SecureContext {
  return typeof SecureContextClass === "function" && value instanceof SecureContextClass;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkSeconds(value: unknown, name: string, method: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${method}() ${name} must be a number of seconds, got ${describe(value)}`);
  }
  if (value <= 0) {
    throw new ValueError(`${method}() ${name} should be a positive number, got ${value}`);
  }
  return value;
}

/** `sslHandshakeTimeout`/`sslShutdownTimeout` given without TLS: Python's `ValueError`. */
function refuseWithoutTls(record: Record<string, unknown>, names: string[], method: string): void {
  for (const name of names) {
    if (record[name] !== undefined && record[name] !== null) {
      throw new ValueError(`${method}() ${name} is only meaningful with ssl`);
    }
  }
}

/** How long a TLS handshake and a TLS shutdown may take: `sslHandshakeTimeout`, `sslShutdownTimeout`. */
export function tlsTimeouts(
  record: Record<string, unknown>,
  method: string,
): { handshakeTimeout: number; shutdownTimeout: number } {
  return {
    handshakeTimeout: checkSeconds(
      record.sslHandshakeTimeout,
      "sslHandshakeTimeout",
      method,
      SSL_HANDSHAKE_TIMEOUT,
    ),
    shutdownTimeout: checkSeconds(
      record.sslShutdownTimeout,
      "sslShutdownTimeout",
      method,
      SSL_SHUTDOWN_TIMEOUT,
    ),
  };
}

/** TLS of a client connection: Node's `tls.connect` options, and how long each phase may take. */
export interface ClientTls {
  options: tls.ConnectionOptions;
  /** What `getExtraInfo("sslcontext")` gives: the `SSLContext`, `SecureContext` or options given. */
  context: SSLContext | tls.SecureContext | tls.ConnectionOptions;
  serverHostname: string | null;
  handshakeTimeout: number;
  shutdownTimeout: number;
}

/** A client's `ssl` value as Node options, and what stands for it as `sslcontext`. */
export function clientTlsOptions(
  ssl: unknown,
  method: string,
  name = "ssl",
): { options: tls.ConnectionOptions; context: ClientTls["context"] } | null {
  if (ssl === undefined || ssl === null || ssl === false) return null;
  if (ssl === true) {
    // Python's ssl=True: a default context (verify the server and its name, Node's roots).
    const context = createDefaultContext();
    return { options: context._clientOptions(), context };
  }
  if (isSSLContext(ssl)) return { options: ssl._clientOptions(), context: ssl };
  if (isSecureContext(ssl)) return { options: { secureContext: ssl }, context: ssl };
  if (isPlainObject(ssl)) return { options: ssl as tls.ConnectionOptions, context: ssl };
  throw new TypeError(
    `${method}() ${name} must be ${name === "ssl" ? "true, " : ""}an SSLContext, a TLS options object or a tls.SecureContext, got ${describe(ssl)}`,
  );
}

/** Whether a client with these options checks the server's host name. */
export function checksHostname(options: tls.ConnectionOptions): boolean {
  return options.checkServerIdentity === undefined;
}

/**
 * The TLS options of `createConnection` and friends. `ssl` is `true` (a default `SSLContext`),
 * an `SSLContext`, a TLS options object or a `tls.SecureContext`; `false`, `null` and
 * `undefined` mean plain TCP.
 */
export function checkClientTls(record: Record<string, unknown>, method: string): ClientTls | null {
  const given = clientTlsOptions(record.ssl, method);
  const options = given?.options ?? null;
  const hostname = record.serverHostname;
  if (options === null) {
    if (hostname !== undefined && hostname !== null) {
      throw new ValueError(`${method}() serverHostname is only meaningful with ssl`);
    }
    refuseWithoutTls(record, ["sslHandshakeTimeout", "sslShutdownTimeout"], method);
    return null;
  }
  return {
    options,
    context: (given as NonNullable<typeof given>).context,
    serverHostname:
      hostname === undefined || hostname === null ? null : checkServerHostname(hostname, method),
    ...tlsTimeouts(record, method),
  };
}

/** TLS of a server: Node's `tls.createServer` options or a `SecureContext`, and the timeouts. */
export interface ServerTls {
  options: tls.TlsOptions | null;
  context: tls.SecureContext | null;
  /** What `getExtraInfo("sslcontext")` gives on the server's connections. */
  given: SSLContext | tls.SecureContext | tls.TlsOptions;
  handshakeTimeout: number;
  shutdownTimeout: number;
}

/**
 * The TLS options of `createServer` and friends. A server needs its certificate, so `ssl` is a
 * TLS options object (with `key` and `cert`, ...) or a `tls.SecureContext`; `true` is refused,
 * as Python refuses `ssl=True` for a server.
 */
export function checkServerTls(record: Record<string, unknown>, method: string): ServerTls | null {
  const ssl = record.ssl;
  if (ssl === undefined || ssl === null || ssl === false) {
    refuseWithoutTls(record, ["sslHandshakeTimeout", "sslShutdownTimeout"], method);
    return null;
  }
  const { options, context } = serverTlsOptions(ssl, method);
  return {
    options,
    context,
    given: ssl as ServerTls["given"],
    ...tlsTimeouts(record, method),
  };
}

/** A server's `ssl` value: Node's server options, or a `SecureContext` to wrap sockets with. */
export function serverTlsOptions(
  ssl: unknown,
  method: string,
  name = "ssl",
): { options: tls.TlsOptions | null; context: tls.SecureContext | null } {
  if (isSSLContext(ssl)) return { options: ssl._serverOptions(), context: null };
  if (isSecureContext(ssl)) return { options: null, context: ssl };
  if (isPlainObject(ssl)) return { options: ssl as tls.TlsOptions, context: null };
  throw new TypeError(
    `${method}() ${name} must be an SSLContext, a TLS options object or a tls.SecureContext, got ${describe(ssl)}`,
  );
}

/** `backlog`: a non-negative integer, 100 by default. */
export function checkBacklog(value: unknown, method: string): number {
  if (value === undefined || value === null) return 100;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new TypeError(
      `${method}() backlog must be a non-negative integer, got ${describe(value)}`,
    );
  }
  return value;
}

/** An integer option (`proto`, `flags`, ...); `fallback` when not given. */
export function checkInteger(
  value: unknown,
  name: string,
  method: string,
  fallback: number,
): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${method}() ${name} must be an integer, got ${describe(value)}`);
  }
  return value;
}

/** An address family: `AF_UNSPEC` (0), `AF_INET` (2) or `AF_INET6` (10). */
export function checkFamily(value: unknown, method: string): number {
  const family = checkInteger(value, "family", method, 0);
  if (family !== 0 && family !== 2 && family !== 10) {
    throw new ValueError(
      `${method}() family must be AF_UNSPEC, AF_INET or AF_INET6, got ${family}`,
    );
  }
  return family;
}

/** A number of seconds that may be zero (`happyEyeballsDelay`); `null` when not given. */
export function checkDelay(value: unknown, name: string, method: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${method}() ${name} must be a number of seconds, got ${describe(value)}`);
  }
  if (value < 0) throw new ValueError(`${method}() ${name} must not be negative, got ${value}`);
  return value;
}

/** A boolean option (`startServing`, `reuseAddress`, ...); `fallback` when not given. */
export function checkFlag(
  value: unknown,
  name: string,
  method: string,
  fallback: boolean,
): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`${method}() ${name} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/** A reader's `limit`: a positive number (Python's `ValueError` for zero or less). */
export function checkLimit(value: unknown, method: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${method}() limit must be a number, got ${describe(value)}`);
  }
  if (value <= 0) throw new ValueError("Limit cannot be <= 0");
  return value;
}
