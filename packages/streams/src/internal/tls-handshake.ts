/**
 * The TLS handshake over a connected socket, shared by clients (`createConnection` with `ssl`)
 * and upgrades (`startTls`): the TLS socket is listened to from the moment it exists, and the
 * handshake ends in one of four ways — done, refused (`SSLError`, `SSLCertVerificationError`),
 * the peer gone (`ConnectionResetError`), or too slow (`ConnectionAbortedError`).
 */
import type * as net from "node:net";
import * as tls from "node:tls";
import { Future } from "@asyncio/futures";
import {
  type EventLoopContract,
  executionFrames,
  type LoopResource,
  type TimerHandleContract,
} from "@asyncio/futures/contract";
import { ConnectionAbortedError, ConnectionResetError, fromNodeError } from "../errors.js";
import { type HeardSocket, hear } from "./connect-socket.js";
import { post } from "./post.js";

/** One side of a handshake. */
export interface HandshakeSettings {
  serverSide: boolean;
  /** A client's `tls.connect` options. */
  clientOptions: tls.ConnectionOptions | null;
  /** A server's options, or its `SecureContext`. */
  serverOptions: tls.TlsOptions | null;
  secureContext: tls.SecureContext | null;
  /** The name sent in SNI and checked against the certificate. */
  serverHostname: string | null;
  /** The host connected to, checked against the certificate when there is no `serverHostname`. */
  host?: string | undefined;
  handshakeTimeout: number;
}

/** Python's words for a handshake that took too long (seconds shown as a float, as Python does). */
function handshakeTimedOut(timeout: number): ConnectionAbortedError {
  const shown = Number.isInteger(timeout) ? timeout.toFixed(1) : String(timeout);
  return new ConnectionAbortedError(
    `SSL handshake is taking longer than ${shown} seconds: aborting the connection`,
  );
}

/**
 * A server that asks for a client certificate must check it itself: Node's TLS socket only
 * refuses a missing one, and leaves the verdict on a bad one (and `authorized`) to its
 * `tls.Server`, which reads it from the handle as this does. Returns the error that refuses the
 * client, or `null`; `authorized` tells afterwards whether its certificate was validated.
 * @internal
 */
export function clientCertificateRefused(
  socket: tls.TLSSocket,
  options: tls.TlsOptions | null,
): Error | null {
  if (options?.requestCert !== true) return null;
  const handle = (socket as unknown as { _handle?: { verifyError?: () => Error | undefined } })
    ._handle;
  const error = handle?.verifyError?.() ?? null;
  socket.authorized = error === null;
  return options.rejectUnauthorized === false ? null : error;
}

/**
 * Does the handshake over `socket` (connected, with nobody else listening to it) and resolves
 * to the TLS socket, heard from its start. On failure both sockets are destroyed.
 */
export async function secureSocket(
  loop: EventLoopContract,
  socket: net.Socket,
  settings: HandshakeSettings,
): Promise<HeardSocket> {
  // Errors of the plain socket reach the TLS socket; this only keeps Node from treating one
  // as unhandled.
  socket.on("error", () => {});
  const tlsSocket = executionFrames.exit(() => {
    if (settings.serverSide) {
      return new tls.TLSSocket(socket, {
        ...(settings.serverOptions ?? {}),
        ...(settings.secureContext !== null ? { secureContext: settings.secureContext } : {}),
        isServer: true,
      } as tls.TLSSocketOptions);
    }
    return tls.connect({
      ...settings.clientOptions,
      socket,
      ...(settings.host !== undefined ? { host: settings.host } : {}),
      ...(settings.serverHostname !== null ? { servername: settings.serverHostname } : {}),
    } as tls.ConnectionOptions);
  });
  const secured = new Future<void>({ loop });
  const fail = (error: unknown): void => {
    if (!secured.done()) secured.setException(error);
  };
  const onError = (error: Error): void => post(loop, () => fail(fromNodeError(error)));
  const onSecure = (): void =>
    post(loop, () => {
      if (secured.done()) return;
      const refused = settings.serverSide
        ? clientCertificateRefused(tlsSocket, settings.serverOptions)
        : null;
      if (refused !== null) fail(fromNodeError(refused));
      else secured.setResult();
    });
  // A peer that hangs up mid-handshake may end or close the socket without an error.
  const onClose = (): void =>
    post(loop, () => fail(new ConnectionResetError("Connection lost during the TLS handshake")));
  tlsSocket.once("error", onError);
  tlsSocket.once("end", onClose);
  tlsSocket.once("close", onClose);
  tlsSocket.once(settings.serverSide ? "secure" : "secureConnect", onSecure);
  // Heard from now on: data the peer sends right after its last handshake message is kept.
  const heard = hear(tlsSocket);
  const timer: TimerHandleContract = loop.callLater(settings.handshakeTimeout, () =>
    fail(handshakeTimedOut(settings.handshakeTimeout)),
  );
  const handshaking: LoopResource = { _closeWithLoop: () => tlsSocket.destroy() };
  loop._addResource(handshaking);
  try {
    await secured;
  } catch (error) {
    tlsSocket.destroy();
    socket.destroy();
    throw error;
  } finally {
    timer.cancel();
    loop._removeResource(handshaking);
    tlsSocket.off("error", onError);
    tlsSocket.off("end", onClose);
    tlsSocket.off("close", onClose);
  }
  return heard;
}
