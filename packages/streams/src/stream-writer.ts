/**
 * `StreamWriter`: the writing half of a stream. `write()` never blocks; `await drain()` is the
 * back-pressure point, waiting while the transport's buffer is above its high-water mark until it
 * falls to the low-water mark.
 */
import type { EventLoopContract } from "@asyncio/futures";
import { Coroutine, sleep } from "@asyncio/tasks";
import type { FlowControlProtocol } from "./flow-control-protocol.js";
import { FastOp, MUST_WAIT } from "./internal/fast-op.js";
import type { StreamReader } from "./stream-reader.js";
import type { ExtraInfoName, WriteTransport } from "./transport.js";

/** What a writer needs from its protocol: flow control and the closed future. @internal */
export interface WriterProtocol {
  _drainHelper: FlowControlProtocol["_drainHelper"];
  _canWriteNow(): boolean;
  _getCloseWaiter(writer: StreamWriter): PromiseLike<void>;
}

/**
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
  readonly transport: WriteTransport;
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
    this.transport = transport;
    this.protocol = protocol;
    this.reader = reader;
    this.loop = loop;
  }

  /** Buffers `data`; follow with `await drain()` to respect back-pressure. */
  write(data: Uint8Array): void {
    this.transport.write(data);
  }

  writelines(data: Iterable<Uint8Array>): void {
    this.transport.writelines(data);
  }

  /** Closes the writing side after the buffered data (the peer reads EOF). */
  writeEof(): void {
    this.transport.writeEof();
  }

  canWriteEof(): boolean {
    return this.transport.canWriteEof();
  }

  /** Closes the stream once the buffer is flushed; `waitClosed()` waits for that. */
  close(): void {
    this.transport.close();
  }

  isClosing(): boolean {
    return this.transport.isClosing();
  }

  /** Waits until the connection is closed; raises what broke it, if anything did. */
  waitClosed(): Coroutine<void> {
    return new Coroutine(async () => {
      await this.protocol._getCloseWaiter(this);
    });
  }

  getExtraInfo(name: ExtraInfoName, defaultValue: unknown = null): unknown {
    return this.transport.getExtraInfo(name, defaultValue);
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
    if (!this.transport.isClosing() && this.protocol._canWriteNow()) return undefined;
    return MUST_WAIT;
  };

  private readonly drainSlow = async (): Promise<void> => {
    // Let a pending connectionLost run first, so that drain() on a closing stream raises.
    if (this.transport.isClosing()) await sleep(0);
    await this.protocol._drainHelper();
  };

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  toString(): string {
    const info = ["StreamWriter", `transport=${String(this.transport)}`];
    if (this.reader !== null) info.push(`reader=${String(this.reader)}`);
    return `<${info.join(" ")}>`;
  }
}
