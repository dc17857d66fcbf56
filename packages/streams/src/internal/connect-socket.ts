/**
 * Opening a socket and wrapping it in a transport, shared by the client functions and the server.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { type EventLoopContract, Future } from "@asyncio/futures";
import {
  executionFrames,
  type LoopResource,
  type TimerHandleContract,
} from "@asyncio/futures/contract";
import { ConnectionAbortedError, fromNodeError } from "../errors.js";
import type { BaseProtocol } from "../protocol.js";
import { TransportSocket } from "../transport-socket.js";
import type { ClientTls } from "./options.js";
import { post } from "./post.js";
import { StreamEvents } from "./stream-events.js";
import { StreamTransport } from "./stream-transport.js";

/** A client's TLS: `true` for Node's defaults, Node's `tls.connect` options, or a `SecureContext`. */
export type SslOption = boolean | tls.ConnectionOptions | tls.SecureContext | null | undefined;

export interface SocketTarget {
  host?: string;
  port?: number;
  path?: string;
}

/** The extra information of a connected socket. */
function socketExtra(
  socket: net.Socket,
  unixPath: string | null,
  side: "client" | "server",
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
  if (socket instanceof tls.TLSSocket) {
    extra.sslcontext = socket;
    extra.ssl_object = socket;
    extra.peercert = socket.getPeerCertificate();
    extra.cipher = socket.getCipher();
  }
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
  hooks: { onMade?: () => void; onLost?: () => void; shutdownTimeout?: number | null } = {},
): StreamTransport {
  return new StreamTransport(loop, {
    readable: socket,
    writable: socket,
    protocol,
    extra: socketExtra(socket, unixPath, side),
    canWriteEof: !(socket instanceof tls.TLSSocket),
    events,
    ...hooks,
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
