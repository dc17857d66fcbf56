/**
 * What is at the other end of a transport, as virtual time needs to know it: waiting on a peer
 * outside the loop (a server elsewhere, a child process) is real work and holds virtual time;
 * waiting on another socket of the same loop is not, since that peer may itself be waiting for
 * virtual time to move.
 */
import type { EventLoopContract } from "@asyncio/futures/contract";
import { addConnection, formatAddress, peerInLoop, type SocketAddress } from "./loop-sockets.js";

export interface TransportPeer {
  /** The peer, for `heldBy()`: an address, or `stdout of process 42`. */
  describe(): string;
  /** Whether the peer is outside the loop: then waiting on it holds virtual time. */
  outside(): boolean;
  /** The transport is gone. */
  forget(): void;
}

function isAddress(value: unknown): value is SocketAddress {
  return (
    typeof value === "string" ||
    (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "number")
  );
}

/**
 * The peer of a connected socket of `loop` (its `sockname` and `peername`), registered as one of
 * the loop's sockets; `null` on a loop that counts no real work (real time).
 */
export function socketPeer(
  loop: EventLoopContract,
  sockname: unknown,
  peername: unknown,
): TransportPeer | null {
  if (loop._realWork === null || loop._realWork === undefined) return null;
  if (!isAddress(sockname) || !isAddress(peername)) return null;
  const forget = addConnection(loop, sockname, peername);
  return {
    describe: () => (peername === "" ? `a client of ${sockname}` : formatAddress(peername)),
    outside: () => !peerInLoop(loop, sockname, peername),
    forget,
  };
}
