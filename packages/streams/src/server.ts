/**
 * `Server`: listening sockets and the connections they accepted, as Python's `asyncio.Server`.
 * `close()` stops listening (connections stay); `waitClosed()` waits until the server is closed
 * and every connection it accepted is gone.
 */
import type * as net from "node:net";
import { Future, isCancelledError, isExitError, RuntimeError } from "@asyncio/futures";
import type { EventLoopContract, LoopResource } from "@asyncio/futures/contract";
import { Coroutine, sleep } from "@asyncio/tasks";
import {
  type HeardSocket,
  hear,
  rememberAddresses,
  socketTransport,
} from "./internal/connect-socket.js";
import { post } from "./internal/post.js";
import type { StreamTransport } from "./internal/stream-transport.js";
import { makeProtocol } from "./internal/user-callback.js";
import type { BaseProtocol } from "./protocol.js";
import type { Transport } from "./transport.js";
import { TransportSocket } from "./transport-socket.js";

/** @internal */
export interface ServerListener {
  server: net.Server;
  /** The socket path of a Unix server. */
  path: string | null;
  /** Where new connections come from: the server, or a TLS layer over it. */
  source: { on(event: string, listener: (socket: net.Socket) => void): unknown };
  /** The event that hands over a new connection (`secureConnection` over TLS). */
  event: "connection" | "secureConnection";
  /** Over TLS, the connections' `sslShutdownTimeout`. */
  shutdownTimeout: number | null;
  /** Over TLS, what the connections give as `getExtraInfo("sslcontext")`. */
  sslcontext: unknown;
}

/**
 * Python's `asyncio.Server`: the listening sockets made by `createServer`, `startServer` and their
 * Unix forms. `close()` stops listening; `waitClosed()` also waits for the accepted connections
 * to end.
 *
 * @example
 * ```ts
 * await using server = await createServer(() => new Echo(), "127.0.0.1", 0);
 * const [host, port] = server.sockets[0]!.getsockname() as [string, number];
 * await server.serveForever();
 * ```
 */
export class Server implements LoopResource {
  private readonly loop: EventLoopContract;
  private listeners: ServerListener[] | null;
  private readonly protocolFactory: () => BaseProtocol;
  private readonly transports = new Set<StreamTransport>();
  /** Connections accepted by Node while the server is not serving. */
  private readonly held: [HeardSocket, ServerListener][] = [];
  /** Connections accepted and waiting for their protocol (a loop callback away). */
  private readonly pending = new Set<HeardSocket>();
  private serving = false;
  private waiters: Future<void>[] | null = [];
  private servingForever: Future<void> | null = null;

  /** @internal */
  constructor(
    loop: EventLoopContract,
    listeners: ServerListener[],
    protocolFactory: () => BaseProtocol,
  ) {
    this.loop = loop;
    this.listeners = listeners;
    this.protocolFactory = protocolFactory;
    // Listening, it belongs to the loop: closing the loop closes it.
    loop._addResource(this);
    for (const listener of listeners) {
      listener.source.on(listener.event, (socket: net.Socket) => this.incoming(socket, listener));
      // After listening started, a server error has nobody to go to but the exception handler.
      listener.server.on("error", (error: Error) =>
        post(loop, () =>
          loop.callExceptionHandler({ message: "Server error", exception: error, server: this }),
        ),
      );
    }
  }

  private incoming(socket: net.Socket, listener: ServerListener): void {
    if (this.listeners === null || this.loop.isClosed()) {
      socket.destroy();
      return;
    }
    // Listen at once: the peer may already have sent its FIN, or reset the connection.
    rememberAddresses(socket);
    this.admit(hear(socket), listener);
  }

  private admit(heard: HeardSocket, listener: ServerListener): void {
    if (!this.serving) {
      this.held.push([heard, listener]);
      return;
    }
    this.pending.add(heard);
    this.loop.callSoon(() => this.accept(heard, listener));
  }

  private accept(heard: HeardSocket, listener: ServerListener): void {
    this.pending.delete(heard);
    const { socket } = heard;
    if (this.listeners === null) {
      socket.destroy();
      return;
    }
    let protocol: BaseProtocol;
    try {
      protocol = makeProtocol(this.loop, this.protocolFactory, "createServer");
    } catch (error) {
      if (isExitError(error)) throw error;
      socket.destroy();
      this.loop.callExceptionHandler({
        message: "Error on transport creation for incoming connection",
        exception: error,
      });
      return;
    }
    const transport = socketTransport(this.loop, heard, protocol, listener.path, "server", {
      onLost: () => this.detach(transport),
      shutdownTimeout: listener.shutdownTimeout,
      sslcontext: listener.sslcontext,
    });
    this.transports.add(transport);
  }

