/**
 * A held lock or semaphore unit, for `await using`: disposing it releases what was acquired,
 * once. Locks don't need to see the body's error on exit, so `await using` is all an
 * `async with lock:` block needs.
 */

/** What `hold()` gives back: release it by hand or let `using`/`await using` do it. */
export class Hold implements Disposable, AsyncDisposable {
  private target: { release(): void } | null;

  /** @internal */
  constructor(target: { release(): void }) {
    this.target = target;
  }

  /** True until the hold is released. */
  get held(): boolean {
    return this.target !== null;
  }

  /**
   * Releases the lock or unit; later calls (and the disposal that follows an explicit release)
   * do nothing.
   *
   * @example
   * ```ts
   * const hold = await lock.hold();
   * try { await work(); } finally { hold.release(); }
   * ```
   */
  release(): void {
    const target = this.target;
    if (target === null) return;
    this.target = null;
    target.release();
  }

  [Symbol.dispose](): void {
    this.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}
