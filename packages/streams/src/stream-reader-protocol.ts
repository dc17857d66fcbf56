/**
 * `StreamReaderProtocol`: adapts a transport to a `StreamReader` (incoming bytes) and a
 * `StreamWriter` (flow control), and on a server runs the client-connected callback with the
 * pair as a task.
 */
import type { Future } from "@asyncio/futures";
import type { EventLoopContract } from "@asyncio/futures/contract";
import { createTaskOn } from "@asyncio/tasks/contract";
import { FlowControlProtocol } from "./flow-control-protocol.js";
import { isThenable } from "./internal/user-callback.js";
import type { StreamProtocol } from "./protocol.js";
import type { StreamReader } from "./stream-reader.js";
import { StreamWriter } from "./stream-writer.js";
import type { Transport } from "./transport.js";

/**
 * Called with each new connection's reader and writer, as a task from its first line: an `async`
 * function, a function returning a Promise, a `coroutine()` function or a plain function.
 */
export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => unknown;

/**
 * Python's `asyncio.StreamReaderProtocol`: the protocol that feeds a transport's bytes to a
 * `StreamReader`, gives a `StreamWriter` its flow control, and on a server runs the
 * client-connected callback with each connection's pair.
 *
 * @example
 * ```ts
 * const reader = new StreamReader();
 * const [transport] = await createConnection(() => new StreamReaderProtocol(reader), host, port);
 * ```
 */
export class StreamReaderProtocol extends FlowControlProtocol implements StreamProtocol {
  private reader: StreamReader | null;
  private readonly clientConnected: ClientConnectedCallback | null;
  private overTls = false;
  /** The peer has sent EOF. */
  private peerEnded = false;
  /** An async client-connected callback has returned. */
  private handlerReturned = false;
  private transport: Transport | null = null;
  /** The task running the client-connected callback. */
  task: Future<unknown> | null = null;
  /** The writer made for the callback (servers only). */
  streamWriter: StreamWriter | null = null;

  constructor(
    reader: StreamReader,
    clientConnected: ClientConnectedCallback | null,
    loop: EventLoopContract,
  ) {
    super(loop);
    this.reader = reader;
    this.clientConnected = clientConnected;
  }

  connectionMade(transport: Transport): void {
    this.transport = transport;
    this.reader?.setTransport(transport);
    this.overTls = transport.getExtraInfo("sslcontext") !== null;
    const callback = this.clientConnected;
    if (callback === null || this.reader === null) return;
    const reader = this.reader;
    const writer = new StreamWriter(transport, this, reader, this.loop);
    this.streamWriter = writer;
    // Called inside the task, so that the whole callback runs in it (currentTask(), timeout(),
    // cancellation) and anything it throws, at once or later, is the task's exception.
    let returnedAwaitable = false;
    const task = createTaskOn(this.loop, () => {
      const result = callback(reader, writer);
      returnedAwaitable = isThenable(result);
      return result;
    });
    this.task = task;
    task.addDoneCallback(() => {
      if (task.cancelled()) {
        transport.close();
        return;
      }
      const exc = task.exception();
      if (exc !== null) {
        this.loop.callExceptionHandler({
          message: "Unhandled exception in client_connected_cb",
          exception: exc,
          transport,
        });
        transport.close();
        return;
      }
      // A plain callback usually hands the streams over to work of its own: only an async one
      // is taken to be done with them when it returns.
      if (!returnedAwaitable) return;
      this.handlerReturned = true;
      this.closeIfAbandoned();
    });
  }

  /**
   * Python closes a server connection whose writer was dropped unclosed, when the writer is
   * garbage-collected. JavaScript can't see that in time, so the moment is made explicit: once
   * an async callback has returned and the peer has closed its side, nobody will read or write
   * again, and the connection is closed (after what was written is flushed).
   */
  private closeIfAbandoned(): void {
    if (this.handlerReturned && this.peerEnded) this.transport?.close();
  }

  /** A server's connection upgrades to TLS as the server. @internal */
  _isServerSide(): boolean {
    return this.clientConnected !== null;
  }

  /** After `startTls`, reading and writing go through the TLS transport. @internal */
  _replaceTransport(transport: Transport): void {
    // The reader keeps the plain transport: it passes pauseReading/resumeReading on.
    this.transport = transport;
    this.overTls = transport.getExtraInfo("sslcontext") !== null;
  }

  override connectionLost(exc: unknown): void {
    const reader = this.reader;
    if (reader !== null) {
      if (exc === null) reader.feedEof();
      else reader.setException(exc);
    }
    super.connectionLost(exc);
    this.reader = null;
    this.transport = null;
  }

  dataReceived(data: Uint8Array): void {
    this.reader?.feedData(data);
  }

  eofReceived(): boolean {
    this.reader?.feedEof();
    this.peerEnded = true;
    if (this.handlerReturned) return false;
    // Over TLS a half-close is not possible: returning false closes the transport.
    return !this.overTls;
  }
}
