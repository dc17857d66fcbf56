/**
 * `asCompleted(aws, { timeout })`: the awaitables' outcomes in the order they finish. As in
 * Python 3.13 it is both an iterable (of coroutines resolving to the next result) and an async
 * iterable (of the finished Futures themselves: the ones given, or the Tasks made for the rest).
 */
import {
  type EventLoopContract,
  type Future,
  getRunningLoop,
  isFuture,
  peekRunningLoop,
  TimeoutError,
} from "@asyncio/futures";
import { describe, type TimerHandleContract } from "@asyncio/futures/contract";
import { Coroutine, isCoroutine } from "./coroutine.js";
import { ensureFuture } from "./ensure-future.js";
import { WaiterFuture } from "./graph/await-description.js";
import { type AwaitableLike, isAwaitableLike, type ResultOf } from "./internal/awaitables.js";
import { checkTimeout } from "./internal/check-timeout.js";

/** Options of `asCompleted`. */
export interface AsCompletedOptions {
  /** Seconds after which the remaining awaits throw `TimeoutError` (`null`/absent: no limit). */
  timeout?: number | null;
}

/**
 * A finished Future as async iteration of `asCompleted` hands it out: at runtime the Future (or
 * Task) itself, typed without `then` (use `isTask` for a Task's methods) because TypeScript types a `for await` variable as the
 * awaited value of a thenable.
 */
export type FinishedFuture<T> = Pick<
  Future<T>,
  | "result"
  | "exception"
  | "done"
  | "cancelled"
  | "cancel"
  | "addDoneCallback"
  | "removeDoneCallback"
  | "getLoop"
>;

/**
 * What `asCompleted` returns. TypeScript may type a `for await` variable over it from the plain
 * iteration (as the result type); cast to get the Futures' type:
 * `for await (const fut of asCompleted(tasks) as AsyncIterable<FinishedFuture<T>>)`. Both iterations draw from the same sequence, and either can be
 * left with `break` and resumed later.
 */
