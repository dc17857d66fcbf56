/**
 * `Socket`: a small stand-in for Python's `socket.socket`, for the low-level `sock_*`
 * coroutines (`sockRecv`, `sockSendall`, `sockAccept`, ...). Node has no raw socket API, so a
 * TCP socket is a `net.Socket` (once connected) or a `net.Server` (once listening), and a UDP
 * socket a `dgram.Socket`; what arrives is kept in order here until a coroutine takes it.
 */
import * as dgram from "node:dgram";
import * as net from "node:net";
import { Future, getRunningLoop, ValueError } from "@asyncio/futures";
import {
  describe,
  type EventLoopContract,
  executionFrames,
  type LoopResource,
} from "@asyncio/futures/contract";
import { fromNodeError, OSError } from "./errors.js";
import { AF_INET, AF_INET6, AF_UNIX, SOCK_DGRAM, SOCK_STREAM } from "./socket-constants.js";

/** An address: `[host, port]` (IPv4, IPv6) or a path (Unix). */
export type SocketAddressLike =
  | [host: string, port: number]
  | readonly [string, number, ...number[]]
  | string;

/** Python's `socket.SHUT_RD`: shut down the receiving side. */
export const SHUT_RD = 0;
/** Python's `socket.SHUT_WR`: shut down the sending side (the peer reads EOF). */
export const SHUT_WR = 1;
/** Python's `socket.SHUT_RDWR`: shut down both directions. */
export const SHUT_RDWR = 2;

/** What a stream socket received, in order: bytes, then the end (or an error). */
type Incoming =
  | { kind: "data"; data: Buffer }
  | { kind: "end" }
  | { kind: "error"; error: unknown };

/** Connections a listening `Socket` had accepted when it was handed to a server. */
const heldConnections = new WeakMap<net.Server, net.Socket[]>();

/** The connections waiting on a server handed over by a `Socket`. @internal */
export function takeHeldConnections(server: net.Server): net.Socket[] {
  const held = heldConnections.get(server) ?? [];
  heldConnections.delete(server);
  return held;
}

/** Above this many unread bytes the socket stops reading until `recv` takes some. */
const READ_HIGH_WATER = 256 * 1024;

function badFd(): OSError {
  return new OSError("[Errno 9] Bad file descriptor", "EBADF");
}

/**
 * Python's `socket.socket` for the loop's `sock_*` coroutines (`sockConnect`, `sockSendall`,
 * `sockRecv`, `sockAccept`, ...): a non-blocking TCP, UDP or Unix stream socket.
 *
 * @example
 * ```ts
 * const sock = new Socket(AF_INET, SOCK_STREAM);
 * await sockConnect(sock, ["127.0.0.1", port]);
 * await sockSendall(sock, enc("ping"));
 * const reply = await sockRecv(sock, 1024);
 * sock.close();
 * ```
 */
export class Socket implements LoopResource {
  readonly family: number;
  readonly type: number;
  readonly proto: number;
  private blocking = false;
  private bound: SocketAddressLike | null = null;
  private closed = false;
  /** A connected stream socket. */
  private stream: net.Socket | null = null;
  /** A listening stream socket. */
  private server: net.Server | null = null;
  private listening: Future<void> | null = null;
  /** A UDP socket. */
  private udp: dgram.Socket | null = null;
  private udpBound: Future<void> | null = null;
  private readonly incoming: Incoming[] = [];
  private unreadBytes = 0;
  private readonly datagrams: { data: Buffer; from: [string, number] }[] = [];
  private readonly accepted: net.Socket[] = [];
  private waiters: Future<void>[] = [];
  private loop: EventLoopContract | null = null;
  private owned = false;

