/**
 * The low-level client API, as Python's `loop.create_connection()` and
 * `loop.create_unix_connection()`: connect (or take over a connected socket), make the protocol,
 * wrap the socket in a transport, and return both once `connectionMade` has run.
 */
import * as net from "node:net";
import { Future, getRunningLoop, ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { checkFactory, checkHost, checkPath, checkPort } from "./internal/checks.js";
import {
  connectSocket,
  type SocketTarget,
  type SslOption,
  socketTransport,
} from "./internal/connect-socket.js";
import type { TcpConnectOptions } from "./internal/open-tcp.js";
import {
  type ClientTls,
  CONNECTION_OPTIONS,
  checkClientTls,
  checkDelay,
  checkFamily,
  checkFlag,
  checkInteger,
  checkOptionNames,
  UNIX_CONNECTION_OPTIONS,
} from "./internal/options.js";
import { makeProtocol } from "./internal/user-callback.js";
import type { BaseProtocol } from "./protocol.js";
import { Socket } from "./socket.js";
import type { Transport } from "./transport.js";
import { TransportSocket } from "./transport-socket.js";

/**
 * The options of `createUnixConnection` and `openUnixConnection`, which the TCP connections take
 * too: Python's `ssl`, `sock`, `server_hostname` and TLS timeouts, in camelCase.
 */
export interface UnixConnectionOptions {
  /**
   * TLS: `true` for a default `SSLContext`, an `SSLContext`, `tls.connect` options (`ca`,
   * `rejectUnauthorized`, ...), or a `tls.SecureContext`; `false`/`null`/`undefined` for none.
   */
  ssl?: SslOption;
  /** A connected socket to use instead of connecting (a `net.Socket` or a `TransportSocket`). */
  sock?: net.Socket | TransportSocket | Socket | null;
  /** The name the server's certificate must match; the host by default. */
  serverHostname?: string | null;
  /** Seconds the TLS handshake may take before the connection is aborted (60 by default). */
  sslHandshakeTimeout?: number | null;
  /** Seconds flushing a closing TLS connection may take before it is aborted (30 by default). */
  sslShutdownTimeout?: number | null;
}

/**
 * The options of `createConnection` and `openConnection`: Python's keyword arguments of
 * `loop.create_connection()`, in camelCase.
 */
export interface ConnectionOptions extends UnixConnectionOptions {
  /** `AF_INET` or `AF_INET6` to use only that family's addresses (`AF_UNSPEC`, 0, by default). */
  family?: number;
  /** `IPPROTO_TCP` or 0. */
  proto?: number;
  /** `getaddrinfo` flags for resolving the host (`AI_ADDRCONFIG`, ...). */
  flags?: number;
  /** Bind the socket to this `[host, port]` before connecting. */
  localAddr?: [host: string, port: number] | null;
  /**
   * Happy Eyeballs (RFC 8305): start the next address's attempt when this many seconds pass
   * without the current one connecting (by default, addresses are tried one after another).
   */
  happyEyeballsDelay?: number | null;
  /** Reorder the addresses by family: this many of the first family, then alternate (1 with Happy Eyeballs). */
  interleave?: number | null;
  /** When every address fails, raise an `ExceptionGroup` of all the errors. */
  allErrors?: boolean;
}

/** A connection's checked options. @internal */
export interface CheckedConnectionOptions {
  tls: ClientTls | null;
  record: Record<string, unknown>;
  sock: net.Socket | Socket | null;
  tcp: TcpConnectOptions;
}

/** `sock=`: a connected stream socket, given as Node's `net.Socket` or our `TransportSocket`. */
function checkSock(value: unknown, method: string): net.Socket | Socket | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Socket) {
    if (!(value._peekRaw() instanceof net.Socket)) {
      throw new ValueError(`${method}() sock must be a connected socket, got ${describe(value)}`);
    }
    return value;
  }
  const raw = value instanceof TransportSocket ? value.raw : value;
  if (!(raw instanceof net.Socket)) {
    throw new ValueError(`${method}() A Stream Socket was expected, got ${describe(value)}`);
  }
  if (raw.destroyed || raw.pending) {
    throw new ValueError(`${method}() sock must be a connected socket, got ${describe(value)}`);
  }
  return raw;
}