export class AsCompletedIterator<T>
  implements Iterable<Coroutine<T>>, AsyncIterable<FinishedFuture<T>>
{
  /** Finished Futures in finishing order; `null` marks a timeout. */
  /**
   * The finished Futures not handed out yet, from `finishedHead` on (`null`: a timeout). A read
   * index instead of `shift()`, which copies the whole array once it is large.
   */
  private finished: (Future<T> | null)[] = [];
  private finishedHead = 0;
  private readonly getters: Future<undefined>[] = [];
  private readonly todo: Set<Future<T>>;
  private todoLeft: number;
  private timer: TimerHandleContract | null = null;
  private readonly loop: EventLoopContract;

  /** @internal Use `asCompleted()`. */
  constructor(aws: Iterable<AwaitableLike<T>>, timeout: number | null) {
    const unique = new Set(aws);
    let loop: EventLoopContract | null = peekRunningLoop();
    if (loop === null) {
      for (const each of unique) if (isFuture(each)) loop = each._loop;
    }
    this.loop = loop ?? getRunningLoop();
    this.todo = new Set();
    for (const each of unique) {
      if (!isAwaitableLike(each)) {
        throw new TypeError(
          `asCompleted() expects Futures, coroutines, functions or Promises, got ${describe(each)}`,
        );
      }
      this.todo.add(ensureFuture(each, { loop: this.loop }) as Future<T>);
    }
    const onDone = (future: Future<T>): void => this.handleCompletion(future);
    for (const future of this.todo) future.addDoneCallback(onDone);
    if (this.todo.size > 0 && timeout !== null) {
      this.timer = this.loop.callLater(timeout, () => this.handleTimeout(onDone));
    }
    this.todoLeft = this.todo.size;
  }

  /** Plain iteration: each item is a coroutine resolving to the next result to finish. */
  [Symbol.iterator](): Iterator<Coroutine<T>> {
    return {
      next: (): IteratorResult<Coroutine<T>> => {
        if (this.todoLeft <= 0) return { done: true, value: undefined };
        this.todoLeft--;
        return { done: false, value: new Coroutine(nextResult<T>, [this]) };
      },
    };
  }

  /** Async iteration: each item is the next Future (or Task) to finish. */
  [Symbol.asyncIterator](): AsyncIterator<FinishedFuture<T>> {
    return {
      next: async (): Promise<IteratorResult<FinishedFuture<T>>> => {
        if (this.todoLeft <= 0) return { done: true, value: undefined };
        this.todoLeft--;
        return { done: false, value: (await this._nextFinished()).future };
      },
    };
  }

  /**
   * Waits for the next finished Future, in the order waits started. Boxed: an async function
   * returning a Future would resolve to its result instead. @internal
   */
  async _nextFinished(): Promise<{ future: Future<T> }> {
    while (this.finishedHead === this.finished.length) {
      const getter = new WaiterFuture<undefined>(this.loop, "asCompleted", null, this.todo);
      this.getters.push(getter);
      try {
        await getter;
      } catch (error) {
        getter.cancel();
        const index = this.getters.indexOf(getter);
        if (index >= 0) this.getters.splice(index, 1);
        // A wake-up meant for this waiter goes to the next one instead of being lost.
        if (this.finishedHead < this.finished.length && !getter.cancelled()) this.wakeNext();
        throw error;
      }
    }
    const next = this.finished[this.finishedHead] as Future<T> | null;
    this.finished[this.finishedHead++] = null;
    if (this.finishedHead === this.finished.length) {
      this.finished = [];
      this.finishedHead = 0;
    }
    if (next === null) throw new TimeoutError();
    return { future: next };
  }

  private push(item: Future<T> | null): void {
    this.finished.push(item);
    this.wakeNext();
  }

  private wakeNext(): void {
    while (this.getters.length > 0) {
      const getter = this.getters.shift() as Future<undefined>;
      if (!getter.done()) {
        getter.setResult(undefined);
        return;
      }
    }
  }

  private handleCompletion(future: Future<T>): void {
    if (this.todo.size === 0) return; // the timeout came first
    this.todo.delete(future);
    this.push(future);
    if (this.todo.size === 0) this.timer?.cancel();
  }

  private handleTimeout(onDone: (future: Future<T>) => void): void {
    for (const future of this.todo) {
      future.removeDoneCallback(onDone);
      this.push(null);
    }
    this.todo.clear();
  }
}

async function nextResult<T>(iterator: AsCompletedIterator<T>): Promise<T> {
  return (await iterator._nextFinished()).future.result();
}

/**
 * Iterates over `aws` in the order they finish. Coroutines, functions and Promises become Tasks;
 * duplicates count once. After `timeout` seconds, the waits still to come throw `TimeoutError`
 * (the awaitables themselves are not cancelled).
 *
 * @example
 * ```ts
 * for (const next of asCompleted([fetchA(), fetchB()])) {
 *   console.log(await next); // the first result to arrive, then the second
 * }
 * for await (const task of asCompleted(tasks, { timeout: 5 })) {
 *   console.log(task.getName(), task.result());
 * }
 * ```
 */
export function asCompleted<A extends AwaitableLike<unknown>>(
  aws: Iterable<A>,
  options?: AsCompletedOptions,
): AsCompletedIterator<ResultOf<A>> {
  if (isFuture(aws) || isCoroutine(aws)) {
    throw new TypeError(`asCompleted() expects an iterable of awaitables, not ${describe(aws)}`);
  }
  if (
    aws === null ||
    typeof aws !== "object" ||
    typeof (aws as Partial<Iterable<A>>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`asCompleted() expects an iterable of awaitables, got ${describe(aws)}`);
  }
  const timeout = checkTimeout(options?.timeout, "asCompleted()");
  return new AsCompletedIterator(aws as Iterable<AwaitableLike<ResultOf<A>>>, timeout);
}
