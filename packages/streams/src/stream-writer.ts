/**
 * `StreamWriter`: the writing half of a stream. `write()` never blocks; `await drain()` is the
 * back-pressure point, waiting while the transport's buffer is above its high-water mark until it
 * falls to the low-water mark.
 */
import type { EventLoopContract } from "@asyncio/futures/contract";
import { Coroutine, sleep } from "@asyncio/tasks";
import type { FlowControlProtocol } from "./flow-control-protocol.js";
import { FastOp, MUST_WAIT } from "./internal/fast-op.js";
import { checkOptionNames } from "./internal/options.js";
import type { StreamTransport } from "./internal/stream-transport.js";
import type { BaseProtocol } from "./protocol.js";
import { checkStartTls, type TlsContext, upgradeChecked } from "./start-tls.js";
import type { StreamReader } from "./stream-reader.js";
import type { ExtraInfoName, Transport, WriteTransport } from "./transport.js";

/** What a writer needs from its protocol: flow control and the closed future. @internal */
export interface WriterProtocol {
  _drainHelper: FlowControlProtocol["_drainHelper"];
  _canWriteNow(): boolean;
  _getCloseWaiter(writer: StreamWriter): PromiseLike<void>;
  /** Whether the protocol serves a server's connection (a TLS upgrade is then the server side). */
  _isServerSide?(): boolean;
  /** After a TLS upgrade, the transport to read and write through. */
  _replaceTransport?(transport: Transport): void;
}

/** The options of `StreamWriter.startTls` (the side is the connection's own). */
export interface WriterStartTlsOptions {
  /** The name the server's certificate must match (a client that checks host names needs it). */
  serverHostname?: string | null;
  /** Seconds the handshake may take before the connection is aborted (60 by default). */
  sslHandshakeTimeout?: number | null;
  /** Seconds flushing the closing TLS connection may take before it is aborted (30 by default). */
  sslShutdownTimeout?: number | null;
}

const WRITER_START_TLS_OPTIONS = ["serverHostname", "sslHandshakeTimeout", "sslShutdownTimeout"];

/**
 * Python's `asyncio.StreamWriter`: the writing half of a stream. `write()` buffers without
 * blocking; `await drain()` waits while the transport's buffer is too full.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", port);
 * writer.write(new TextEncoder().encode("hello\n"));
 * await writer.drain();
 * writer.close();
 * await writer.waitClosed();
 * ```
 */
export class StreamWriter {
  private currentTransport: WriteTransport;
  private readonly protocol: WriterProtocol;
  private readonly reader: StreamReader | null;
  /** The loop the writer belongs to. */
  readonly loop: EventLoopContract;

  constructor(
    transport: WriteTransport,
    protocol: WriterProtocol,
    reader: StreamReader | null,
    loop: EventLoopContract,
  ) {
    this.currentTransport = transport;
    this.protocol = protocol;
    this.reader = reader;
    this.loop = loop;
  }

  /** The transport written to (after `startTls()`, the TLS one). */
  get transport(): WriteTransport {
    return this.currentTransport;
  }

  /**
   * Upgrades the connection to TLS in place (Python's `StreamWriter.start_tls()`): waits for
   * the buffered data to drain, does the handshake — as the server on a server's connection,
   * else as the client — and from then on this writer and its reader go through TLS.
   *
   * @example
   * ```ts
   * writer.write(enc("STARTTLS\r\n"));
   * await reader.readline(); // "220 Ready to start TLS"
   * await writer.startTls(createDefaultContext(), { serverHostname: "mail.example.com" });
   * ```
   */
  startTls(sslContext: TlsContext, options: WriterStartTlsOptions = {}): Coroutine<void> {
    const protocol = this.protocol;
    const serverSide = protocol._isServerSide?.() ?? false;
    const method = "StreamWriter.startTls";
    const record = checkOptionNames(options, WRITER_START_TLS_OPTIONS, method);
    const checked = checkStartTls(
      this.currentTransport,
      protocol,
      sslContext,
      { ...record, serverSide },
      method,
      [...WRITER_START_TLS_OPTIONS, "serverSide"],
    );
    return new Coroutine(async () => {
      await this.drain();
      const upgraded = await upgradeChecked(
        this.currentTransport as StreamTransport,
        protocol as unknown as BaseProtocol,
        checked,
      );
      this.currentTransport = upgraded;
      protocol._replaceTransport?.(upgraded);
    });
  }

  /** Buffers `data`; follow with `await drain()` to respect back-pressure. */
  write(data: Uint8Array): void {
    this.currentTransport.write(data);
  }

  writelines(data: Iterable<Uint8Array>): void {
    this.currentTransport.writelines(data);
  }

  /** Closes the writing side after the buffered data (the peer reads EOF). */
  writeEof(): void {
    this.currentTransport.writeEof();
  }

  canWriteEof(): boolean {
    return this.currentTransport.canWriteEof();
  }

  /** Closes the stream once the buffer is flushed; `waitClosed()` waits for that. */
  close(): void {
    this.currentTransport.close();
  }

  isClosing(): boolean {
    return this.currentTransport.isClosing();
  }

  /** Waits until the connection is closed; raises what broke it, if anything did. */
  waitClosed(): Coroutine<void> {
    return new Coroutine(async () => {
      await this.protocol._getCloseWaiter(this);
    });
  }

  getExtraInfo(name: ExtraInfoName, defaultValue: unknown = null): unknown {
    return this.currentTransport.getExtraInfo(name, defaultValue);
  }

  /**
   * Waits until the transport's buffer is at or below its low-water mark. Raises the reader's
   * error if it has one, and `ConnectionResetError` once the connection is lost. Cancelling it
   * loses nothing: the data stays buffered and is still sent.
   */
  drain(): Coroutine<void> {
    return new FastOp("StreamWriter.drain", this.drainAtOnce, this.drainSlow, undefined);
  }

  /** The common case (nothing to wait for) completes at once, with no Promise. */
  private readonly drainAtOnce = (): undefined | typeof MUST_WAIT => {
    const reader = this.reader;
    if (reader !== null) {
      const exc = reader.exception();
      if (exc !== null) throw exc;
    }
    if (!this.currentTransport.isClosing() && this.protocol._canWriteNow()) return undefined;
    return MUST_WAIT;
  };

  private readonly drainSlow = async (): Promise<void> => {
    // Let a pending connectionLost run first, so that drain() on a closing stream raises.
    if (this.currentTransport.isClosing()) await sleep(0);
    await this.protocol._drainHelper();
  };

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  toString(): string {
    const info = ["StreamWriter", `transport=${String(this.currentTransport)}`];
    if (this.reader !== null) info.push(`reader=${String(this.reader)}`);
    return `<${info.join(" ")}>`;
  }
}
