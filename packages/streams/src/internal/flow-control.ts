/**
 * The write-side flow control a `StreamWriter` needs from its protocol: `drain()` waits while the
 * transport has paused writing, and fails once the connection is lost.
 */
import { type EventLoopContract, Future } from "@asyncio/futures";
import { ConnectionResetError } from "../errors.js";
import type { BaseProtocol } from "../protocol.js";

export class FlowControl implements BaseProtocol {
  protected readonly loop: EventLoopContract;
  private paused = false;
  private readonly drainWaiters = new Set<Future<void>>();
  private lost = false;

  constructor(loop: EventLoopContract) {
    this.loop = loop;
  }

  pauseWriting(): void {
    this.paused = true;
  }

  resumeWriting(): void {
    this.paused = false;
    for (const waiter of this.drainWaiters) if (!waiter.done()) waiter.setResult(undefined);
  }

  connectionLost(exc: unknown): void {
    this.lost = true;
    if (!this.paused) return;
    for (const waiter of this.drainWaiters) {
      if (waiter.done()) continue;
      if (exc === null) waiter.setResult(undefined);
      else waiter.setException(exc);
    }
  }

  /** Waits until writing may go on; a cancelled wait leaves the buffered data to be sent. */
  async _drainHelper(): Promise<void> {
    if (this.lost) throw new ConnectionResetError("Connection lost");
    if (!this.paused) return;
    const waiter = new Future<void>({ loop: this.loop });
    this.drainWaiters.add(waiter);
    try {
      await waiter;
    } finally {
      this.drainWaiters.delete(waiter);
    }
  }
}
