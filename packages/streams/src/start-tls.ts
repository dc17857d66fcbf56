/**
 * Upgrading a plain connection to TLS in place, as Python's `loop.start_tls()`: protocols that
 * begin in the clear and switch (SMTP's STARTTLS, PostgreSQL's SSLRequest) hand their transport
 * over, and go on with a TLS transport on the same socket once the handshake is done.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { Future, getRunningLoop, isCancelledError, ValueError } from "@asyncio/futures";
import { describe, executionFrames } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { checkServerHostname } from "./internal/checks.js";
import { type HeardSocket, socketTransport } from "./internal/connect-socket.js";
import {
  checkFlag,
  checkOptionNames,
  checksHostname,
  clientTlsOptions,
  serverTlsOptions,
  tlsTimeouts,
} from "./internal/options.js";
import { post } from "./internal/post.js";
import { StreamTransport } from "./internal/stream-transport.js";
import { type HandshakeSettings, secureSocket } from "./internal/tls-handshake.js";
import type { BaseProtocol } from "./protocol.js";
import type { SSLContext } from "./ssl-context.js";
import type { Transport } from "./transport.js";

/** What `startTls` takes as its context: an `SSLContext`, Node's TLS options, a `SecureContext`. */
export type TlsContext =
  | SSLContext
  | tls.SecureContextOptions
  | tls.ConnectionOptions
  | tls.TlsOptions
  | tls.SecureContext;

/** The options of `startTls`: Python's keyword arguments of `loop.start_tls()`, in camelCase. */
export interface StartTlsOptions {
  /** Upgrade as the server (default `false`: as the client). */
  serverSide?: boolean;
  /** The name the server's certificate must match (a client that checks host names needs it). */
  serverHostname?: string | null;
  /** Seconds the handshake may take before the connection is aborted (60 by default). */
  sslHandshakeTimeout?: number | null;
  /** Seconds flushing the closing TLS connection may take before it is aborted (30 by default). */
  sslShutdownTimeout?: number | null;
}

const START_TLS_OPTIONS = [
  "serverSide",
  "serverHostname",
  "sslHandshakeTimeout",
  "sslShutdownTimeout",
] as const;

/** @internal */
export interface Checked extends HandshakeSettings {
  sslcontext: unknown;
  shutdownTimeout: number;
}

/** Checks `startTls`'s arguments before anything starts. @internal */
export function checkStartTls(
  transport: unknown,
  protocol: unknown,
  sslContext: unknown,
  options: unknown,
  method = "startTls",
  names: readonly string[] = START_TLS_OPTIONS,
): Checked {
  if (!(transport instanceof StreamTransport) || transport.isClosing()) {
    throw new TypeError(`transport ${describe(transport)} is not supported by start_tls()`);
  }
  const raw = transport.getExtraInfo("socket") as { raw?: unknown } | null;
  if (raw === null || !(raw.raw instanceof net.Socket) || raw.raw instanceof tls.TLSSocket) {
    throw new TypeError(`transport ${describe(transport)} is not supported by start_tls()`);
  }
  if (typeof protocol !== "object" || protocol === null) {
    throw new TypeError(
      `${method}() protocol must be a protocol object, got ${describe(protocol)}`,
    );
  }
  const record = checkOptionNames(options, names, method);
  const serverSide = checkFlag(record.serverSide, "serverSide", method, false);
  const hostname = record.serverHostname;
  const serverHostname =
    hostname === undefined || hostname === null ? null : checkServerHostname(hostname, method);
  const common = {
    serverSide,
    serverHostname,
    ...tlsTimeouts(record, method),
  };
  if (serverSide) {
    if (serverHostname !== null) {
      throw new ValueError(`${method}() serverHostname is only meaningful with serverSide false`);
    }
    const { options: serverOptions, context } = serverTlsOptions(sslContext, method, "sslContext");
    return {
      ...common,
      clientOptions: null,
      serverOptions,
      secureContext: context,
      sslcontext: sslContext,
    };
  }
  if (
    sslContext === true ||
    sslContext === false ||
    sslContext === null ||
    sslContext === undefined
  ) {
    throw new TypeError(
      `${method}() sslContext must be an SSLContext, a TLS options object or a tls.SecureContext, got ${describe(sslContext)}`,
    );
  }
  const given = clientTlsOptions(sslContext, method, "sslContext");
  const clientOptions = (given as NonNullable<typeof given>).options;
  if (serverHostname === null && checksHostname(clientOptions)) {
    // Python: an SSLContext that checks host names can't do it without one.
    throw new ValueError("check_hostname requires server_hostname");
  }
  return {
    ...common,
    clientOptions,
    serverOptions: null,
    secureContext: null,
    sslcontext: sslContext,
  };
}

