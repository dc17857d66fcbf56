/**
 * How a Future that stands for something else shows in a call graph. A task awaiting a plain
 * Future waits on that Future; one awaiting the Future of `gather()` waits on its children, one
 * awaiting a lock waits on the task that holds it. A Future says so by implementing
 * `_describeAwait()`; the call graph (`snapshot.ts`) calls it on whatever a task awaits, with no
 * import, so that a copy of the library in another process can be read the same way.
 *
 * `WaiterFuture` is the Future a task waits on inside an operation — `Lock.acquire()`,
 * `Queue.get()`, `wait()` — which says what it waits for: the operation, the primitive, and what
 * the primitive waits on in turn (the Futures `wait()` waits for; the task holding a `Lock`, which
 * a lock records in debug mode).
 */
import { type EventLoopContract, Future } from "@asyncio/futures";

/** What awaiting a Future means, for `captureCallGraph`, `ps` and `pstree`. */
export interface AwaitDescription {
  /**
   * What the task waits for, as `ps` shows it: `gather()`, `sleep(5)`, `Lock.acquire() on <Lock
   * [locked, waiters:1]>`.
   */
  readonly label: string;
  /**
   * The operation's name when it is one a Python program would see as a coroutine frame on top
   * of the task's call stack (`sleep`, `Lock.acquire`, `Queue.get`).
   */
  readonly frame?: string;
  /**
   * The Futures and Tasks the awaiting task waits on through this one: a gather's children, a
   * shielded task, the task that holds a lock. They are "awaited by" the awaiting task.
   */
  readonly waitsOn?: readonly unknown[];
}

/** A Future that describes itself in a call graph. */
export interface DescribedAwait {
  _describeAwait(): AwaitDescription;
}

/** A primitive that can say what its waiters wait on (the task holding it, say). */
interface Blocked {
  _blockers(): readonly unknown[];
}

function isBlocked(value: object): value is Blocked {
  return typeof (value as Partial<Blocked>)._blockers === "function";
}

export class WaiterFuture<T> extends Future<T> implements DescribedAwait {
  /** `Lock.acquire`, `Queue.get`...: the operation, named as Python's coroutine is. */
  private readonly operation: string;
  /** The primitive the operation waits on, if there is one. */
  private readonly target: object | null;
  /** Futures the operation waits for, when it waits for Futures (`wait()`, `asCompleted()`). */
  private readonly futures: Iterable<unknown> | null;

  constructor(
    loop: EventLoopContract,
    operation: string,
    target: object | null,
    futures: Iterable<unknown> | null = null,
  ) {
    super({ loop });
    this.operation = operation;
    this.target = target;
    this.futures = futures;
  }

  /** @internal */
  _describeAwait(): AwaitDescription {
    const target = this.target;
    const waitsOn: unknown[] = [];
    if (target !== null && isBlocked(target)) waitsOn.push(...target._blockers());
    if (this.futures !== null) {
      for (const each of this.futures) {
        if (!(each as Future<unknown>).done()) waitsOn.push(each);
      }
    }
    return {
      label: target === null ? `${this.operation}()` : `${this.operation}() on ${String(target)}`,
      frame: this.operation,
      waitsOn,
    };
  }
}
