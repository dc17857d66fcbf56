/**
 * A transport over Node streams: a socket (both sides), or one end of a pipe (a child's stdout is
 * read-only, its stdin write-only). Node's events are queued and delivered to the protocol in one
 * loop callback at a time, in order; while reading is paused the queue waits, so nothing is lost.
 */
import type { Readable, Writable } from "node:stream";
import { isExitError, RuntimeError, TimeoutError, ValueError } from "@asyncio/futures";
import {
  describe,
  type EventLoopContract,
  type LoopResource,
  type TimerHandleContract,
} from "@asyncio/futures/contract";
import { ConnectionResetError, NotImplementedError } from "../errors.js";
import type { BaseProtocol, StreamProtocol } from "../protocol.js";
import type { ExtraInfoName, Transport } from "../transport.js";
import { checkBytes } from "./checks.js";
import { post } from "./post.js";
import { EOF, type Incoming, LOST, StreamEvents } from "./stream-events.js";
import { callReported, followResult } from "./user-callback.js";

const DEFAULT_HIGH_WATER = 64 * 1024;

/** A water mark given to `setWriteBufferLimits`: a number of bytes, or null for the default. */
function checkLimitValue(value: unknown, name: "high" | "low"): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(
      `setWriteBufferLimits() ${name} must be a number of bytes or null, got ${describe(value)}`,
    );
  }
  return value;
}
function upgradedError(method: string): RuntimeError {
  return new RuntimeError(
    `${method}() on a transport upgraded by startTls(): use the transport startTls() returned`,
  );
}

const DATA_FAILED = "Fatal error: protocol.dataReceived() call failed.";
const EOF_FAILED = "Fatal error: protocol.eofReceived() call failed.";
/** After this many writes to a lost connection, warn (as Python does). */
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

/**
 * What a `StreamTransport` is made of: the Node streams it reads and writes, its protocol, and
 * how it reports its life to whoever made it.
 */
export interface StreamTransportOptions {
  /** The stream the transport reads from; `null` for a write-only pipe. */
  readable: Readable | null;
  /** The stream the transport writes to; `null` for a read-only pipe. */
  writable: Writable | null;
  /** The protocol whose callbacks the transport calls. */
  protocol: BaseProtocol;
  /** The values `getExtraInfo()` gives, by name (`peername`, `sockname`, `socket`, ...). */
  extra: Record<string, unknown>;
  /** Whether `writeEof()` is possible (not over TLS). */
  canWriteEof: boolean;
  /** Resolved (through the loop) once `connectionMade` has run. */
  onMade?: () => void;
  /** Called after `connectionLost` (a server counts its connections with it). */
  onLost?: () => void;
  /** Whether to call the protocol's `connectionMade` (not after a TLS upgrade). @internal */
  callConnectionMade?: boolean;
  /** The stream's events as heard since it was accepted (servers listen before the transport exists). @internal */
  events?: StreamEvents;
  /**
   * Over TLS: seconds `close()` may spend flushing before the connection is aborted with
   * `TimeoutError("SSL shutdown timed out")`, as Python's `ssl_shutdown_timeout`. @internal
   */
  shutdownTimeout?: number | null;
}

/**
 * The transport class behind every connection and pipe of this package (made by
 * `createConnection`, servers and `connectReadPipe`/`connectWritePipe`, not by hand).
 *
 * @example
 * ```ts
 * const [transport] = await createConnection(() => new Protocol(), host, port);
 * transport instanceof StreamTransport; // true
 * ```
 */
