/**
 * `gather(...aws)`: one Future for the results of several awaitables, in argument order. Its
 * rules are Python's: a failing child completes the gather at once but its siblings keep running;
 * cancelling the gather cancels every child; a cancelled child makes the gather fail with
 * `CancelledError` without the gather itself being cancelled.
 */
import {
  CancelledError,
  type EventLoopContract,
  Future,
  getRunningLoop,
  peekRunningLoop,
} from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { ensureFuture } from "./ensure-future.js";
import type { AwaitDescription, DescribedAwait } from "./graph/await-description.js";
import {
  type AwaitableLike,
  isAwaitableLike,
  isPlainOptions,
  type ResultOf,
} from "./internal/awaitables.js";

/** Options of `gather`. */
export interface GatherOptions {
  /**
   * Wait for every child and put errors (and `CancelledError`s of cancelled children) into the
   * results, instead of failing with the first error. Python's `return_exceptions`.
   */
  returnExceptions?: boolean;
}

/** The results of `gather(...aws)`: a tuple of the awaitables' results. */
export type GatherResults<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]>;
};

/**
 * The results of `gather(...aws, { returnExceptions: true })`: each a result or the error the
 * awaitable raised (a value thrown that isn't an `Error` comes back as it was thrown).
 */
export type GatherResultsOrErrors<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]> | Error;
};

/**
 * The Future `gather` returns. Cancelling it cancels the children that are still running and
 * returns whether any of them accepted; the gather then fails with `CancelledError` once they
 * have all finished, whatever `returnExceptions` says.
 */
export class GatheringFuture<T> extends Future<T> implements DescribedAwait {
  /** @internal */ readonly _children: readonly Future<unknown>[];
  /** @internal */ _cancelRequested = false;
  /** @internal */ _cancelRequestMessage: string | undefined = undefined;

  constructor(children: readonly Future<unknown>[], loop: EventLoopContract) {
    super({ loop });
    this._children = children;
  }

  override cancel(message?: string): boolean {
    this._retrieved();
    if (this.done()) return false;
    let accepted = false;
    for (const child of this._children) {
      if (child.cancel(message)) accepted = true;
    }
    if (accepted) {
      // The cancellation wins over `returnExceptions` (bpo-32684).
      this._cancelRequested = true;
      this._cancelRequestMessage = message;
    }
    return accepted;
  }

  /** A task awaiting the gather waits on its children. @internal */
  _describeAwait(): AwaitDescription {
    return { label: "gather()", waitsOn: this._children };
  }
}

const emptyOptions: GatherOptions = {};

/**
 * Runs the awaitables concurrently (coroutines, functions and Promises become Tasks) and returns a
 * Future of their results in argument order. A trailing plain object is the options.
 *
 * @example
 * ```ts
 * const [a, b] = await gather(sleep(0.2, "a"), sleep(0.1, "b")); // ["a", "b"] after 0.2 s
 * const results = await gather(ok(), failing(), { returnExceptions: true }); // [1, Error]
 * ```
 */
export function gather(): GatheringFuture<[]>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...aws: A
): GatheringFuture<GatherResults<A>>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...args: [...aws: A, options: GatherOptions & { returnExceptions: true }]
): GatheringFuture<GatherResultsOrErrors<A>>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...args: [...aws: A, options: GatherOptions]
): GatheringFuture<GatherResults<A> | GatherResultsOrErrors<A>>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  let options = emptyOptions;
  if (args.length > 0 && isPlainOptions(args[args.length - 1])) {
    options = args.pop() as GatherOptions;
  }
  return gatherFromArray(args, options, "gather()");
}

/**
 * `gather` over an iterable: for a number of awaitables too large to spread into arguments
 * (JavaScript's spread stops near a few hundred thousand; `gatherFrom` takes millions). The
 * results come back as an array, in the iterable's order.
 *
 * @example
 * ```ts
 * const tasks = Array.from({ length: 1_000_000 }, (_, i) => createTask(sleep(0, i)));
 * const results = await gatherFrom(tasks); // [0, 1, ..., 999999]
 * ```
 */
