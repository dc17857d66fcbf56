/**
 * The write-side flow control a `StreamWriter` needs from its protocol: `drain()` waits while the
 * transport has paused writing and fails once the connection is lost; `waitClosed()` waits for
 * the loss.
 */
import { Future } from "@asyncio/futures";
import type { EventLoopContract } from "@asyncio/futures/contract";
import { ConnectionResetError } from "./errors.js";
import type { BaseProtocol } from "./protocol.js";

/**
 * A protocol for a write-only stream: pair it with a write transport and a `StreamWriter`.
 *
 * @example
 * ```ts
 * const [transport, protocol] = await connectWritePipe(() => new FlowControlProtocol(loop), pipe);
 * const writer = new StreamWriter(transport, protocol, null, loop);
 * ```
 */
export class FlowControlProtocol implements BaseProtocol {
  protected readonly loop: EventLoopContract;
  private paused = false;
  private readonly drainWaiters = new Set<Future<void>>();
  private lost = false;
  private readonly closed: Future<void>;

  constructor(loop: EventLoopContract) {
    this.loop = loop;
    this.closed = new Future<void>({ loop });
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
    if (!this.closed.done()) {
      if (exc === null) this.closed.setResult(undefined);
      else {
        this.closed.setException(exc);
        // Whoever cares awaits waitClosed(); nobody else must be told it went unretrieved.
        this.closed.exception();
      }
    }
    if (!this.paused) return;
    for (const waiter of this.drainWaiters) {
      if (waiter.done()) continue;
      if (exc === null) waiter.setResult(undefined);
      else waiter.setException(exc);
    }
  }

  /** Whether `_drainHelper()` would return at once (not paused, not lost). */
  _canWriteNow(): boolean {
    return !this.paused && !this.lost;
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

  /** The future done when the connection is lost. */
  _getCloseWaiter(_writer: unknown): Future<void> {
    return this.closed;
  }
}
