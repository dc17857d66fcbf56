/**
 * The socket behind a transport or a server, as Python's `TransportSocket`: it answers
 * `getsockname()` and `getpeername()` and gives the Node object as `raw`, but can't be used to
 * read or write behind the transport's back.
 */
import type { Server as NetServer, Socket } from "node:net";

/** An address: `[host, port]` for TCP, the path for a Unix socket. */
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
 * @example
 * ```ts
 * const [host, port] = server.sockets[0]!.getsockname() as [string, number];
 * ```
 */
export class TransportSocket {
  /** The Node `net.Socket` or `net.Server`. */
  readonly raw: Socket | NetServer;
  private readonly path: string | null;

  /** @internal */
  constructor(raw: Socket | NetServer, path: string | null = null) {
    this.raw = raw;
    this.path = path;
  }

  /** The local address: `[host, port]`, or the path of a Unix socket. */
  getsockname(): SocketAddress {
    return addressOf(this.raw.address() as ReturnType<NetServer["address"]>, this.path);
  }

  /** The peer's address (a connected socket only). */
  getpeername(): SocketAddress {
    const raw = this.raw as Socket;
    if (this.path !== null) return this.path;
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

  toString(): string {
    return `<TransportSocket family=${this.family} laddr=${JSON.stringify(this.getsockname())}>`;
  }
}