  /** As Python's `socket.socket(family, type, proto)`: `AF_INET`/`AF_INET6`/`AF_UNIX`, `SOCK_STREAM`/`SOCK_DGRAM`. */
  constructor(family: number = AF_INET, type: number = SOCK_STREAM, proto = 0) {
    if (family !== AF_INET && family !== AF_INET6 && family !== AF_UNIX) {
      throw new ValueError(
        `Socket() family must be AF_INET, AF_INET6 or AF_UNIX, got ${describe(family)}`,
      );
    }
    if (type !== SOCK_STREAM && type !== SOCK_DGRAM) {
      throw new ValueError(
        `Socket() type must be SOCK_STREAM or SOCK_DGRAM, got ${describe(type)}`,
      );
    }
    if (family === AF_UNIX && type === SOCK_DGRAM) {
      throw new ValueError("Socket() Unix datagram sockets are not available in Node");
    }
    this.family = family;
    this.type = type;
    this.proto = proto;
  }

  /** Takes over a connected `net.Socket` (as a socket `accept` returns). @internal */
  static _fromConnected(raw: net.Socket, family: number): Socket {
    const sock = new Socket(family, SOCK_STREAM);
    sock.attachStream(raw);
    return sock;
  }

  /** Python requires non-blocking sockets for the `sock_*` coroutines; this one never blocks. */
  setblocking(flag: boolean): void {
    this.blocking = Boolean(flag);
  }

  getblocking(): boolean {
    return this.blocking;
  }