export class StreamTransport implements Transport, LoopResource {
  private readonly loop: EventLoopContract;
  private protocol: BaseProtocol;
  private readonly readable: Readable | null;
  private readonly writable: Writable | null;
  private readonly extra: Record<string, unknown>;
  private readonly eofCapable: boolean;
  private readonly onLost: (() => void) | undefined;
  private readonly incoming: Incoming[] = [];
  private readonly events: StreamEvents;
  private flushScheduled = false;
  private lostQueued = false;
  private lostDelivered = false;
  private closing = false;
  private readingPaused = false;
  private eofWritten = false;
  private protocolPaused = false;
  private high = DEFAULT_HIGH_WATER;
  private low = DEFAULT_HIGH_WATER / 4;
  private lostWrites = 0;
  /** Bytes written in the current burst, not yet handed to Node. */
  private staging: Buffer = Buffer.allocUnsafe(0);
  private staged = 0;
  private flushArmed = false;
  private error: unknown = null;
  private readonly shutdownTimeout: number | null;
  private shutdownTimer: TimerHandleContract | null = null;
  /** Set once `startTls` took the stream over; the TLS transport, once its handshake is done. */
  private handedOver = false;
  private successor: StreamTransport | null = null;

  constructor(loop: EventLoopContract, options: StreamTransportOptions) {
    this.loop = loop;
    this.protocol = options.protocol;
    this.readable = options.readable;
    this.writable = options.writable;
    this.extra = options.extra;
    this.eofCapable = options.canWriteEof;
    this.onLost = options.onLost;
    this.shutdownTimeout = options.shutdownTimeout ?? null;
    if (options.callConnectionMade !== false) loop.callSoon(this.callConnectionMade);
    const onMade = options.onMade;
    if (onMade !== undefined) loop.callSoon(onMade);
    const events = options.events ?? new StreamEvents(this.readable, this.writable);
    this.events = events;
    // Open, it belongs to the loop: closing the loop closes it.
    loop._addResource(this);
    events.attach({
      receive: (item) => this.receive(item),
      failed: (error) => {
        this.error ??= error;
      },
    });
    if (!this.lostQueued) this.readable?.resume();
  }

  // ----- reading -----

