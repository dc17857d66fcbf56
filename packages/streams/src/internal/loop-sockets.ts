/**
 * The sockets of a loop on virtual time, by address: a transport whose peer is another socket of
 * the same loop must not hold virtual time while it waits on that peer (the peer may be a task
 * sleeping in virtual time), while a peer outside the loop replies in real time and must be
 * waited for. Only loops that count real work (`loop._realWork`) are tracked.
 */
import type { EventLoopContract } from "@asyncio/futures/contract";

/** A socket address as transports report it: `[host, port, ...]`, or a Unix path. */
export type SocketAddress = readonly [string, number, ...unknown[]] | string;

interface Connection {
  local: SocketAddress;
  remote: SocketAddress;
}

interface LoopSockets {
  listening: Set<{ address: SocketAddress }>;
  connections: Set<Connection>;
}

const byLoop = new WeakMap<EventLoopContract, LoopSockets>();

function socketsOf(loop: EventLoopContract): LoopSockets {
  let sockets = byLoop.get(loop);
  if (sockets === undefined) {
    sockets = { listening: new Set(), connections: new Set() };
    byLoop.set(loop, sockets);
  }
  return sockets;
}

/** Registers a listening address of `loop`; returns what unregisters it. */
export function addListening(loop: EventLoopContract, address: SocketAddress): () => void {
  const entry = { address };
  const { listening } = socketsOf(loop);
  listening.add(entry);
  loop._realWork?.recheck();
  return () => {
    if (listening.delete(entry)) loop._realWork?.recheck();
  };
}

/** Registers a connected socket of `loop`; returns what unregisters it. */
export function addConnection(
  loop: EventLoopContract,
  local: SocketAddress,
  remote: SocketAddress,
): () => void {
  const entry = { local, remote };
  const { connections } = socketsOf(loop);
  connections.add(entry);
  loop._realWork?.recheck();
  return () => {
    if (connections.delete(entry)) loop._realWork?.recheck();
  };
}

/** An IPv4 address mapped into IPv6 is the IPv4 address. */
function normalHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.startsWith("::ffff:") && lower.includes(".") ? lower.slice(7) : lower;
}

function isWildcard(host: string): boolean {
  return host === "" || host === "0.0.0.0" || host === "::";
}

function isLoopback(host: string): boolean {
  return host === "::1" || host.startsWith("127.");
}

function sameAddress(a: SocketAddress, b: SocketAddress): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a[1] === b[1] && normalHost(a[0]) === normalHost(b[0]);
}

/** Whether a server listening on `listening` is the one a socket at `local` reached at `remote`. */
function listensAt(listening: SocketAddress, local: SocketAddress, remote: SocketAddress): boolean {
  if (typeof listening === "string" || typeof remote === "string") return listening === remote;
  if (listening[1] !== remote[1]) return false;
  const host = normalHost(listening[0]);
  const peer = normalHost(remote[0]);
  if (host === peer) return true;
  // A wildcard listener takes the connections made to any address of this machine.
  return (
    isWildcard(host) &&
    (isLoopback(peer) || (typeof local !== "string" && normalHost(local[0]) === peer))
  );
}

/**
 * Whether the peer of a socket of `loop` at `local`, connected to `remote`, is a socket of the
 * same loop: a connection of the loop with the mirror addresses, or a server of the loop (which
 * accepts the connection itself). Over Unix sockets a server's side has no peer address: there
 * the peer counts as the loop's own when the loop has a connection to that path.
 */
export function peerInLoop(
  loop: EventLoopContract,
  local: SocketAddress,
  remote: SocketAddress,
): boolean {
  const sockets = byLoop.get(loop);
  if (sockets === undefined) return false;
  if (remote === "") {
    if (typeof local !== "string" || local === "") return false;
    for (const connection of sockets.connections) if (connection.remote === local) return true;
    return false;
  }
  for (const connection of sockets.connections) {
    if (sameAddress(connection.local, remote) && sameAddress(connection.remote, local)) return true;
  }
  for (const { address } of sockets.listening) if (listensAt(address, local, remote)) return true;
  return false;
}

/** `127.0.0.1:8080`, `[::1]:8080`, or the path. */
export function formatAddress(address: SocketAddress): string {
  if (typeof address === "string") return address;
  const host = address[0];
  return host.includes(":") ? `[${host}]:${address[1]}` : `${host}:${address[1]}`;
}
