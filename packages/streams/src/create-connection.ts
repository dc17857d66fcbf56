/**
 * The low-level client API, as Python's `loop.create_connection()` and
 * `loop.create_unix_connection()`: connect, make the protocol, wrap the socket in a transport, and
 * return both once `connectionMade` has run.
 */
import { Future, getRunningLoop } from "@asyncio/futures";
import { Coroutine } from "@asyncio/tasks";
import { checkFactory, checkHost, checkPath, checkPort } from "./internal/checks.js";
import { connectSocket, type SslOption, socketTransport } from "./internal/connect-socket.js";
import {
  type ClientTls,
  CONNECTION_OPTIONS,
  checkClientTls,
  checkOptionNames,
} from "./internal/options.js";
import { makeProtocol } from "./internal/user-callback.js";
import type { BaseProtocol } from "./protocol.js";
import type { Transport } from "./transport.js";

export interface ConnectionOptions {
  /**
   * TLS: `true` for Node's defaults, `tls.connect` options (`ca`, `rejectUnauthorized`, ...), or
   * a `tls.SecureContext`; `false`/`null`/`undefined` for plain TCP.
   */
  ssl?: SslOption;
  /** The name the server's certificate must match; the host by default. */
  serverHostname?: string | null;
  /** Seconds the TLS handshake may take before the connection is aborted (60 by default). */
  sslHandshakeTimeout?: number | null;
  /** Seconds flushing a closing TLS connection may take before it is aborted (30 by default). */
  sslShutdownTimeout?: number | null;
}

/** Checks a connection's options before anything starts; returns its TLS settings, if any. @internal */
export function checkConnectionOptions(
  options: unknown,
  method: string,
  more: readonly string[] = [],
): { tls: ClientTls | null; record: Record<string, unknown> } {
  const record = checkOptionNames(options, [...CONNECTION_OPTIONS, ...more], method);
  return { tls: checkClientTls(record, method), record };
}

/** Opens the connection, then makes the protocol and the transport. @internal */
export async function connectWith<P extends BaseProtocol>(
  protocolFactory: () => P,
  target: { host?: string; port?: number; path?: string },
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
  const transport = socketTransport(loop, heard, protocol, target.path ?? null, "client", {
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
 * Connects to `host:port` over TCP (TLS with `ssl`) and resolves to `[transport, protocol]` once
 * the protocol's `connectionMade` has run. Errors are Python's: `ConnectionRefusedError`,
 * `GaiError` for a host that doesn't resolve, `ConnectionAbortedError` for a TLS handshake that
 * takes too long, `RangeError` for a port out of range.
 *
 * @example
 * ```ts
 * const [transport, protocol] = await createConnection(() => new Echo(), "127.0.0.1", 8888);
 * ```
 */
export function createConnection<P extends BaseProtocol>(
  protocolFactory: () => P,
  host: string,
  port: number,
  options: ConnectionOptions = {},
): Coroutine<[Transport, P]> {
  checkFactory(protocolFactory, "createConnection");
  const checkedHost = checkHost(host, "createConnection");
  const checkedPort = checkPort(port, "createConnection");
  const { tls } = checkConnectionOptions(options, "createConnection");
  return new Coroutine(() =>
    connectWith(protocolFactory, { host: checkedHost, port: checkedPort }, tls),
  );
}

/**
 * `createConnection` over a Unix domain socket at `path`.
 *
 * @example
 * ```ts
 * const [transport, protocol] = await createUnixConnection(() => new Echo(), "/tmp/echo.sock");
 * ```
 */
export function createUnixConnection<P extends BaseProtocol>(
  protocolFactory: () => P,
  path: string,
  options: ConnectionOptions = {},
): Coroutine<[Transport, P]> {
  checkFactory(protocolFactory, "createUnixConnection");
  const checkedPath = checkPath(path, "createUnixConnection");
  const { tls } = checkConnectionOptions(options, "createUnixConnection");
  return new Coroutine(() => connectWith(protocolFactory, { path: checkedPath }, tls));
}