  private receive(item: Incoming): void {
    if (item === LOST) {
      if (this.lostQueued) return;
      this.lostQueued = true;
    } else if (this.closing) {
      return;
    }
    this.incoming.push(item);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    post(this.loop, this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const queue = this.incoming;
    while (queue.length > 0) {
      const item = queue[0] as Incoming;
      if (item === LOST) {
        queue.length = 0;
        this.deliverLost();
        return;
      }
      if (this.closing) {
        queue.shift();
        continue;
      }
      if (this.readingPaused) {
        // While paused, data waits. A loss that broke the connection goes past it: the reader
        // would raise that error before returning the data, and a writer blocked in drain()
        // must hear of it now.
        if (this.lostQueued && this.error !== null) {
          queue.length = 0;
          this.deliverLost();
        }
        return;
      }
      queue.shift();
      if (!(item === EOF ? this.deliverEof() : this.deliverData(item))) return;
    }
  };

  private readonly callConnectionMade = (): void => {
    callReported(
      this.loop,
      "Exception in callback protocol.connectionMade()",
      { transport: this, protocol: this.protocol },
      () => this.protocol.connectionMade?.(this),
    );
  };

  /** Returns false when the callback failed (the transport is then closed). */
  private deliverData(data: Uint8Array): boolean {
    let result: unknown;
    try {
      result = (this.protocol as StreamProtocol).dataReceived?.(data);
    } catch (error) {
      this.fatalError(error, DATA_FAILED);
      return false;
    }
    followResult(this.loop, result, (error) => this.fatalError(error, DATA_FAILED));
    return true;
  }

  private deliverEof(): boolean {
    let keepOpen: unknown;
    try {
      keepOpen = (this.protocol as StreamProtocol).eofReceived?.();
    } catch (error) {
      this.fatalError(error, EOF_FAILED);
      return false;
    }
    const decide = (value: unknown): void => {
      if (!value || this.writable === null) this.close();
    };
    // An async eofReceived decides when it settles; meanwhile the connection stays half-open.
    if (!followResult(this.loop, keepOpen, (error) => this.fatalError(error, EOF_FAILED), decide)) {
      decide(keepOpen);
    }
    return true;
  }

  private deliverLost(): void {
    if (this.lostDelivered) return;
    this.lostDelivered = true;
    this.closing = true;
    this.incoming.length = 0;
    this.shutdownTimer?.cancel();
    this.loop._removeResource(this);
    try {
      callReported(
        this.loop,
        "Exception in callback protocol.connectionLost()",
        { transport: this, protocol: this.protocol },
        () => this.protocol.connectionLost?.(this.error),
      );
    } finally {
      this.onLost?.();
    }
  }

  private fatalError(error: unknown, message: string): void {
    if (isExitError(error)) throw error;
    this.loop.callExceptionHandler({
      message,
      exception: error,
      transport: this,
      protocol: this.protocol,
    });
    this.forceClose(error);
  }

  private forceClose(error: unknown): void {
    if (this.lostDelivered) return;
    // A loss Node already reported keeps its own error: it happened first.
    if (!this.lostQueued) this.error = error;
    this.closing = true;
    this.staged = 0;
    this.readable?.destroy();
    this.writable?.destroy();
    this.receiveLost();
  }

  /** Queues the loss, or lets a loss already queued (behind paused data) go through. */
  private receiveLost(): void {
    if (this.lostQueued) this.scheduleFlush();
    else this.receive(LOST);
  }

  isReading(): boolean {
    if (this.successor !== null) return this.successor.isReading();
    return !this.readingPaused && !this.closing;
  }

  pauseReading(): void {
    if (this.successor !== null) {
      this.successor.pauseReading();
      return;
    }
    if (this.closing || this.readingPaused || this.readable === null) return;
    this.readingPaused = true;
    this.readable.pause();
  }

  resumeReading(): void {
    if (this.successor !== null) {
      this.successor.resumeReading();
      return;
    }
    if (this.closing || !this.readingPaused || this.readable === null) return;
    this.readingPaused = false;
    this.readable.resume();
    if (this.incoming.length > 0) this.scheduleFlush();
  }

  // ----- writing -----

  write(data: Uint8Array): void {
    checkBytes(data, "write() data");
    if (this.handedOver) throw upgradedError("write");
    if (this.eofWritten) throw new RuntimeError("Cannot call write() after writeEof()");
    if (this.writable === null) throw new NotImplementedError("this transport is read-only");
    if (data.length === 0) return;
    if (this.closing || this.lostQueued) {
      if (++this.lostWrites >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        console.warn("asyncio: write() to a closed transport: data dropped");
      }
      return;
    }
    // The writes of one burst of loop iterations are gathered (copied: the caller may reuse its
    // buffer at once, as in Python) and handed to Node as one chunk when the burst's microtasks
    // are done: one system call, and one Node write, instead of one per small write.
    const size = data.length;
    if (this.staged + size > this.staging.length) this.growStaging(size);
    this.staging.set(data, this.staged);
    this.staged += size;
    if (!this.flushArmed) {
      this.flushArmed = true;
      process.nextTick(this.flushStaged);
    }
    this.maybePauseProtocol();
  }

  /**
   * Writes a chunk the caller gives away (it is not copied): after what was written before it,
   * with the same flow control as `write`. `sendfile` hands over each block it read.
   * @internal
   */
  _writeOwned(chunk: Uint8Array): void {
    if (this.handedOver) throw upgradedError("sendfile");
    const writable = this.writable;
    if (writable === null) throw new NotImplementedError("this transport is read-only");
    if (chunk.length === 0 || this.closing || this.lostQueued || writable.destroyed) return;
    this.flushStaged();
    writable.write(chunk, this.afterWrite);
    this.maybePauseProtocol();
  }

  /** Whether the transport can take writes (`sendfile` needs a writable side). @internal */
  _isWritable(): boolean {
    return this.writable !== null && !this.handedOver;
  }

  writelines(list: Iterable<Uint8Array>): void {
    if (typeof (list as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function") {
      throw new TypeError(
        `writelines() list must be an iterable of Uint8Array, got ${describe(list)}`,
      );
    }
    for (const data of list) this.write(data);
  }

  private growStaging(extra: number): void {
    const grown = Buffer.allocUnsafe(Math.max(this.staging.length * 2, this.staged + extra, 4096));
    this.staging.copy(grown, 0, 0, this.staged);
    this.staging = grown;
  }

  /** Hands the gathered bytes to Node. */
  private readonly flushStaged = (): void => {
    this.flushArmed = false;
    const size = this.staged;
    const writable = this.writable;
    if (size === 0 || writable === null || writable.destroyed) {
      this.staged = 0;
      return;
    }
    const chunk = this.staging.subarray(0, size);
    // The chunk now belongs to Node; gather the next burst in a fresh buffer.
    this.staging = Buffer.allocUnsafe(Math.min(Math.max(size, 4096), 1 << 20));
    this.staged = 0;
    writable.write(chunk, this.afterWrite);
  };

  private readonly afterWrite = (error?: Error | null): void => {
    if (error || !this.protocolPaused) return;
    if (this.getWriteBufferSize() <= this.low) post(this.loop, this.maybeResumeProtocol);
  };

  private maybePauseProtocol(): void {
    if (this.protocolPaused || this.getWriteBufferSize() <= this.high) return;
    this.protocolPaused = true;
    this.callProtocol("pauseWriting");
  }

  private readonly maybeResumeProtocol = (): void => {
    if (!this.protocolPaused || this.getWriteBufferSize() > this.low) return;
    this.protocolPaused = false;
    this.callProtocol("resumeWriting");
  };

  private callProtocol(method: "pauseWriting" | "resumeWriting"): void {
    callReported(
      this.loop,
      `protocol.${method}() failed`,
      { transport: this, protocol: this.protocol },
      () => this.protocol[method]?.(),
    );
  }

  writeEof(): void {
    if (this.handedOver) throw upgradedError("writeEof");
    if (!this.eofCapable) throw new NotImplementedError("this transport can't write EOF");
    if (this.closing || this.eofWritten) return;
    this.eofWritten = true;
    this.flushStaged();
    this.writable?.end();
  }

  canWriteEof(): boolean {
    return this.eofCapable;
  }

  setWriteBufferLimits(high?: number | null, low?: number | null): void {
    let h = checkLimitValue(high, "high");
    let l = checkLimitValue(low, "low");
    if (h === null) h = l === null ? DEFAULT_HIGH_WATER : 4 * l;
    if (l === null) l = Math.floor(h / 4);
    if (!(h >= l && l >= 0)) throw new ValueError(`high (${h}) must be >= low (${l}) must be >= 0`);
    this.high = h;
    this.low = l;
    this.maybePauseProtocol();
  }

  getWriteBufferLimits(): [low: number, high: number] {
    return [this.low, this.high];
  }

  getWriteBufferSize(): number {
    return this.staged + (this.writable?.writableLength ?? 0);
  }

  // ----- closing -----

  isClosing(): boolean {
    return this.successor !== null ? this.successor.isClosing() : this.closing;
  }

  close(): void {
    if (this.successor !== null) {
      this.successor.close();
      return;
    }
    if (this.closing) return;
    this.closing = true;
    // Over TCP, reading stops. Over TLS it goes on (what arrives is dropped): the connection ends
    // when the peer answers our close_notify, and unread bytes would make the kernel reset it.
    if (this.eofCapable) this.readable?.pause();
    else this.readable?.resume();
    this.flushStaged();
    const writable = this.writable;
    // Over TLS the socket also has its own records to flush (the end of the handshake, the
    // close_notify alert): it is always ended before it is destroyed.
    const nothingToFlush = writable !== null && writable.writableLength === 0 && this.eofCapable;
    if (writable === null || nothingToFlush || writable.destroyed) {
      // Nothing to flush: close now and report the loss on the next iteration, as Python does.
      this.readable?.destroy();
      writable?.destroy();
      this.receiveLost();
      return;
    }
    if (!this.eofCapable) {
      // TLS: "finish" only means the TLS layer took the bytes, not that they left; destroying the
      // socket then cuts them off. Ending it sends close_notify after them; the peer's answer
      // closes the stream, and the shutdown timeout bounds the wait for it.
      if (!writable.writableEnded) writable.end();
      this.armShutdownTimer();
      return;
    }
    const finish = (): void => {
      this.readable?.destroy();
      writable.destroy();
    };
    if (writable.writableFinished) finish();
    else {
      writable.once("finish", finish);
      if (!writable.writableEnded) writable.end();
    }
  }

  private armShutdownTimer(): void {
    const timeout = this.shutdownTimeout;
    if (timeout === null || this.shutdownTimer !== null) return;
    this.shutdownTimer = this.loop.callLater(timeout, () =>
      this.forceClose(new TimeoutError("SSL shutdown timed out")),
    );
  }

  /**
   * The loop is closing with this transport still open: destroy the stream at once. Nothing is
   * delivered any more (the loop runs no callbacks), so the protocol hears nothing.
   * @internal
   */
  _closeWithLoop(): void {
    this.closing = true;
    this.lostDelivered = true;
    this.incoming.length = 0;
    this.staged = 0;
    this.events.destroy();
  }

  abort(): void {
    if (this.successor !== null) this.successor.abort();
    else if (this.handedOver) this.events.destroy();
    else this.forceClose(null);
  }

  // ----- upgrading to TLS (startTls) -----

  /**
   * Gives the stream up to a TLS upgrade: stops listening to it and returns the bytes that
   * arrived and were not delivered yet (they belong to the TLS handshake). The stream must be
   * open and have nothing left to write. From now on `close()` and `abort()` reach the stream
   * (and, once the handshake is done, the TLS transport), and writing here is an error.
   * @internal
   */
  _handOver(): { readable: Readable; writable: Writable; unread: Uint8Array[] } {
    const readable = this.readable;
    const writable = this.writable;
    if (readable === null || writable === null) throw new TypeError(`${this} is not a socket`);
    const unread: Uint8Array[] = [];
    for (const item of this.incoming) {
      if (typeof item === "symbol") throw new ConnectionResetError("Connection lost");
      unread.push(item);
    }
    this.incoming.length = 0;
    this.handedOver = true;
    this.closing = true;
    this.shutdownTimer?.cancel();
    this.events.detach();
    this.loop._removeResource(this);
    return { readable, writable, unread };
  }

  /** Sets `sockname` and `peername` (a TLS transport keeps the plain one's). @internal */
  _setAddresses(sockname: unknown, peername: unknown): void {
    this.extra.sockname = sockname;
    this.extra.peername = peername;
  }

  /** The TLS transport now carries the connection: this one forwards to it. @internal */
  _handedTo(successor: StreamTransport): void {
    this.successor = successor;
  }

  /**
   * The upgrade failed and the stream is destroyed: the protocol hears the loss, once, with
   * the error (the TLS transport never existed).
   * @internal
   */
  _upgradeFailed(error: unknown): void {
    this.error = error;
    this.lostQueued = true;
    this.incoming.length = 0;
    this.incoming.push(LOST);
    this.scheduleFlush();
  }

  /** The TLS transport that took over is lost: so is this one (a server counts it). @internal */
  _successorLost(): void {
    if (this.lostDelivered) return;
    this.lostDelivered = true;
    this.onLost?.();
  }

  /** Bytes written and not yet handed to the kernel (`startTls` waits for none). @internal */
  _unsentBytes(): number {
    this.flushStaged();
    return this.writable?.writableLength ?? 0;
  }

  getExtraInfo(name: ExtraInfoName, defaultValue: unknown = null): unknown {
    return Object.hasOwn(this.extra, name) ? this.extra[name] : defaultValue;
  }

  getProtocol(): BaseProtocol {
    return this.protocol;
  }

  setProtocol(protocol: BaseProtocol): void {
    this.protocol = protocol;
  }

  toString(): string {
    const state = this.lostDelivered ? "closed" : this.closing ? "closing" : "open";
    return `<StreamTransport ${state}>`;
  }
}
