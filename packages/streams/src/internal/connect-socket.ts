/**
 * Opening a socket and wrapping it in a transport, shared by the client functions and the server.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import {
  type EventLoopContract,
  executionFrames,
  Future,
  type LoopResource,
  type TimerHandleContract,
} from "@asyncio/futures";
import { ConnectionAbortedError, fromNodeError } from "../errors.js";
import type { BaseProtocol } from "../protocol.js";
import type { SSLContext } from "../ssl-context.js";
import { TransportSocket } from "../transport-socket.js";
import type { ClientTls } from "./options.js";
import { post } from "./post.js";
import { StreamEvents } from "./stream-events.js";
import { StreamTransport } from "./stream-transport.js";

/** A client's TLS: `true` for Node's defaults, Node's `tls.connect` options, or a `SecureContext`. */
export type SslOption =
  | boolean
  | SSLContext
  | tls.ConnectionOptions
  | tls.SecureContext
  | null
  | undefined;

export interface SocketTarget {
  host?: string;
  port?: number;
  path?: string;
}

/** The secret bits of a cipher suite, read from its name (Node doesn't report them). */
function cipherBits(name: string): number | null {
  if (/CHACHA20|AES_?256|CAMELLIA_?256|ARIA_?256/.test(name)) return 256;
  if (/AES_?128|CAMELLIA_?128|ARIA_?128|SEED/.test(name)) return 128;
  if (/3DES|DES_CBC3|DES-CBC3/.test(name)) return 168;
  return null;
}

/** The TLS entries of a connection's extra information, in Python's shapes. */
export function tlsExtra(socket: tls.TLSSocket, sslcontext: unknown): Record<string, unknown> {
  // Node gives an empty object when the peer sent no certificate (none was asked for).
  const certificate = socket.getPeerCertificate();
  const cipher = socket.getCipher() as tls.CipherNameAndProtocol | undefined;
  return {
    sslcontext,
    ssl_object: socket,
    peercert:
      certificate !== null && typeof certificate === "object" && Object.keys(certificate).length > 0
        ? certificate
        : null,
    cipher:
      cipher === undefined || cipher === null
        ? null
        : [cipher.name, cipher.version, cipherBits(cipher.standardName ?? cipher.name)],
    // OpenSSL as Node builds it has no TLS compression, and Python reports None then.
    compression: null,
  };
}

/** The extra information of a connected socket. */
export function socketExtra(
  socket: net.Socket,
  unixPath: string | null,
  side: "client" | "server",
  sslcontext: unknown = null,
): Record<string, unknown> {
  const transportSocket = new TransportSocket(socket, unixPath);
  const extra: Record<string, unknown> = { socket: transportSocket };
  if (unixPath !== null) {
    extra.sockname = side === "server" ? unixPath : "";
    extra.peername = side === "client" ? unixPath : "";
  } else {
    const local = socket.address();
    if (typeof local === "object" && "port" in local) extra.sockname = [local.address, local.port];
    extra.peername = [socket.remoteAddress ?? "", socket.remotePort ?? 0];
  }
  if (socket instanceof tls.TLSSocket) Object.assign(extra, tlsExtra(socket, sslcontext ?? socket));
  return extra;
}

/** A socket with the listeners that keep its events from the moment it exists. */
export interface HeardSocket {
  socket: net.Socket;
  events: StreamEvents;
}

/**
 * Reads the socket's addresses while it is connected: Node keeps them once read, and a socket
 * reset before its transport exists can no longer tell them (Python has them from `accept()`).
 */
export function rememberAddresses(socket: net.Socket): void {
  void socket.remotePort;
  socket.address();
}

/** Starts listening to `socket` (see `StreamEvents`). */
export function hear(socket: net.Socket): HeardSocket {
  return { socket, events: new StreamEvents(socket, socket) };
}

/** Wraps a connected socket in a transport for `protocol`; `onMade` runs after `connectionMade`. */
export function socketTransport(
  loop: EventLoopContract,
  { socket, events }: HeardSocket,
  protocol: BaseProtocol,
  unixPath: string | null,
  side: "client" | "server",
  hooks: {
    onMade?: () => void;
    onLost?: () => void;
    shutdownTimeout?: number | null;
    sslcontext?: unknown;
    callConnectionMade?: boolean;
  } = {},
): StreamTransport {
  const { sslcontext, ...rest } = hooks;
  return new StreamTransport(loop, {
    readable: socket,
    writable: socket,
    protocol,
    extra: socketExtra(socket, unixPath, side, sslcontext),
    canWriteEof: !(socket instanceof tls.TLSSocket),
    events,
    ...rest,
  });
}

/** Python's words for a handshake that took too long (seconds shown as a float, as Python does). */
function handshakeTimedOut(timeout: number): ConnectionAbortedError {
  const seconds = Number.isInteger(timeout) ? timeout.toFixed(1) : String(timeout);
  return new ConnectionAbortedError(
    `SSL handshake is taking longer than ${seconds} seconds: aborting the connection`,
  );
}

/**
 * Connects to `target` (TCP or Unix, with TLS if `clientTls`); a cancelled wait destroys the
 * socket. Over TLS, a handshake still unfinished `handshakeTimeout` seconds after the TCP
 * connection is made aborts it with `ConnectionAbortedError`, as Python does.
 */
export async function connectSocket(
  loop: EventLoopContract,
  target: SocketTarget,
  clientTls: ClientTls | null,
): Promise<HeardSocket> {
  const connected = new Future<void>({ loop });
  // Outside the task's frame, so that Node's callbacks for this socket never look like the task.
  const socket = executionFrames.exit(() => {
    const base =
      target.path !== undefined ? { path: target.path } : { host: target.host, port: target.port };
    if (clientTls === null)
      return net.connect({ ...base, allowHalfOpen: true } as net.NetConnectOpts);
    const servername =
      clientTls.serverHostname ?? (net.isIP(target.host ?? "") ? undefined : target.host);
    return tls.connect({
      ...clientTls.options,
      ...base,
      ...(servername !== undefined ? { servername } : {}),
      allowHalfOpen: true,
    } as unknown as tls.ConnectionOptions);
  });
  const onError = (error: Error): void =>
    post(loop, () => {
      if (!connected.done()) connected.setException(fromNodeError(error));
    });
  const onConnect = (): void => {
    rememberAddresses(socket);
    post(loop, () => {
      if (!connected.done()) connected.setResult(undefined);
    });
  };
  socket.once("error", onError);
  socket.once(clientTls !== null ? "secureConnect" : "connect", onConnect);
  let handshakeTimer: TimerHandleContract | null = null;
  if (clientTls !== null) {
    const handshakeTimeout = clientTls.handshakeTimeout;
    socket.once("connect", () =>
      post(loop, () => {
        if (connected.done()) return;
        handshakeTimer = loop.callLater(handshakeTimeout, () => {
          if (!connected.done()) connected.setException(handshakeTimedOut(handshakeTimeout));
        });
      }),
    );
  }
  // Heard from now on: an EOF or a reset between connecting and the transport is kept.
  const heard = hear(socket);
  // While connecting, the socket belongs to the loop: closing the loop destroys it.
  const connecting: LoopResource = { _closeWithLoop: () => socket.destroy() };
  loop._addResource(connecting);
  try {
    await connected;
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    loop._removeResource(connecting);
    socket.off("error", onError);
    (handshakeTimer as TimerHandleContract | null)?.cancel();
  }
  return heard;
}
