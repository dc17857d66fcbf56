/**
 * A lazy coroutine for a stream operation that usually completes at once (a line already
 * buffered, a drain with nothing to wait for): awaiting it tries `now(arg)` synchronously and
 * only runs the async `slow(arg)` when that says it must wait.
 */
import { FastCoroutine, MUST_WAIT } from "@asyncio/tasks/contract";

export { MUST_WAIT };

export class FastOp<T, A> extends FastCoroutine<T> {
  constructor(
    private readonly opName: string,
    private readonly now: (arg: A) => T | typeof MUST_WAIT,
    private readonly slow: (arg: A) => Promise<T>,
    private readonly arg: A,
  ) {
    super();
  }

  override get name(): string {
    return this.opName;
  }

  protected override attempt(): T | typeof MUST_WAIT {
    return this.now(this.arg);
  }

  protected override wait(): Promise<T> {
    return this.slow(this.arg);
  }
}