/** Waits for the socket to have written everything: TLS must not overtake plain bytes. */
async function flushed(transport: StreamTransport, socket: net.Socket): Promise<void> {
  const loop = getRunningLoop();
  while (transport._unsentBytes() > 0) {
    const done = new Future<void>({ loop });
    executionFrames.exit(() =>
      socket.write(new Uint8Array(0), () => post(loop, () => done.done() || done.setResult())),
    );
    await done;
  }
}

/** Upgrades with arguments already checked. @internal */
export async function upgradeChecked(
  transport: StreamTransport,
  protocol: BaseProtocol,
  checked: Checked,
): Promise<Transport> {
  const loop = getRunningLoop();
  const socketInfo = transport.getExtraInfo("socket") as { raw: net.Socket; family: string };
  const socket = socketInfo.raw;
  await flushed(transport, socket);
  const paused = !transport.isReading();
  const { unread } = transport._handOver();
  // The TLS layer reads what the socket still holds, these bytes first.
  for (const chunk of unread.reverse()) socket.unshift(chunk);
  let heard: HeardSocket;
  try {
    heard = await secureSocket(loop, socket, checked);
  } catch (error) {
    // A cancelled upgrade closes the connection as close() would: no error to report.
    transport._upgradeFailed(isCancelledError(error) ? null : error);
    throw error;
  }
  const sockname = transport.getExtraInfo("sockname");
  const peername = transport.getExtraInfo("peername");
  const unixPath = socketInfo.family === "unix" ? String(sockname || peername) : null;
  const side = checked.serverSide ? "server" : "client";
  const successor = socketTransport(loop, heard, protocol, unixPath, side, {
    shutdownTimeout: checked.shutdownTimeout,
    sslcontext: checked.sslcontext,
    callConnectionMade: false,
    onLost: () => transport._successorLost(),
  });
  // The same connection: the same addresses (a Unix path belongs to the side that listened).
  successor._setAddresses(sockname, peername);
  if (paused) successor.pauseReading();
  transport._handedTo(successor);
  return successor;
}

/**
 * Upgrades `transport` to TLS in place and resolves to the new transport once the handshake is
 * done (Python's `loop.start_tls()`). `protocol` receives the decrypted data from then on (its
 * `connectionMade` is not called again). The plain transport must not be written to any more;
 * closing or aborting it closes the TLS connection. If the handshake fails, the connection is
 * closed, `protocol.connectionLost(error)` is called, and the error is raised:
 * `SSLCertVerificationError`, `SSLError`, or `ConnectionAbortedError` after
 * `sslHandshakeTimeout`.
 *
 * @example
 * ```ts
 * // An SMTP client after "STARTTLS" was accepted:
 * const tlsTransport = await startTls(transport, protocol, createDefaultContext(), {
 *   serverHostname: "mail.example.com",
 * });
 * ```
 */
export function startTls(
  transport: Transport,
  protocol: BaseProtocol,
  sslContext: TlsContext,
  options: StartTlsOptions = {},
): Coroutine<Transport> {
  const checked = checkStartTls(transport, protocol, sslContext, options);
  return new Coroutine(() => upgradeChecked(transport as StreamTransport, protocol, checked));
}
