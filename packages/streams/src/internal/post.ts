import type { EventLoopContract } from "@asyncio/futures/contract";

/**
 * Runs `callback` on the loop: Node's I/O events arrive outside it, and protocol callbacks must
 * run as loop callbacks, in order. Events that arrive after the loop closed have nobody to go to.
 */
export function post(loop: EventLoopContract, callback: () => void): void {
  if (!loop.isClosed()) loop.callSoon(callback);
}