export function gatherFrom<T>(
  aws: Iterable<AwaitableLike<T>>,
  options: GatherOptions & { returnExceptions: true },
): GatheringFuture<(T | Error)[]>;
export function gatherFrom<T>(
  aws: Iterable<AwaitableLike<T>>,
  options?: GatherOptions,
): GatheringFuture<T[]>;
export function gatherFrom<T>(
  aws: Iterable<AwaitableLike<T>>,
  options: GatherOptions = emptyOptions,
): GatheringFuture<(T | Error)[]> {
  if (
    typeof aws !== "object" ||
    aws === null ||
    typeof (aws as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`gatherFrom() aws must be an iterable of awaitables, got ${describe(aws)}`);
  }
  if (!isPlainOptions(options)) {
    throw new TypeError(`gatherFrom() options must be an object, got ${describe(options)}`);
  }
  const list = Array.isArray(aws) ? (aws as unknown[]) : Array.from(aws as Iterable<unknown>);
  return gatherFromArray(list, options, "gatherFrom()") as GatheringFuture<(T | Error)[]>;
}

/** The gather of `args` (read only, never spread). */
function gatherFromArray(
  args: readonly unknown[],
  rawOptions: GatherOptions,
  where: string,
): GatheringFuture<unknown[]> {
  const options = checkOptions(rawOptions as Record<string, unknown>, where);
  const count = args.length;
  const returnExceptions = options.returnExceptions === true;
  for (let i = 0; i < count; i++) {
    const arg = args[i];
    if (!isAwaitableLike(arg)) {
      throw new TypeError(
        `${where} argument ${i + 1} must be a Future, a coroutine, a function or a Promise, got ${describe(arg)}`,
      );
    }
  }
  if (count === 0) {
    const outer = new GatheringFuture<unknown[]>([], peekRunningLoop() ?? getRunningLoop());
    outer.setResult([]);
    return outer;
  }

  const children: Future<unknown>[] = new Array(count);
  const doneChildren: Future<unknown>[] = [];
  const byArg = new Map<unknown, Future<unknown>>();
  let loop: EventLoopContract | undefined;
  let unique = 0;
  let finished = 0;
  let outer: GatheringFuture<unknown[]> | null = null;

  const onChildDone = (child: Future<unknown>): void => {
    finished++;
    if (outer === null || outer.done()) {
      // Nobody will look at this child's error any more: don't report it as never retrieved.
      if (!child.cancelled()) child.exception();
      return;
    }
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.setException(child._makeCancelledError());
        return;
      }
      const error = child.exception();
      if (error !== null) {
        outer.setException(error);
        return;
      }
    }
    if (finished === unique) {
      const results: unknown[] = new Array(children.length);
      let lastCancelled: Future<unknown> | null = null;
      for (let i = 0; i < children.length; i++) {
        const each = children[i] as Future<unknown>;
        if (each.cancelled()) {
          lastCancelled = each;
          results[i] = new CancelledError(each._cancelMessage ?? "");
        } else {
          const error = each.exception();
          results[i] = error === null ? each.result() : error;
        }
      }
      if (outer._cancelRequested) {
        outer.setException(
          lastCancelled === null
            ? new CancelledError(outer._cancelRequestMessage)
            : lastCancelled._makeCancelledError(),
        );
      } else {
        outer.setResult(results);
      }
    }
  };

  for (let i = 0; i < count; i++) {
    const arg = args[i];
    let child = byArg.get(arg);
    if (child === undefined) {
      child = ensureFuture(
        arg as AwaitableLike<unknown>,
        loop === undefined ? undefined : { loop },
      );
      loop ??= child._loop;
      byArg.set(arg, child);
      unique++;
      if (child.done()) doneChildren.push(child);
      else child.addDoneCallback(onChildDone);
    }
    children[i] = child;
  }
  outer = new GatheringFuture<unknown[]>(children, loop as EventLoopContract);
  // Children that were already done are counted now, so that a gather of finished futures is
  // finished when it is returned.
  for (const child of doneChildren) onChildDone(child);
  return outer;
}

function checkOptions(options: Record<string, unknown>, where: string): GatherOptions {
  if (options === emptyOptions) return options;
  for (const key of Object.keys(options)) {
    if (key !== "returnExceptions") {
      throw new TypeError(`${where} got an unknown option ${JSON.stringify(key)}`);
    }
  }
  const value = options.returnExceptions;
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(
      `${where} option returnExceptions must be a boolean, got ${describe(value)}`,
    );
  }
  return options as GatherOptions;
}
