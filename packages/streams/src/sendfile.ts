/**
 * Sending a file over a transport, as Python's `loop.sendfile()`: the file is read block by
 * block and written with the transport's flow control, so a file of any size goes out in
 * constant memory and at the pace the peer reads. Node has no zero-copy `sendfile(2)`, so this
 * is always Python's fallback path; `fallback: false` therefore raises
 * `SendfileNotAvailableError`.
 */

import { read as readFd } from "node:fs";
import { type FileHandle, open as openFile } from "node:fs/promises";
import { Future, getRunningLoop, RuntimeError, ValueError } from "@asyncio/futures";
import { describe, type EventLoopContract, executionFrames } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import {
  ConnectionError,
  fromNodeError,
  NotImplementedError,
  SendfileNotAvailableError,
} from "./errors.js";
import { checkFlag, checkOptionNames } from "./internal/options.js";
import { post } from "./internal/post.js";
import { StreamTransport } from "./internal/stream-transport.js";
import type { BaseProtocol } from "./protocol.js";
import type { WriteTransport } from "./transport.js";

/** A file to send: a path, an open `FileHandle`, or a file descriptor. */
export type SendfileSource = string | FileHandle | number;

/** The options of `sendfile`, as the keyword arguments of Python's `loop.sendfile()`. */
export interface SendfileOptions {
  /** Read and write the file when zero-copy is impossible (always, on Node); default `true`. */
  fallback?: boolean;
}

/** Python's block size for the fallback: 256 KiB. @internal */
export const BLOCK_SIZE: number = 256 * 1024;

function isFileHandle(value: unknown): value is FileHandle {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as FileHandle).read === "function" &&
    typeof (value as FileHandle).fd === "number"
  );
}

/**
 * Stands in for the transport's protocol while the file is sent, as Python's
 * `_SendfileFallbackProtocol`: it waits for the write buffer to drain, stops reading, and passes
 * a loss on to the real protocol.
 */
class SendfileProtocol implements BaseProtocol {
  private readonly loop: EventLoopContract;
  private readonly transport: StreamTransport;
  private readonly original: BaseProtocol;
  private readonly wasReading: boolean;
  /** Whether the real protocol was told to pause writing (it must hear the resume). */
  private readonly wasPaused: boolean;
  private paused = false;
  private waiter: Future<void> | null = null;
  private lost: unknown = undefined;

  constructor(loop: EventLoopContract, transport: StreamTransport) {
    this.loop = loop;
    this.transport = transport;
    this.original = transport.getProtocol();
    this.wasReading = transport.isReading();
    // The write buffer may already be over the mark: start paused then.
    const [, high] = transport.getWriteBufferLimits();
    this.paused = transport.getWriteBufferSize() > high;
    this.wasPaused = this.paused;
    transport.pauseReading();
    transport.setProtocol(this);
  }

  pauseWriting(): void {
    this.paused = true;
  }

  resumeWriting(): void {
    this.paused = false;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null && !waiter.done()) waiter.setResult();
  }

  connectionLost(exc: unknown): void {
    this.lost = exc;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter !== null && !waiter.done()) {
      waiter.setException(new ConnectionError("Connection closed by peer"));
    }
    this.original.connectionLost?.(exc);
  }

  /** Waits while the transport's buffer is above its high-water mark. */
  async drain(): Promise<void> {
    if (this.lost !== undefined || this.transport.isClosing()) {
      throw new ConnectionError("Connection closed by peer");
    }
    if (!this.paused) return;
    const waiter = new Future<void>({ loop: this.loop });
    this.waiter = waiter;
    await waiter;
  }

  /** Gives the transport back to its protocol, as it was. */
  restore(): void {
    if (this.lost !== undefined) return;
    this.transport.setProtocol(this.original);
    if (this.wasReading) this.transport.resumeReading();
    // The real protocol was paused before the file: it must hear that writing goes on.
    if (this.wasPaused && !this.paused) this.original.resumeWriting?.();
  }
}