  private detach(transport: StreamTransport): void {
    this.transports.delete(transport);
    if (this.transports.size === 0 && this.listeners === null) this.wakeup();
  }

  private wakeup(): void {
    const waiters = this.waiters;
    this.waiters = null;
    for (const waiter of waiters ?? []) if (!waiter.done()) waiter.setResult(undefined);
  }

  /** The loop the server runs on. */
  getLoop(): EventLoopContract {
    return this.loop;
  }

  /** Whether new connections are being accepted. */
  isServing(): boolean {
    return this.serving;
  }

  /** The listening sockets (empty once closed). */
  get sockets(): TransportSocket[] {
    return (this.listeners ?? []).map((l) => new TransportSocket(l.server, l.path));
  }

  /** Starts accepting connections (a no-op if already serving). */
  startServing(): Coroutine<void> {
    return new Coroutine(async () => {
      this.startServingNow();
      await sleep(0);
    });
  }

  /** @internal */
  _startServing(): void {
    this.startServingNow();
  }

  private startServingNow(): void {
    if (this.serving || this.listeners === null) return;
    this.serving = true;
    const held = this.held.splice(0);
    for (const [heard, listener] of held) this.admit(heard, listener);
  }

  /**
   * Serves until cancelled; cancellation closes the server and waits for its connections to go.
   */
  serveForever(): Coroutine<void> {
    return new Coroutine(async () => {
      if (this.servingForever !== null) {
        throw new RuntimeError(`server ${this} is already being awaited on serveForever()`);
      }
      if (this.listeners === null) throw new RuntimeError(`server ${this} is closed`);
      this.startServingNow();
      const forever = new Future<void>({ loop: this.loop });
      this.servingForever = forever;
      try {
        await forever;
      } catch (error) {
        if (!isCancelledError(error)) throw error;
        // Cancelled: close and wait for the connections, then let the cancellation go on.
        this.close();
        await this.waitClosed();
        throw error;
      } finally {
        this.servingForever = null;
      }
    });
  }

  /** Stops listening; accepted connections stay open (see `closeClients`). */
  close(): void {
    const listeners = this.listeners;
    if (listeners === null) return;
    this.listeners = null;
    this.loop._removeResource(this);
    for (const listener of listeners) listener.server.close();
    for (const [{ socket }] of this.held.splice(0)) socket.destroy();
    this.serving = false;
    const forever = this.servingForever;
    if (forever !== null && !forever.done()) {
      forever.cancel();
      this.servingForever = null;
    }
    if (this.transports.size === 0) this.wakeup();
  }

  /**
   * The loop is closing with this server still listening: stop listening and drop the
   * connections not yet handed to a protocol, at once. (Those that were have transports of their
   * own, which the loop closes too.)
   * @internal
   */
  _closeWithLoop(): void {
    const listeners = this.listeners ?? [];
    this.listeners = null;
    this.serving = false;
    for (const listener of listeners) listener.server.close();
    for (const [{ socket }] of this.held.splice(0)) socket.destroy();
    for (const { socket } of this.pending) socket.destroy();
    this.pending.clear();
  }

  /** Closes every accepted connection (after flushing). */
  closeClients(): void {
    for (const transport of [...this.transports]) transport.close();
  }

  /** Aborts every accepted connection (dropping buffered data). */
  abortClients(): void {
    for (const transport of [...this.transports]) transport.abort();
  }

  /** The transports of the connections accepted and not yet lost. */
  get connections(): readonly Transport[] {
    return [...this.transports];
  }

  /** Waits until the server is closed and all its connections are gone. */
  waitClosed(): Coroutine<void> {
    return new Coroutine(async () => {
      if (this.waiters === null) return;
      const waiter = new Future<void>({ loop: this.loop });
      this.waiters.push(waiter);
      await waiter;
    });
  }

  /** `await using server = ...`: closes the server and waits for it, as `async with server`. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.waitClosed();
  }

  toString(): string {
    return `<Server sockets=[${this.sockets.map(String).join(", ")}]>`;
  }
}
