/**
 * Protocols: the callbacks a transport calls, on the loop and in order — `connectionMade`, then
 * any number of `dataReceived`, at most one `eofReceived`, then exactly one `connectionLost`.
 * `pauseWriting`/`resumeWriting` report the transport's write buffer crossing its water marks.
 * Any of them may be `async`: a rejection is handled as a throw would be.
 */
import type { Transport } from "./transport.js";

/** The callbacks every protocol may have; all are optional. */
export interface BaseProtocol {
  /** The connection is ready; the transport is the way to write to it. */
  connectionMade?(transport: Transport): void;
  /** The connection is gone: `exc` is `null` for a normal close, else what broke it. */
  connectionLost?(exc: unknown): void;
  /** The transport's write buffer went over the high-water mark. */
  pauseWriting?(): void;
  /** The transport's write buffer drained to the low-water mark. */
  resumeWriting?(): void;
}

/** A stream protocol: bytes arrive in `dataReceived`, the peer's end of writing in `eofReceived`. */
export interface StreamProtocol extends BaseProtocol {
  dataReceived?(data: Uint8Array): void;
  /**
   * The peer will send no more. Return `true` to keep the connection half-open (the transport
   * can still write); anything else closes the transport. An async one decides when it settles.
   */
  eofReceived?(): boolean | undefined | void | PromiseLike<boolean | undefined | void>;
}

/**
 * A base class with every callback as a no-op, as Python's `asyncio.Protocol`.
 *
 * @example
 * ```ts
 * class Echo extends Protocol {
 *   transport: Transport | null = null;
 *   override connectionMade(t: Transport) { this.transport = t; }
 *   override dataReceived(data: Uint8Array) { this.transport?.write(data); }
 * }
 * ```
 */
export class Protocol implements StreamProtocol {
  connectionMade(_transport: Transport): void {}
  connectionLost(_exc: unknown): void {}
  pauseWriting(): void {}
  resumeWriting(): void {}
  dataReceived(_data: Uint8Array): void {}
  eofReceived(): boolean | undefined | PromiseLike<boolean | undefined> {
    return undefined;
  }
}

/** A datagram protocol: each datagram arrives whole in `datagramReceived`, with its sender. */
export interface DatagramProtocol extends BaseProtocol {
  datagramReceived?(data: Uint8Array, addr: [host: string, port: number]): void;
  /** A send or receive failed (the endpoint stays open). */
  errorReceived?(exc: unknown): void;
}
