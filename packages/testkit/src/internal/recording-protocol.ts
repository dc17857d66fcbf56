/**
 * The protocol the transport suite puts at both ends of a connection: it records the callbacks
 * in the order the transport calls them (`connectionMade`, `dataReceived`..., at most one
 * `eofReceived`, one `connectionLost`, and the write-buffer pauses), keeps what arrived, and
 * offers Futures for the moments a test waits for, so that a test waits for events, not time.
 */
import { Future, getRunningLoop } from "@asyncio/futures";

/** A transport as the transport suite drives it: the shape of `Transport` of `@asyncio/streams`. */
export interface TransportUnderTest {
  write(data: Uint8Array): void;
  writelines(list: Iterable<Uint8Array>): void;
  /** Closes the writing side after the buffer is flushed (a half-close). */
  writeEof(): void;
  canWriteEof(): boolean;
  /** Closes after the buffered data is flushed; `connectionLost(null)` follows. */
  close(): void;
  /** Closes at once, dropping buffered data; `connectionLost(null)` follows. */
  abort(): void;
  isClosing(): boolean;
  pauseReading(): void;
  resumeReading(): void;
  isReading(): boolean;
  getProtocol(): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: each transport types its protocols.
  setProtocol(protocol: any): void;
  getExtraInfo(name: string, defaultValue?: unknown): unknown;
  setWriteBufferLimits(high?: number | null, low?: number | null): void;
  getWriteBufferLimits(): [low: number, high: number];
  getWriteBufferSize(): number;
}

const decoder = new TextDecoder();

export class RecordingProtocol {
  /** The callbacks in the order they came; consecutive `dataReceived` calls count each. */
  readonly events: string[] = [];
  transport: TransportUnderTest | null = null;
  /** What `eofReceived` returns (true keeps the connection half-open). */
  keepOpen: boolean | undefined = undefined;
  /** Called after each `dataReceived`, to answer the peer. */
  onData: ((protocol: RecordingProtocol, data: Uint8Array) => void) | null = null;
  /** Something for `dataReceived` to throw, for the tests of a failing protocol. */
  failOnData: unknown = null;
  readonly made: Future<void>;
  readonly eof: Future<void>;
  readonly lost: Future<unknown>;
  /** Done at the first `resumeWriting`. */
  readonly resumed: Future<void>;
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  private waiters: { size: number; future: Future<void> }[] = [];

  constructor() {
    const loop = getRunningLoop();
    this.made = new Future({ loop });
    this.eof = new Future({ loop });
    this.lost = new Future({ loop });
    this.resumed = new Future({ loop });
  }

  connectionMade(transport: TransportUnderTest): void {
    this.events.push("made");
    this.transport = transport;
    this.made.setResult();
  }

  dataReceived(data: Uint8Array): void {
    this.events.push("data");
    if (this.failOnData !== null) throw this.failOnData;
    this.chunks.push(data.slice());
    this.size += data.length;
    this.waiters = this.waiters.filter((waiter) => {
      if (this.size < waiter.size) return true;
      waiter.future.setResult();
      return false;
    });
    this.onData?.(this, data);
  }

  eofReceived(): boolean | undefined {
    this.events.push("eof");
    this.eof.setResult();
    return this.keepOpen;
  }

  connectionLost(exc: unknown): void {
    this.events.push("lost");
    for (const waiter of this.waiters) waiter.future.cancel("the connection was lost");
    this.waiters = [];
    this.lost.setResult(exc);
  }

  pauseWriting(): void {
    this.events.push("pause");
  }

  resumeWriting(): void {
    this.events.push("resume");
    if (!this.resumed.done()) this.resumed.setResult();
  }

  /** The callbacks other than `dataReceived`, in order. */
  milestones(): string[] {
    return this.events.filter((event) => event !== "data");
  }

  /** Every byte received so far, in order. */
  bytes(): Uint8Array {
    const all = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }

  /** What was received so far, as UTF-8 text. */
  text(): string {
    return decoder.decode(this.bytes());
  }

  /** Resolves once at least `size` bytes have arrived. */
  async received(size: number): Promise<void> {
    if (this.size >= size) return;
    const future = new Future<void>({ loop: getRunningLoop() });
    this.waiters.push({ size, future });
    await future;
  }
}