  /** The `sock_*` coroutines refuse a socket set to blocking, as Python's do. @internal */
  _checkUsable(): void {
    if (this.blocking) throw new ValueError("the socket must be non-blocking");
    if (this.closed) throw badFd();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) if (!waiter.done()) waiter.setResult();
  }

  /** Waits for the next thing to happen on the socket (data, a connection, the end). @internal */
  async _wait(): Promise<void> {
    const loop = (this.loop ??= getRunningLoop());
    const waiter = new Future<void>({ loop });
    this.waiters.push(waiter);
    try {
      await waiter;
    } finally {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    }
  }

  private post(fn: () => void): void {
    const loop = this.loop;
    if (loop === null || loop.isClosed()) fn();
    else loop.callSoon(fn);
  }

  private checkAddress(address: unknown, method: string): SocketAddressLike {
    if (this.family === AF_UNIX) {
      if (typeof address !== "string" || address === "") {
        throw new TypeError(
          `${method}() address must be a path for AF_UNIX, got ${describe(address)}`,
        );
      }
      return address;
    }
    if (!Array.isArray(address) || address.length < 2 || typeof address[0] !== "string") {
      throw new TypeError(
        `${method}() address must be a [host, port] array, got ${describe(address)}`,
      );
    }
    const port = address[1];
    if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`${method}() port must be 0-65535, got ${describe(port)}`);
    }
    return [address[0], port];
  }

  /** Binds the address (the binding happens when the socket listens, connects or sends). */
  /**
   * Binds the address. A UDP socket binds at once (the returned future is done once Node has
   * bound it, and `getsockname()` tells the real port from then on); a stream socket binds when
   * it listens or connects (the future is done already).
   */
  bind(address: SocketAddressLike): Future<void> {
    if (this.closed) throw badFd();
    if (this.bound !== null || this.stream !== null || this.server !== null) {
      throw new OSError("[Errno 22] Invalid argument", "EINVAL");
    }
    this.bound = this.checkAddress(address, "bind");
    if (this.type === SOCK_DGRAM) {
      this.openUdp();
      return this.udpBound as Future<void>;
    }
    const done = new Future<void>({ loop: (this.loop ??= getRunningLoop()) });
    done.setResult();
    return done;
  }

  /**
   * Starts listening (a stream socket). Node binds asynchronously: the returned future is done
   * once the address is bound, and `getsockname()` tells the real port from then on.
   */
  listen(backlog = 128): Future<void> {
    if (this.closed) throw badFd();
    if (this.type !== SOCK_STREAM)
      throw new OSError("[Errno 95] Operation not supported", "EOPNOTSUPP");
    if (this.listening !== null) return this.listening;
    const loop = (this.loop ??= getRunningLoop());
    const bound = this.bound ?? (this.family === AF_UNIX ? null : (["", 0] as [string, number]));
    if (bound === null) throw new OSError("[Errno 22] Invalid argument", "EINVAL");
    const server = executionFrames.exit(() =>
      net.createServer({ allowHalfOpen: true, pauseOnConnect: true }),
    );
    this.own(loop);
    this.server = server;
    const listening = new Future<void>({ loop });
    this.listening = listening;
    server.on("connection", (raw: net.Socket) => {
      this.accepted.push(raw);
      this.post(() => this.wake());
    });
    server.once("listening", () => this.post(() => listening.done() || listening.setResult()));
    server.on("error", (error: Error) =>
      this.post(() => {
        if (!listening.done()) listening.setException(fromNodeError(error));
      }),
    );
    executionFrames.exit(() => {
      if (typeof bound === "string") server.listen({ path: bound, backlog });
      else {
        const host = bound[0] === "" ? (this.family === AF_INET6 ? "::" : "0.0.0.0") : bound[0];
        server.listen({ host, port: bound[1], backlog });
      }
    });
    return listening;
  }

  private attachStream(raw: net.Socket): void {
    this.stream = raw;
    this.own((this.loop ??= getRunningLoop()));
    raw.on("data", (chunk: Buffer) => {
      this.incoming.push({ kind: "data", data: chunk });
      this.unreadBytes += chunk.length;
      if (this.unreadBytes > READ_HIGH_WATER) raw.pause();
      this.post(() => this.wake());
    });
    raw.on("end", () => {
      this.incoming.push({ kind: "end" });
      this.post(() => this.wake());
    });
    raw.on("error", (error: Error) => {
      this.incoming.push({ kind: "error", error: fromNodeError(error) });
      this.post(() => this.wake());
    });
    raw.resume();
  }

  private openUdp(): dgram.Socket {
    if (this.udp !== null) return this.udp;
    const loop = (this.loop ??= getRunningLoop());
    const udp = executionFrames.exit(() =>
      dgram.createSocket(this.family === AF_INET6 ? "udp6" : "udp4"),
    );
    this.udp = udp;
    this.own(loop);
    const bound = new Future<void>({ loop });
    this.udpBound = bound;
    udp.on("message", (data: Buffer, info: dgram.RemoteInfo) => {
      this.datagrams.push({ data, from: [info.address, info.port] });
      this.post(() => this.wake());
    });
    udp.on("error", () => {
      // Errors of sendto reach its caller; an ICMP error on receive has no one to go to.
    });
    udp.once("listening", () => this.post(() => bound.done() || bound.setResult()));
    const address = this.bound as [string, number] | null;
    executionFrames.exit(() => {
      if (address === null) udp.bind();
      else udp.bind(address[1], address[0] === "" ? undefined : address[0]);
    });
    return udp;
  }

  // ----- what the sock_* coroutines use -----

  /** Connects a stream socket. @internal */
  async _connect(address: unknown): Promise<void> {
    this._checkUsable();
    const target = this.checkAddress(address, "sock_connect");
    if (this.type === SOCK_DGRAM) {
      const udp = this.openUdp();
      await this.udpBound;
      const [host, port] = target as [string, number];
      const done = new Future<void>({ loop: this.loop as EventLoopContract });
      executionFrames.exit(() =>
        udp.connect(port, host, (error?: Error) =>
          this.post(() => (error ? done.setException(fromNodeError(error)) : done.setResult())),
        ),
      );
      await done;
      return;
    }
    if (this.stream !== null)
      throw new OSError("[Errno 106] Transport endpoint is already connected", "EISCONN");
    const loop = (this.loop ??= getRunningLoop());
    const local = this.bound as [string, number] | null;
    const raw = executionFrames.exit(() =>
      typeof target === "string"
        ? net.connect({ path: target, allowHalfOpen: true })
        : net.connect({
            host: target[0],
            port: target[1],
            allowHalfOpen: true,
            autoSelectFamily: false,
            ...(local !== null && typeof local !== "string"
              ? { localAddress: local[0] || undefined, localPort: local[1] }
              : {}),
          } as net.NetConnectOpts),
    );
    const connected = new Future<void>({ loop });
    const onError = (error: Error): void =>
      this.post(() => connected.done() || connected.setException(fromNodeError(error)));
    raw.once("error", onError);
    raw.once("connect", () => this.post(() => connected.done() || connected.setResult()));
    try {
      await connected;
    } catch (error) {
      raw.destroy();
      throw error;
    } finally {
      raw.off("error", onError);
    }
    this.attachStream(raw);
  }

  /** Takes the next connection, if one is waiting. @internal */
  _takeConnection(): [Socket, SocketAddressLike] | null {
    const raw = this.accepted.shift();
    if (raw === undefined) return null;
    const conn = Socket._fromConnected(raw, this.family);
    const address: SocketAddressLike =
      this.family === AF_UNIX ? "" : [raw.remoteAddress ?? "", raw.remotePort ?? 0];
    return [conn, address];
  }

  /** Whether `accept` can be waited on (listening). @internal */
  _checkListening(): void {
    this._checkUsable();
    if (this.server === null) throw new OSError("[Errno 22] Invalid argument", "EINVAL");
  }

  /** Takes up to `n` received bytes; `null` when it must wait. Empty at the end. @internal */
  _takeBytes(n: number): Buffer | null {
    this._checkUsable();
    if (this.stream === null)
      throw new OSError("[Errno 107] Transport endpoint is not connected", "ENOTCONN");
    const first = this.incoming[0];
    if (first === undefined) return null;
    if (first.kind === "end") return Buffer.alloc(0);
    if (first.kind === "error") {
      this.incoming.shift();
      throw first.error;
    }
    let chunk = first.data;
    if (chunk.length <= n) this.incoming.shift();
    else {
      first.data = chunk.subarray(n);
      chunk = chunk.subarray(0, n);
    }
    this.unreadBytes -= chunk.length;
    if (this.unreadBytes <= READ_HIGH_WATER / 2 && this.stream.isPaused()) this.stream.resume();
    return chunk;
  }

  /** Writes all of `data`; resolves once Node has handed it to the kernel. @internal */
  async _sendall(data: Uint8Array): Promise<void> {
    this._checkUsable();
    const stream = this.stream;
    if (stream === null)
      throw new OSError("[Errno 107] Transport endpoint is not connected", "ENOTCONN");
    if (stream.writableEnded || stream.destroyed)
      throw new OSError("[Errno 32] Broken pipe", "EPIPE");
    const done = new Future<void>({ loop: this.loop as EventLoopContract });
    const copy = Buffer.from(data);
    executionFrames.exit(() =>
      stream.write(copy, (error?: Error | null) =>
        this.post(() => {
          if (done.done()) return;
          if (error) done.setException(fromNodeError(error));
          else done.setResult();
        }),
      ),
    );
    await done;
  }

  /** Takes the next datagram, if one is waiting. @internal */
  _takeDatagram(): { data: Buffer; from: [string, number] } | null {
    this._checkUsable();
    if (this.type !== SOCK_DGRAM) {
      // Python's recvfrom on a stream socket gives the bytes and no address.
      const bytes = this._takeBytes(64 * 1024);
      return bytes === null ? null : { data: bytes, from: ["", 0] };
    }
    if (this.udp === null) throw new OSError("[Errno 22] Invalid argument", "EINVAL");
    return this.datagrams.shift() ?? null;
  }

  /** Sends one datagram; resolves to its size. @internal */
  async _sendto(data: Uint8Array, address: unknown): Promise<number> {
    this._checkUsable();
    if (this.type !== SOCK_DGRAM)
      throw new OSError("[Errno 106] Transport endpoint is already connected", "EISCONN");
    const [host, port] = this.checkAddress(address, "sock_sendto") as [string, number];
    const udp = this.openUdp();
    await this.udpBound;
    const done = new Future<number>({ loop: this.loop as EventLoopContract });
    executionFrames.exit(() =>
      udp.send(Buffer.from(data), port, host, (error: Error | null, bytes: number) =>
        this.post(() => (error ? done.setException(fromNodeError(error)) : done.setResult(bytes))),
      ),
    );
    return await done;
  }

  // ----- the rest of Python's socket methods -----

  /** The local address. */
  getsockname(): SocketAddressLike {
    const address = (this.stream?.address() ??
      this.server?.address() ??
      this.udp?.address() ??
      null) as { address?: string; port?: number } | string | null;
    if (typeof address === "string") return address;
    if (address !== null && typeof address.port === "number") {
      return [address.address ?? "", address.port];
    }
    if (this.family === AF_UNIX) return typeof this.bound === "string" ? this.bound : "";
    return (
      (this.bound as [string, number] | null) ?? [this.family === AF_INET6 ? "::" : "0.0.0.0", 0]
    );
  }

  /** The peer's address (connected sockets). */
  getpeername(): SocketAddressLike {
    if (this.stream !== null && this.family !== AF_UNIX) {
      return [this.stream.remoteAddress ?? "", this.stream.remotePort ?? 0];
    }
    if (this.udp !== null) {
      try {
        const remote = this.udp.remoteAddress();
        return [remote.address, remote.port];
      } catch {
        // Not connected: Python's ENOTCONN below.
      }
    }
    if (this.stream !== null) return "";
    throw new OSError("[Errno 107] Transport endpoint is not connected", "ENOTCONN");
  }

  /** Shuts down one or both directions (`SHUT_WR` sends EOF). */
  shutdown(how: number): void {
    if (this.closed) throw badFd();
    if (this.stream === null)
      throw new OSError("[Errno 107] Transport endpoint is not connected", "ENOTCONN");
    if (how === SHUT_WR || how === SHUT_RDWR) this.stream.end();
    if (how === SHUT_RD || how === SHUT_RDWR) this.stream.pause();
  }

  /** Once it holds a Node socket, it belongs to the loop: closing the loop closes it. */
  private own(loop: EventLoopContract): void {
    if (!this.owned) loop._addResource(this);
    this.owned = true;
  }

  /** The loop is closing with this socket open: close it at once (no callback runs any more). @internal */
  _closeWithLoop(): void {
    this.shut();
  }

  /** Closes the socket; waiting coroutines fail with `OSError(EBADF)`. */
  close(): void {
    if (this.closed) return;
    this.shut();
    this.wake();
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) this.loop?._removeResource(this);
    this.stream?.destroy();
    this.server?.close();
    for (const raw of this.accepted.splice(0)) raw.destroy();
    if (this.udp !== null) {
      try {
        this.udp.close();
      } catch {
        // Already closed by Node: nothing more to do.
      }
    }
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Hands the Node socket over (to `createConnection({ sock })` or `createServer({ sock })`):
   * bytes received and not yet taken go back to it. This socket is closed afterwards. @internal
   */
  _detach(): net.Socket | net.Server | null {
    const stream = this.stream;
    if (stream !== null) {
      stream.removeAllListeners("data").removeAllListeners("end").removeAllListeners("error");
      stream.pause();
      const unread = this.incoming.filter(
        (i): i is { kind: "data"; data: Buffer } => i.kind === "data",
      );
      for (const item of unread.reverse()) stream.unshift(item.data);
      this.stream = null;
      this.closed = true;
      if (this.owned) this.loop?._removeResource(this);
      return stream;
    }
    const server = this.server;
    if (server !== null) {
      server.removeAllListeners("connection");
      // Connections accepted and not taken go with it (they wait in the kernel in Python).
      heldConnections.set(server, this.accepted.splice(0));
      this.server = null;
      this.closed = true;
      if (this.owned) this.loop?._removeResource(this);
      return server;
    }
    return null;
  }

  /** The Node object that would be handed over, without handing it over. @internal */
  _peekRaw(): net.Socket | net.Server | null {
    return this.closed ? null : (this.stream ?? this.server);
  }

  toString(): string {
    const state = this.closed
      ? "closed"
      : this.server !== null
        ? "listening"
        : this.stream !== null
          ? "connected"
          : "new";
    return `<Socket family=${this.family} type=${this.type} ${state}>`;
  }
}