function checkLocalAddr(value: unknown, method: string): [string, number] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${method}() localAddr must be [host, port], got ${describe(value)}`);
  }
  return [checkHost(value[0], method), checkPort(value[1], method)];
}

/** Checks a connection's options before anything starts. @internal */
export function checkConnectionOptions(
  options: unknown,
  method: string,
  more: readonly string[] = [],
  kind: "tcp" | "unix" = "tcp",
): CheckedConnectionOptions {
  const names = kind === "tcp" ? CONNECTION_OPTIONS : UNIX_CONNECTION_OPTIONS;
  const record = checkOptionNames(options, [...names, ...more], method);
  const proto = checkInteger(record.proto, "proto", method, 0);
  if (proto !== 0 && proto !== 6) {
    throw new ValueError(`${method}() proto must be 0 or IPPROTO_TCP (6), got ${proto}`);
  }
  const interleave = record.interleave;
  if (interleave !== undefined && interleave !== null) {
    if (typeof interleave !== "number" || !Number.isInteger(interleave) || interleave < 0) {
      throw new TypeError(
        `${method}() interleave must be a non-negative integer, got ${describe(interleave)}`,
      );
    }
  }
  return {
    tls: checkClientTls(record, method),
    record,
    sock: checkSock(record.sock, method),
    tcp: {
      family: checkFamily(record.family, method),
      proto,
      flags: checkInteger(record.flags, "flags", method, 0),
      localAddr: checkLocalAddr(record.localAddr, method),
      happyEyeballsDelay: checkDelay(record.happyEyeballsDelay, "happyEyeballsDelay", method),
      interleave: (interleave as number | null | undefined) ?? null,
      allErrors: checkFlag(record.allErrors, "allErrors", method, false),
    },
  };
}

/**
 * The target of a TCP connection: `host` and `port`, or `sock` instead of both (Python's
 * `ValueError`s otherwise). @internal
 */
export function tcpTarget(
  host: unknown,
  port: unknown,
  checked: CheckedConnectionOptions,
  method: string,
): SocketTarget {
  const noHost = host === null || host === undefined;
  const noPort = port === null || port === undefined;
  if (checked.sock !== null) {
    if (!noHost || !noPort) {
      throw new ValueError("host/port and sock can not be specified at the same time");
    }
    if (checked.tls !== null && checked.tls.serverHostname === null) {
      throw new ValueError("You must set server_hostname when using ssl without a host");
    }
    return { sock: handOver(checked.sock) };
  }
  if (noHost && noPort) {
    throw new ValueError("host and port was not specified and no sock specified");
  }
  return { host: checkHost(host, method), port: checkPort(port, method), tcp: checked.tcp };
}

/** The Node socket of `sock=`, taken from a `Socket` once every argument was checked. */
function handOver(sock: net.Socket | Socket): net.Socket {
  return sock instanceof Socket ? (sock._detach() as net.Socket) : sock;
}

/** The target of a Unix connection: `path`, or `sock`. @internal */
export function unixTarget(
  path: unknown,
  checked: CheckedConnectionOptions,
  method: string,
): SocketTarget {
  if (checked.sock !== null) {
    if (path !== null && path !== undefined) {
      throw new ValueError("path and sock can not be specified at the same time");
    }
    return { sock: handOver(checked.sock) };
  }
  if (path === null || path === undefined) throw new ValueError("no path and sock were specified");
  return { path: checkPath(path, method) };
}

/** Opens the connection, then makes the protocol and the transport. @internal */
export async function connectWith<P extends BaseProtocol>(
  protocolFactory: () => P,
  target: SocketTarget,
  clientTls: ClientTls | null,
): Promise<[Transport, P]> {
  const loop = getRunningLoop();
  const heard = await connectSocket(loop, target, clientTls);
  let protocol: P;
  try {
    protocol = makeProtocol(loop, protocolFactory, "createConnection");
  } catch (error) {
    heard.socket.destroy();
    throw error;
  }
  const made = new Future<void>({ loop });
  const unixPath = target.path ?? (target.sock !== undefined ? sockPath(target.sock) : null);
  const transport = socketTransport(loop, heard, protocol, unixPath, "client", {
    onMade: () => {
      if (!made.done()) made.setResult(undefined);
    },
    shutdownTimeout: clientTls?.shutdownTimeout ?? null,
    sslcontext: clientTls?.context ?? null,
  });
  try {
    await made;
  } catch (error) {
    transport.close();
    throw error;
  }
  return [transport, protocol];
}

/**
 * A Unix socket handed over has an unknown path (Node doesn't tell it: `""`); a TCP one has
 * none (`null`). Node only shows the kind of socket in the class of its handle.
 */
function sockPath(socket: net.Socket): string | null {
  const handle = (socket as unknown as { _handle?: { constructor?: { name?: string } } })._handle;
  return handle?.constructor?.name === "Pipe" ? "" : null;
}

/**
 * Connects to `host:port` over TCP (TLS with `ssl`) and resolves to `[transport, protocol]` once
 * the protocol's `connectionMade` has run. The addresses of `host` are tried in turn (or raced,
 * with `happyEyeballsDelay`); with `sock`, a connected socket is used instead and `host` and
 * `port` are `null`. Errors are Python's: `ConnectionRefusedError`, `GaiError` for a host that
 * doesn't resolve, `OSError("Multiple exceptions: ...")` (or an `ExceptionGroup` with
 * `allErrors`) when several addresses fail, `SSLCertVerificationError`, `ConnectionAbortedError`
 * for a TLS handshake that takes too long, `RangeError` for a port out of range.
 *
 * @example
 * ```ts
 * const [transport, protocol] = await createConnection(() => new Echo(), "127.0.0.1", 8888);
 * const [t2] = await createConnection(() => new Echo(), null, null, { sock: connectedSocket });
 * ```
 */
export function createConnection<P extends BaseProtocol>(
  protocolFactory: () => P,
  host: string | null = null,
  port: number | null = null,
  options: ConnectionOptions = {},
): Coroutine<[Transport, P]> {
  checkFactory(protocolFactory, "createConnection");
  const checked = checkConnectionOptions(options, "createConnection");
  const target = tcpTarget(host, port, checked, "createConnection");
  return new Coroutine(() => connectWith(protocolFactory, target, checked.tls));
}

/**
 * `createConnection` over a Unix domain socket at `path` (or a connected one given as `sock`).
 *
 * @example
 * ```ts
 * const [transport, protocol] = await createUnixConnection(() => new Echo(), "/tmp/echo.sock");
 * ```
 */
export function createUnixConnection<P extends BaseProtocol>(
  protocolFactory: () => P,
  path: string | null = null,
  options: UnixConnectionOptions = {},
): Coroutine<[Transport, P]> {
  checkFactory(protocolFactory, "createUnixConnection");
  const checked = checkConnectionOptions(options, "createUnixConnection", [], "unix");
  const target = unixTarget(path, checked, "createUnixConnection");
  return new Coroutine(() => connectWith(protocolFactory, target, checked.tls));
}
