/**
 * Transports: what a protocol uses to talk to the other side. A transport owns a connection or a
 * pipe, buffers writes (telling the protocol to pause above the high-water mark), and can stop
 * and restart reading.
 */
import type { BaseProtocol } from "./protocol.js";

/** The extra information a transport can give; other names yield the default. */
export type ExtraInfoName =
  | "peername"
  | "sockname"
  | "socket"
  | "sslcontext"
  | "ssl_object"
  | "peercert"
  | "cipher"
  | "compression"
  | "pipe"
  | (string & {});

/**
 * Python's `asyncio.BaseTransport`: what every transport offers, whatever it carries —
 * closing it, its protocol, and extra information about the connection.
 */
export interface BaseTransport {
  /**
   * `peername`/`sockname` are `[host, port]` (a path for Unix sockets), `socket` a
   * `TransportSocket`; over TLS `sslcontext`, `ssl_object` (the `tls.TLSSocket`), `peercert`,
   * `cipher` (`[name, version, bits]`) and `compression` (`null`).
   */
  getExtraInfo(name: ExtraInfoName, defaultValue?: unknown): unknown;
  /** Whether the transport is closing or closed. */
  isClosing(): boolean;
  /** Closes after the buffered data is flushed; the protocol's `connectionLost(null)` follows. */
  close(): void;
  getProtocol(): BaseProtocol;
  setProtocol(protocol: BaseProtocol): void;
}

/**
 * Python's `asyncio.ReadTransport`: a transport that receives data and hands it to its
 * protocol's `dataReceived`, with flow control on reading.
 */
export interface ReadTransport extends BaseTransport {
  isReading(): boolean;
  /** Stops calling `dataReceived` until `resumeReading()`; nothing is lost meanwhile. */
  pauseReading(): void;
  resumeReading(): void;
}

/**
 * Python's `asyncio.WriteTransport`: a transport that sends data, buffering what the peer
 * hasn't taken yet and asking the protocol to pause writing above the high-water mark.
 */
export interface WriteTransport extends BaseTransport {
  /** Buffers `data` for sending; never blocks. */
  write(data: Uint8Array): void;
  writelines(list: Iterable<Uint8Array>): void;
  /** Closes the writing side after the buffer is flushed (a TCP half-close). */
  writeEof(): void;
  canWriteEof(): boolean;
  /** Closes at once, dropping buffered data; `connectionLost(null)` follows. */
  abort(): void;
  /** `high` defaults to 64 KiB (or 4 × `low`), `low` to `high / 4`. */
  setWriteBufferLimits(high?: number | null, low?: number | null): void;
  getWriteBufferLimits(): [low: number, high: number];
  getWriteBufferSize(): number;
}

/** A bidirectional stream transport (a socket). */
export interface Transport extends ReadTransport, WriteTransport {}
