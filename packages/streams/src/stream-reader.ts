/**
 * `StreamReader`: the reading half of a stream. The transport feeds it bytes (`feedData`) and the
 * end of the stream (`feedEof`); coroutines read lines, exact sizes or up to a separator. When
 * more than twice `limit` bytes are buffered it pauses the transport, and resumes it as data is
 * consumed. A read that is cancelled consumes nothing: what arrived stays in the buffer.
 */
import { Future, getRunningLoop, RuntimeError, ValueError } from "@asyncio/futures";
import { describe, type EventLoopContract } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { IncompleteReadError, LimitOverrunError } from "./errors.js";
import { ByteBuffer } from "./internal/byte-buffer.js";
import { checkBytes } from "./internal/checks.js";
import { FastOp, MUST_WAIT } from "./internal/fast-op.js";
import { checkLimit, checkOptionNames } from "./internal/options.js";
import type { ReadTransport } from "./transport.js";

/** The default buffer limit, 64 KiB, as Python's. */
export const DEFAULT_LIMIT: number = 64 * 1024;

const NEWLINE = new Uint8Array([10]);
const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/** The options of `new StreamReader()`: Python's `limit` and `loop` arguments of `StreamReader`. */
export interface StreamReaderOptions {
  /** The most bytes a line (or `readuntil` chunk) may have; 64 KiB by default. */
  limit?: number;
  /** The loop whose futures the reader waits on; the running loop by default. */
  loop?: EventLoopContract;
}

const READER_OPTIONS = ["limit", "loop"];

/** Enough of a loop to wait on: what a Future needs of it. */
function isLoop(value: unknown): value is EventLoopContract {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as EventLoopContract).callSoon === "function" &&
    typeof (value as EventLoopContract).isClosed === "function"
  );
}

/** The part of a transport a reader needs: pausing and resuming reading. */
export type ReaderTransport = Pick<ReadTransport, "pauseReading" | "resumeReading">;

/**
 * Python's `asyncio.StreamReader`: the reading half of a stream, with coroutines that read a line,
 * an exact number of bytes, or up to a separator. A cancelled read consumes nothing.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", port);
 * for await (const line of reader) console.log(new TextDecoder().decode(line));
 * ```
 */
export class StreamReader implements AsyncIterable<Uint8Array> {
  private readonly limit: number;
  private loop: EventLoopContract | null;
  private readonly buffer = new ByteBuffer();
  private eof = false;
  private waiter: Future<void> | null = null;
  private error: unknown = null;
  private transport: ReaderTransport | null = null;
  private paused = false;
  /** While true (inside `_readToEof`), buffering doesn't pause the transport. */
  private unlimited = false;

  constructor(options: StreamReaderOptions = {}) {
    const record = checkOptionNames(options, READER_OPTIONS, "StreamReader");
    this.limit = checkLimit(record.limit, "StreamReader") ?? DEFAULT_LIMIT;
    const loop = record.loop;
    if (loop !== undefined && loop !== null && !isLoop(loop)) {
      throw new TypeError(`StreamReader() loop must be an event loop, got ${describe(loop)}`);
    }
    this.loop = (loop as EventLoopContract | null | undefined) ?? null;
  }

  /** The error set by `setException`, or `null`. */
  exception(): unknown {
    return this.error;
  }

