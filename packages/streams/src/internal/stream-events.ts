/**
 * Node's events of a socket or pipe, listened to from the moment the stream exists. A socket a
 * server has just accepted can emit `'end'` (the peer's FIN) or `'error'` (its RST) before
 * anything else runs; an `'end'` nobody hears is lost for good, and an `'error'` nobody hears
 * ends the process. So the listeners go on at once, the stream is paused, and what it says is
 * kept in order until a transport takes it over.
 */
import type { Readable, Writable } from "node:stream";
import { fromNodeError } from "../errors.js";

export const EOF: unique symbol = Symbol("eof");
export const LOST: unique symbol = Symbol("lost");
/** What a stream says, in order: bytes, the end of its data, its closing. */
export type Incoming = Uint8Array | typeof EOF | typeof LOST;

/** Where a transport takes the events once it exists. */
export interface StreamEventSink {
  receive(item: Incoming): void;
  failed(error: unknown): void;
}

/** @internal */
export class StreamEvents {
  readonly readable: Readable | null;
  readonly writable: Writable | null;
  private sink: StreamEventSink | null = null;
  private backlog: Incoming[] = [];
  private error: unknown = null;
  /** Removes every listener put on the streams (a TLS upgrade takes the socket over). */
  private readonly unlisten: () => void;

  constructor(readable: Readable | null, writable: Writable | null) {
    this.readable = readable;
    this.writable = writable;
    const onError = (error: Error): void => {
      const converted = fromNodeError(error);
      if (this.sink !== null) this.sink.failed(converted);
      else this.error ??= converted;
    };
    const onClose = (): void => this.emit(LOST);
    const onData = (chunk: Uint8Array): void => this.emit(chunk);
    const onEnd = (): void => this.emit(EOF);
    if (readable !== null) {
      // Paused before the first 'data' listener: bytes wait in Node (up to its high-water mark)
      // until the transport resumes reading.
      readable.pause();
      readable.on("data", onData);
      readable.on("end", onEnd);
      readable.on("error", onError);
      readable.on("close", onClose);
    }
    const writeOnly = writable !== null && writable !== (readable as unknown);
    if (writeOnly) {
      writable.on("error", onError);
      // A write-only pipe is lost when it closes; a read side, if any, decides otherwise.
      if (readable === null) writable.on("close", onClose);
    }
    this.unlisten = () => {
      readable?.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      if (writeOnly) writable.off("error", onError).off("close", onClose);
    };
    // It may have closed before anyone listened.
    if (readable?.destroyed || writable?.destroyed) this.emit(LOST);
  }

  private emit(item: Incoming): void {
    if (this.sink !== null) this.sink.receive(item);
    else this.backlog.push(item);
  }

  /** Hands what was heard so far, then every later event, to `sink`. */
  attach(sink: StreamEventSink): void {
    this.sink = sink;
    if (this.error !== null) sink.failed(this.error);
    const backlog = this.backlog;
    this.backlog = [];
    for (const item of backlog) sink.receive(item);
  }

  /** Stops listening: from now on the streams belong to someone else. */
  detach(): void {
    this.sink = null;
    this.backlog = [];
    this.unlisten();
  }

  /** Destroys both ends at once (nobody will take them over). */
  destroy(): void {
    this.readable?.destroy();
    this.writable?.destroy();
  }
}
