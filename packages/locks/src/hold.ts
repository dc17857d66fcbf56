/**
 * A held lock or semaphore unit, for `await using`: disposing it releases what was acquired,
 * once. Locks don't need to see the body's error on exit, so `await using` is all an
 * `async with lock:` block needs.
 */

/** What `hold()` gives back: release it by hand or let `using`/`await using` do it. */
export class Hold implements Disposable, AsyncDisposable {
  private releaser: (() => void) | null;

  /** @internal */
  constructor(release: () => void) {
    this.releaser = release;
  }

  /** True until the hold is released. */
  get held(): boolean {
    return this.releaser !== null;
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
    const release = this.releaser;
    if (release === null) return;
    this.releaser = null;
    release();
  }

  [Symbol.dispose](): void {
    this.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}
