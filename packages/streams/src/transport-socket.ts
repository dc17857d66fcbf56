/**
 * The socket behind a transport or a server, as Python's `TransportSocket`: it answers
 * `getsockname()` and `getpeername()`, gets and sets the common socket options, and gives the
 * Node object as `raw`, but can't be used to read or write behind the transport's back.
 */
import * as dgram from "node:dgram";
import { Server as NetServer, Socket } from "node:net";
import { describe } from "@asyncio/futures/contract";
import { OSError } from "./errors.js";
import {
  IPPROTO_TCP,
  IPPROTO_UDP,
  SO_BROADCAST,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SO_SNDBUF,
  SO_TYPE,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  TCP_NODELAY,
} from "./socket-constants.js";

/** An address: `[host, port]` for TCP and UDP, the path for a Unix socket. */
export type SocketAddress = [host: string, port: number] | string;

function addressOf(
  value: ReturnType<NetServer["address"]> | undefined,
  path: string | null,
): SocketAddress {
  if (path !== null) return path;
  if (value === null || value === undefined || typeof value === "string") return value ?? "";
  return [value.address, value.port];
}

/**
 * What was set through `setsockopt` (or at creation) on each Node socket, for `getsockopt`:
 * Node can set TCP_NODELAY, SO_KEEPALIVE and SO_BROADCAST but can't read them back.
 */
const optionsSet = new WeakMap<object, Map<string, number>>();

function remembered(raw: object): Map<string, number> {
  let map = optionsSet.get(raw);
  if (map === undefined) {
    map = new Map();
    optionsSet.set(raw, map);
  }
  return map;
}

/** Records an option set when the socket was made (`allowBroadcast`, `reuseAddress`, ...). @internal */
export function rememberOption(raw: object, level: number, option: number, value: number): void {
  remembered(raw).set(`${level}:${option}`, value);
}

const OPTION_NAMES: Record<string, string> = {
  [`${SOL_SOCKET}:${SO_REUSEADDR}`]: "SO_REUSEADDR",
  [`${SOL_SOCKET}:${SO_REUSEPORT}`]: "SO_REUSEPORT",
  [`${SOL_SOCKET}:${SO_KEEPALIVE}`]: "SO_KEEPALIVE",
  [`${SOL_SOCKET}:${SO_BROADCAST}`]: "SO_BROADCAST",
  [`${SOL_SOCKET}:${SO_SNDBUF}`]: "SO_SNDBUF",
  [`${SOL_SOCKET}:${SO_RCVBUF}`]: "SO_RCVBUF",
  [`${SOL_SOCKET}:${SO_TYPE}`]: "SO_TYPE",
  [`${SOL_SOCKET}:${SO_ERROR}`]: "SO_ERROR",
  [`${IPPROTO_TCP}:${TCP_NODELAY}`]: "TCP_NODELAY",
};

/** Python's `OSError(ENOPROTOOPT)`, with what Node lacks. */
function unavailable(level: number, option: number, why: string): OSError {
  const name = OPTION_NAMES[`${level}:${option}`] ?? `option ${option} at level ${level}`;
  return new OSError(`[Errno 92] Protocol not available: ${name} ${why}`, "ENOPROTOOPT");
}

function checkOptionArgs(level: unknown, option: unknown, method: string): void {
  for (const [name, value] of [
    ["level", level],
    ["optname", option],
  ] as const) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new TypeError(`${method}() ${name} must be an integer, got ${describe(value)}`);
    }
  }
}

/**
 * Python's `asyncio.trsock.TransportSocket`: the socket behind a transport or server, given by
 * `getExtraInfo("socket")` and `Server.sockets`: it gives addresses, gets and sets socket options,
 * and can't send or receive.
 *
 * @example
 * ```ts
 * const [host, port] = server.sockets[0]!.getsockname() as [string, number];
 * const sock = writer.getExtraInfo("socket") as TransportSocket;
 * sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
 * sock.getsockopt(IPPROTO_TCP, TCP_NODELAY); // 1
 * ```
 */
export class TransportSocket {
  /** The Node `net.Socket`, `net.Server` or `dgram.Socket`. */
  readonly raw: Socket | NetServer | dgram.Socket;
  private readonly path: string | null;

  /** @internal */
  constructor(raw: Socket | NetServer | dgram.Socket, path: string | null = null) {
    this.raw = raw;
    this.path = path;
  }

  /** The local address: `[host, port]`, or the path of a Unix socket. */
  getsockname(): SocketAddress {
    return addressOf(this.raw.address() as ReturnType<NetServer["address"]>, this.path);
  }

  /** The peer's address (a connected socket only). */
  getpeername(): SocketAddress {
    if (this.path !== null) return this.path;
    if (this.raw instanceof dgram.Socket) {
      const remote = this.raw.remoteAddress();
      return [remote.address, remote.port];
    }
    const raw = this.raw as Socket;
    return [raw.remoteAddress ?? "", raw.remotePort ?? 0];
  }