/** Reads up to `length` bytes at `position`, as a loop future (a cancelled wait loses nothing). @internal */
export function readBlock(
  loop: EventLoopContract,
  file: FileHandle | number,
  length: number,
  position: number,
): Future<Buffer> {
  const done = new Future<Buffer>({ loop });
  const buffer = Buffer.allocUnsafe(length);
  const settle = (error: unknown, bytesRead: number): void =>
    post(loop, () => {
      if (done.done()) return;
      if (error) done.setException(fromNodeError(error));
      else done.setResult(buffer.subarray(0, bytesRead));
    });
  executionFrames.exit(() => {
    if (typeof file === "number") readFd(file, buffer, 0, length, position, settle);
    else {
      file.read(buffer, 0, length, position).then(
        ({ bytesRead }) => settle(null, bytesRead),
        (error: unknown) => settle(error, 0),
      );
    }
  });
  return done;
}

interface Checked {
  transport: StreamTransport;
  offset: number;
  count: number | null;
}

function check(
  transport: unknown,
  file: unknown,
  offset: unknown,
  count: unknown,
  options: unknown,
): Checked {
  const method = "sendfile";
  const record = checkOptionNames(options, ["fallback"], method);
  const fallback = checkFlag(record.fallback, "fallback", method, true);
  if (typeof file !== "string" && typeof file !== "number" && !isFileHandle(file)) {
    throw new TypeError(
      `${method}() file must be a path, a FileHandle or a file descriptor, got ${describe(file)}`,
    );
  }
  if (typeof file === "number" && (!Number.isInteger(file) || file < 0)) {
    throw new ValueError(`${method}() file descriptor must be a non-negative integer, got ${file}`);
  }
  if (typeof offset !== "number" || !Number.isInteger(offset)) {
    throw new TypeError(`offset must be a non-negative integer (got ${describe(offset)})`);
  }
  if (offset < 0) throw new ValueError(`offset must be a non-negative integer (got ${offset})`);
  if (count !== null && count !== undefined) {
    if (typeof count !== "number" || !Number.isInteger(count)) {
      throw new TypeError(`count must be a positive integer (got ${describe(count)})`);
    }
    if (count <= 0) throw new ValueError(`count must be a positive integer (got ${count})`);
  }
  if (!(transport instanceof StreamTransport) || !transport._isWritable()) {
    throw new NotImplementedError(`sendfile is not supported for transport ${describe(transport)}`);
  }
  if (transport.isClosing()) throw new RuntimeError("Transport is closing");
  if (!fallback) {
    throw new SendfileNotAvailableError(
      `fallback is disabled and native sendfile is not supported for transport ${transport}`,
    );
  }
  return { transport, offset, count: (count as number | null | undefined) ?? null };
}

async function send(
  source: SendfileSource,
  { transport, offset, count }: Checked,
): Promise<number> {
  const loop = getRunningLoop();
  let file: FileHandle | number;
  let owned: FileHandle | null = null;
  if (typeof source === "string") {
    try {
      owned = await openFile(source, "r");
    } catch (error) {
      throw fromNodeError(error);
    }
    file = owned;
  } else file = source;
  const protocol = new SendfileProtocol(loop, transport);
  const wanted = (from: number): number =>
    count === null ? BLOCK_SIZE : Math.min(BLOCK_SIZE, count - from);
  let sent = 0;
  try {
    if (wanted(0) <= 0) return 0;
    let reading = readBlock(loop, file, wanted(0), offset);
    for (;;) {
      const block = await reading;
      if (block.length === 0) return sent;
      // Read the next block while this one waits for the buffer to drain.
      const next = sent + block.length;
      if (wanted(next) > 0) reading = readBlock(loop, file, wanted(next), offset + next);
      await protocol.drain();
      transport._writeOwned(block);
      sent = next;
      if (wanted(sent) <= 0) return sent;
    }
  } finally {
    protocol.restore();
    await owned?.close();
  }
}

/**
 * Sends `count` bytes of `file` (all of it by default) from `offset` over `transport`, as
 * Python's `loop.sendfile()`, and resolves to the number of bytes sent. The file is read in
 * 256 KiB blocks, each written once the transport's buffer is below its high-water mark; the
 * transport doesn't read meanwhile. A `FileHandle` or descriptor is read at explicit positions
 * (its own position doesn't move) and stays open. Node can't do zero-copy: with
 * `fallback: false` this raises `SendfileNotAvailableError` at once.
 *
 * @example
 * ```ts
 * const sent = await sendfile(writer.transport, "/var/www/index.html");
 * ```
 */
export function sendfile(
  transport: WriteTransport,
  file: SendfileSource,
  offset = 0,
  count: number | null = null,
  options: SendfileOptions = {},
): Coroutine<number> {
  const checked = check(transport, file, offset, count, options);
  return new Coroutine(() => send(file, checked));
}