  /** Makes every later read (and the one waiting now) throw `exc`. */
  setException(exc: unknown): void {
    this.error = exc;
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      if (!waiter.cancelled()) waiter.setException(exc);
    }
  }

  /** Attaches the transport that feeds this reader (once). */
  setTransport(transport: ReaderTransport): void {
    if (this.transport !== null) throw new RuntimeError("Transport already set");
    this.transport = transport;
  }

  /** Signals the end of the stream. */
  feedEof(): void {
    this.eof = true;
    this.wakeupWaiter();
  }

  /** Whether the end was fed and the buffer is empty. */
  atEof(): boolean {
    return this.eof && this.buffer.length === 0;
  }

  /** Appends bytes to the buffer (refused after `feedEof`). */
  feedData(data: Uint8Array): void {
    checkBytes(data, "feedData() data");
    if (this.eof) throw new RuntimeError("feedData after feedEof");
    if (data.length === 0) return;
    this.buffer.append(data);
    this.wakeupWaiter();
    if (
      this.transport !== null &&
      !this.paused &&
      !this.unlimited &&
      this.buffer.length > 2 * this.limit
    ) {
      this.transport.pauseReading();
      this.paused = true;
    }
  }

  /** How many bytes are buffered. */
  get bufferedSize(): number {
    return this.buffer.length;
  }

  private wakeupWaiter(): void {
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      if (!waiter.cancelled()) waiter.setResult(undefined);
    }
  }

  private maybeResumeTransport(): void {
    if (this.paused && this.buffer.length <= this.limit) {
      this.paused = false;
      this.transport?.resumeReading();
    }
  }

  /** Waits until `feedData` or `feedEof` is called. */
  private async waitForData(method: string): Promise<void> {
    if (this.waiter !== null) {
      throw new RuntimeError(
        `${method}() called while another coroutine is already waiting for incoming data`,
      );
    }
    if (this.eof) throw new RuntimeError(`${method}() waiting for data after EOF`);
    // The buffer may be full of data the caller can't use (no separator yet): let more in.
    if (this.paused) {
      this.paused = false;
      this.transport?.resumeReading();
    }
    this.loop ??= getRunningLoop();
    const waiter = new Future<void>({ loop: this.loop });
    this.waiter = waiter;
    try {
      await waiter;
    } finally {
      if (this.waiter === waiter) this.waiter = null;
    }
  }

  /**
   * Reads one line, up to and including `\n`. At the end of the stream returns the partial last
   * line (empty when nothing is left). A line longer than `limit` raises `ValueError` and is
   * discarded (up to and including its `\n`, if buffered).
   */
  readline(): Coroutine<Uint8Array> {
    return new FastOp("StreamReader.readline", this.readlineAtOnce, this.readlineSlow, undefined);
  }

  /** A line already buffered is taken at once, with no Promise; otherwise it must wait. */
  private readonly readlineAtOnce = (): Uint8Array | typeof MUST_WAIT => {
    if (this.error === null) {
      const end = this.buffer.indexOf(NEWLINE, 0);
      if (end !== -1 && end <= this.limit) {
        const line = this.buffer.take(end + 1);
        this.maybeResumeTransport();
        return line;
      }
    }
    return MUST_WAIT;
  };

  private readonly readlineSlow = (): Promise<Uint8Array> => this.readlineNow();

  private async readlineNow(): Promise<Uint8Array> {
    try {
      return await this.readuntilNow(NEWLINE);
    } catch (error) {
      if (error instanceof IncompleteReadError) return error.partial;
      if (error instanceof LimitOverrunError) {
        if (this.buffer.indexOf(NEWLINE, error.consumed) === error.consumed) {
          this.buffer.take(error.consumed + 1);
        } else {
          this.buffer.clear();
        }
        this.maybeResumeTransport();
        throw new ValueError(error.message, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Reads up to and including `separator` (a `Uint8Array`, or a string sent as UTF-8), or, given
   * several separators, up to the one that makes the shortest result (Python 3.13).
   * At the end of the stream raises `IncompleteReadError` with what was left (consumed); when no
   * separator is within `limit` bytes raises `LimitOverrunError` and consumes nothing.
   */
  readuntil(
    separator: Uint8Array | string | readonly (Uint8Array | string)[] = NEWLINE,
  ): Coroutine<Uint8Array> {
    const list = (Array.isArray(separator) ? separator : [separator]).map((sep: unknown) => {
      const bytes = typeof sep === "string" ? encoder.encode(sep) : sep;
      checkBytes(bytes, "readuntil() separator");
      return bytes;
    });
    if (list.length === 0) throw new ValueError("Separator should contain at least one element");
    // Shortest first, so that a shorter separator ending at the same place wins.
    list.sort((x, y) => x.length - y.length);
    if ((list[0] as Uint8Array).length === 0) {
      throw new ValueError("Separator should be at least one-byte string");
    }
    if (list.length === 1) {
      const only = list[0] as Uint8Array;
      return new Coroutine(() => this.readuntilNow(only));
    }
    return new Coroutine(() => this.readuntilAny(list));
  }

  private async readuntilNow(separator: Uint8Array): Promise<Uint8Array> {
    const sepLength = separator.length;
    if (this.error !== null) throw this.error;
    let offset = 0;
    let found: number;
    for (;;) {
      const length = this.buffer.length;
      if (length - offset >= sepLength) {
        found = this.buffer.indexOf(separator, offset);
        if (found !== -1) break;
        offset = length + 1 - sepLength;
        if (offset > this.limit) {
          throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
      }
      if (this.eof) {
        const chunk = this.buffer.take(this.buffer.length);
        throw new IncompleteReadError(chunk, null);
      }
      await this.waitForData("readuntil");
    }
    if (found > this.limit) {
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", found);
    }
    const chunk = this.buffer.take(found + sepLength);
    this.maybeResumeTransport();
    return chunk;
  }

  /** `readuntil` with several separators (sorted shortest first). */
  private async readuntilAny(separators: Uint8Array[]): Promise<Uint8Array> {
    const minLength = (separators[0] as Uint8Array).length;
    const maxLength = (separators[separators.length - 1] as Uint8Array).length;
    if (this.error !== null) throw this.error;
    let offset = 0;
    let matchStart = -1;
    let matchEnd = -1;
    for (;;) {
      const length = this.buffer.length;
      if (length - offset >= minLength) {
        for (const sep of separators) {
          const at = this.buffer.indexOf(sep, offset);
          if (at !== -1 && (matchEnd === -1 || at + sep.length < matchEnd)) {
            matchStart = at;
            matchEnd = at + sep.length;
          }
        }
        if (matchEnd !== -1) break;
        offset = Math.max(0, length + 1 - maxLength);
        if (offset > this.limit) {
          throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
      }
      if (this.eof) {
        const chunk = this.buffer.take(this.buffer.length);
        throw new IncompleteReadError(chunk, null);
      }
      await this.waitForData("readuntil");
    }
    if (matchStart > this.limit) {
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    }
    const chunk = this.buffer.take(matchEnd);
    this.maybeResumeTransport();
    return chunk;
  }

  /**
   * Reads at most `n` bytes; with `n` omitted or negative, reads until the end of the stream.
   * Returns an empty array at the end of the stream (or for `n = 0`).
   */
  read(n = -1): Coroutine<Uint8Array> {
    if (typeof n !== "number" || !Number.isInteger(n)) {
      throw new TypeError(`read() n must be an integer, got ${describe(n)}`);
    }
    return new FastOp("StreamReader.read", this.readAtOnce, this.readSlow, n);
  }

  /** Bytes already buffered are taken at once; an empty buffer must wait (or read to the end). */
  private readonly readAtOnce = (n: number): Uint8Array | typeof MUST_WAIT => {
    if (this.error !== null || n < 0) return MUST_WAIT;
    if (n === 0) return EMPTY;
    if (this.buffer.length === 0) return this.eof ? EMPTY : MUST_WAIT;
    const data = this.buffer.take(n);
    this.maybeResumeTransport();
    return data;
  };

  private readonly readSlow = (n: number): Promise<Uint8Array> => this.readNow(n);

  private async readNow(n: number): Promise<Uint8Array> {
    if (this.error !== null) throw this.error;
    if (n === 0) return EMPTY;
    if (n < 0) {
      const blocks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const block = await this.readNow(this.limit);
        if (block.length === 0) break;
        blocks.push(block);
        total += block.length;
      }
      return concat(blocks, total);
    }
    if (this.buffer.length === 0 && !this.eof) await this.waitForData("read");
    const data = this.buffer.take(n);
    this.maybeResumeTransport();
    return data;
  }

  /**
   * Reads exactly `n` bytes. If the stream ends first, raises `IncompleteReadError` whose
   * `partial` holds what was left (consumed).
   */
  readexactly(n: number): Coroutine<Uint8Array> {
    if (typeof n !== "number" || !Number.isInteger(n)) {
      throw new TypeError(`readexactly() n must be an integer, got ${describe(n)}`);
    }
    if (n < 0) throw new ValueError("readexactly size can not be less than zero");
    return new FastOp("StreamReader.readexactly", this.readexactlyAtOnce, this.readexactlySlow, n);
  }

  private readonly readexactlyAtOnce = (n: number): Uint8Array | typeof MUST_WAIT => {
    if (this.error !== null) return MUST_WAIT;
    if (n === 0) return EMPTY;
    if (this.buffer.length < n) return MUST_WAIT;
    const data = this.buffer.take(n);
    this.maybeResumeTransport();
    return data;
  };

  private readonly readexactlySlow = (n: number): Promise<Uint8Array> => this.readexactlyNow(n);

  private async readexactlyNow(n: number): Promise<Uint8Array> {
    if (this.error !== null) throw this.error;
    if (n === 0) return EMPTY;
    while (this.buffer.length < n) {
      if (this.eof) {
        const partial = this.buffer.take(this.buffer.length);
        throw new IncompleteReadError(partial, n);
      }
      await this.waitForData("readexactly");
    }
    const data = this.buffer.take(n);
    this.maybeResumeTransport();
    return data;
  }

  /**
   * Waits for the end of the stream without consuming anything and without the `limit` pause, then
   * takes everything. If cancelled, the data stays in the buffer. @internal
   */
  async _readToEof(): Promise<Uint8Array> {
    if (this.error !== null) throw this.error;
    this.unlimited = true;
    try {
      if (this.paused) {
        this.paused = false;
        this.transport?.resumeReading();
      }
      while (!this.eof) {
        await this.waitForData("read");
        if (this.error !== null) throw this.error;
      }
    } finally {
      this.unlimited = false;
    }
    return this.buffer.take(this.buffer.length);
  }

  /** Iterates over lines until the end of the stream. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        const line = await this.readline();
        return line.length === 0 ? { done: true, value: undefined } : { done: false, value: line };
      },
    };
  }

  toString(): string {
    const info = [`StreamReader`];
    if (this.buffer.length > 0) info.push(`${this.buffer.length} bytes`);
    if (this.eof) info.push("eof");
    if (this.limit !== DEFAULT_LIMIT) info.push(`limit=${this.limit}`);
    if (this.waiter !== null) info.push("waiter");
    if (this.error !== null) info.push("exception");
    if (this.transport !== null) info.push("transport");
    if (this.paused) info.push("paused");
    return `<${info.join(" ")}>`;
  }
}

function concat(blocks: Uint8Array[], total: number): Uint8Array {
  if (blocks.length === 1) return blocks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}