  /** `"unix"`, `"inet"` or `"inet6"`. */
  get family(): "unix" | "inet" | "inet6" {
    if (this.path !== null) return "unix";
    const address = this.raw.address() as { family?: string } | string | null;
    if (address !== null && typeof address === "object" && address.family === "IPv6")
      return "inet6";
    return "inet";
  }

  /** `SOCK_STREAM` or `SOCK_DGRAM`. */
  get type(): number {
    return this.raw instanceof dgram.Socket ? SOCK_DGRAM : SOCK_STREAM;
  }

  /** `IPPROTO_TCP`, `IPPROTO_UDP`, or 0 for a Unix socket. */
  get proto(): number {
    if (this.path !== null) return 0;
    return this.raw instanceof dgram.Socket ? IPPROTO_UDP : IPPROTO_TCP;
  }

  /**
   * Sets a socket option, as Python's `setsockopt(level, optname, value)`: `TCP_NODELAY` and
   * `SO_KEEPALIVE` on TCP sockets, `SO_BROADCAST`, `SO_SNDBUF` and `SO_RCVBUF` on UDP ones.
   * An option Node can't set is an `OSError` (`ENOPROTOOPT`).
   */
  setsockopt(level: number, optname: number, value: number | boolean): void {
    checkOptionArgs(level, optname, "setsockopt");
    if (typeof value !== "number" && typeof value !== "boolean") {
      throw new TypeError(
        `setsockopt() value must be an integer or a boolean, got ${describe(value)}`,
      );
    }
    const number = Number(value);
    const raw = this.raw;
    const key = `${level}:${optname}`;
    if (raw instanceof Socket && this.path === null && key === `${IPPROTO_TCP}:${TCP_NODELAY}`) {
      raw.setNoDelay(number !== 0);
    } else if (raw instanceof Socket && key === `${SOL_SOCKET}:${SO_KEEPALIVE}`) {
      raw.setKeepAlive(number !== 0);
    } else if (raw instanceof dgram.Socket && key === `${SOL_SOCKET}:${SO_BROADCAST}`) {
      raw.setBroadcast(number !== 0);
    } else if (raw instanceof dgram.Socket && key === `${SOL_SOCKET}:${SO_SNDBUF}`) {
      raw.setSendBufferSize(number);
      return;
    } else if (raw instanceof dgram.Socket && key === `${SOL_SOCKET}:${SO_RCVBUF}`) {
      raw.setRecvBufferSize(number);
      return;
    } else {
      throw unavailable(level, optname, "can't be set on this socket through Node");
    }
    remembered(raw).set(key, number !== 0 ? 1 : 0);
  }

  /**
   * Reads a socket option, as Python's `getsockopt(level, optname)`. The kernel's value for
   * `SO_SNDBUF`/`SO_RCVBUF` of a UDP socket; the socket's type for `SO_TYPE`; 0 for `SO_ERROR`
   * (Node can't read the pending error); for the flags Node can set but not read (`TCP_NODELAY`,
   * `SO_KEEPALIVE`, `SO_BROADCAST`, `SO_REUSEADDR`) the value set through this object or when the
   * socket was made, or Node's default.
   */
  getsockopt(level: number, optname: number): number {
    checkOptionArgs(level, optname, "getsockopt");
    const raw = this.raw;
    const key = `${level}:${optname}`;
    const set = optionsSet.get(raw)?.get(key);
    if (key === `${SOL_SOCKET}:${SO_TYPE}`) return this.type;
    if (key === `${SOL_SOCKET}:${SO_ERROR}`) return 0;
    if (raw instanceof dgram.Socket) {
      if (key === `${SOL_SOCKET}:${SO_SNDBUF}`) return raw.getSendBufferSize();
      if (key === `${SOL_SOCKET}:${SO_RCVBUF}`) return raw.getRecvBufferSize();
      if (key === `${SOL_SOCKET}:${SO_BROADCAST}` || key === `${SOL_SOCKET}:${SO_REUSEADDR}`) {
        return set ?? 0;
      }
      if (key === `${SOL_SOCKET}:${SO_REUSEPORT}`) return set ?? 0;
    } else {
      if (key === `${IPPROTO_TCP}:${TCP_NODELAY}` && this.path === null) return set ?? 0;
      if (key === `${SOL_SOCKET}:${SO_KEEPALIVE}`) return set ?? 0;
      // libuv sets SO_REUSEADDR on every TCP socket it binds.
      if (key === `${SOL_SOCKET}:${SO_REUSEADDR}` && this.path === null) {
        return raw instanceof NetServer ? 1 : (set ?? 0);
      }
      if (key === `${SOL_SOCKET}:${SO_REUSEPORT}` && raw instanceof NetServer) return set ?? 0;
    }
    throw unavailable(level, optname, "can't be read from this socket through Node");
  }

  toString(): string {
    return `<TransportSocket family=${this.family} laddr=${JSON.stringify(this.getsockname())}>`;
  }
}
