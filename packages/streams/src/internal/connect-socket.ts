/**
 * Opening a socket and wrapping it in a transport, shared by the client functions and the server.
 */
import * as net from "node:net";
import * as tls from "node:tls";
import { Future } from "@asyncio/futures";
import {
  type EventLoopContract,
  executionFrames,
  type LoopResource,
} from "@asyncio/futures/contract";
import { fromNodeError } from "../errors.js";
import type { BaseProtocol } from "../protocol.js";
import { IPPROTO_TCP, TCP_NODELAY } from "../socket-constants.js";
import type { SSLContext } from "../ssl-context.js";
import { rememberOption, TransportSocket } from "../transport-socket.js";
import { openTcp, type TcpConnectOptions } from "./open-tcp.js";
import type { ClientTls } from "./options.js";
import { post } from "./post.js";
import { StreamEvents } from "./stream-events.js";
import { StreamTransport } from "./stream-transport.js";
import { secureSocket } from "./tls-handshake.js";

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
  /** A connected socket handed over (Python's `sock=`). */
  sock?: net.Socket;
  /** How to open a TCP connection to `host` and `port`. */
  tcp?: TcpConnectOptions;
}

/** The secret bits of a cipher suite, read from its name (Node doesn't report them). */
function cipherBits(name: string): number | null {
  if (/CHACHA20|AES_?256|CAMELLIA_?256|ARIA_?256/.test(name)) return 256;
  if (/AES_?128|CAMELLIA_?128|ARIA_?128|SEED/.test(name)) return 128;
  if (/3DES|DES_CBC3|DES-CBC3/.test(name)) return 168;
  return null;
}

/** The TLS entries of a connection's extra information, in Python's shapes. */
function tlsExtra(socket: tls.TLSSocket, sslcontext: unknown): Record<string, unknown> {
  // Node gives an empty object when the peer sent no certificate (none was asked for): Python
  // gives None then, and an empty dict for a certificate that was not validated.
  const certificate = socket.getPeerCertificate();
  const sent =
    certificate !== null && typeof certificate === "object" && Object.keys(certificate).length > 0;
  const cipher = socket.getCipher() as tls.CipherNameAndProtocol | undefined;
  return {
    sslcontext,
    ssl_object: socket,
    peercert: !sent ? null : socket.authorized ? certificate : {},
    cipher:
      cipher === undefined || cipher === null
        ? null
        : [cipher.name, cipher.version, cipherBits(cipher.standardName ?? cipher.name)],
    // OpenSSL as Node builds it has no TLS compression, and Python reports None then.
    compression: null,
  };
}

/** The extra information of a connected socket. */
function socketExtra(
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
  if (unixPath === null) {
    // As Python's TCP transports: small writes go out without waiting for the peer's ACK.
    socket.setNoDelay(true);
    rememberOption(socket, IPPROTO_TCP, TCP_NODELAY, 1);
  }
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

/** Connects to a Unix socket at `path`; a cancelled wait destroys the socket. */
async function openUnix(loop: EventLoopContract, path: string): Promise<HeardSocket> {
  const connected = new Future<void>({ loop });
  // Outside the task's frame, so that Node's callbacks for this socket never look like the task.
  const socket = executionFrames.exit(() => net.connect({ path, allowHalfOpen: true }));
  const onError = (error: Error): void =>
    post(loop, () => {
      if (!connected.done()) connected.setException(fromNodeError(error));
    });
  socket.once("error", onError);
  socket.once("connect", () =>
    post(loop, () => {
      if (!connected.done()) connected.setResult(undefined);
    }),
  );
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
  }
  return heard;
}

/**
 * Connects to `target` — a Unix path, a host and port (see `openTcp`), or a socket handed over
 * (`sock`) — and, with `clientTls`, does the TLS handshake over it (see `secureSocket`). A
 * cancelled wait destroys the socket.
 */
export async function connectSocket(
  loop: EventLoopContract,
  target: SocketTarget,
  clientTls: ClientTls | null,
): Promise<HeardSocket> {
  let plain: HeardSocket;
  if (target.sock !== undefined) {
    rememberAddresses(target.sock);
    plain = hear(target.sock);
  } else if (target.path !== undefined) plain = await openUnix(loop, target.path);
  else
    plain = await openTcp(
      loop,
      target.host as string,
      target.port as number,
      target.tcp as TcpConnectOptions,
    );
  if (clientTls === null) return plain;
  // The TLS socket takes the plain one over: it reads the socket itself from now on.
  plain.events.detach();
  const host = target.host;
  return await secureSocket(loop, plain.socket, {
    serverSide: false,
    clientOptions: clientTls.options,
    serverOptions: null,
    secureContext: null,
    serverHostname:
      clientTls.serverHostname ?? (host !== undefined && !net.isIP(host) ? host : null),
    host,
    handshakeTimeout: clientTls.handshakeTimeout,
  });
}
