/**
 * What Lock and Semaphore share: acquiring, with a synchronous fast path and a slow path that
 * waits on a waiter Future, and the `hold()` / `async with` forms built on it. The primitive says
 * how to take it now, how to queue a waiter, and what to do once a waiter runs or is cancelled.
 */
import type { Derived, Future } from "@asyncio/futures";
import {
  FastCoroutine,
  MUST_WAIT,
  type OnFulfilled,
  type OnRejected,
} from "@asyncio/tasks/contract";
import { Hold } from "../hold.js";
import type { WaiterNode } from "./waiter-queue.js";

export interface Acquirable {
  /** Takes the primitive if that needs no waiting. */
  _tryAcquire(): boolean;
  /** Queues a waiter Future for a task that must wait. */
  _enqueue(): WaiterNode<Future<boolean>>;
  /** The waiter was woken and its task runs: the primitive is its. */
  _take(waiter: WaiterNode<Future<boolean>>): void;
  /** The waiting task was cancelled (perhaps after being woken). */
  _abandon(waiter: WaiterNode<Future<boolean>>): void;
  release(): void;
}

/** Acquires `primitive`, waiting as long as needed. */
export async function acquire(primitive: Acquirable): Promise<true> {
  if (primitive._tryAcquire()) return true;
  const waiter = primitive._enqueue();
  try {
    await waiter.future;
  } catch (error) {
    primitive._abandon(waiter);
    throw error;
  }
  primitive._take(waiter);
  return true;
}

/**
 * Awaiting a lock or semaphore operation that acquires: it settles at once when the primitive is
 * free, and otherwise subscribes the awaiter straight to its waiter Future, with no async function
 * or Promise of its own. What it resolves to once acquired is the subclass's.
 */
abstract class Acquiring<T> extends FastCoroutine<T> {
  constructor(
    protected readonly primitive: Acquirable,
    private readonly label: string,
    private readonly operation: string,
  ) {
    super();
  }

  override get name(): string {
    return `${this.label}.${this.operation}`;
  }

  /** What the operation gives once the primitive is taken. */
  protected abstract acquired(): T;

  protected override attempt(): T | typeof MUST_WAIT {
    return this.primitive._tryAcquire() ? this.acquired() : MUST_WAIT;
  }

  protected override async wait(): Promise<T> {
    await acquire(this.primitive);
    return this.acquired();
  }

  protected override waitThen<R1, R2>(
    onFulfilled: OnFulfilled<T, R1>,
    onRejected: OnRejected<R2>,
  ): Derived<R1 | R2> {
    const primitive = this.primitive;
    const waiter = primitive._enqueue();
    return waiter.future.then(
      (): T | R1 | PromiseLike<R1> => {
        primitive._take(waiter);
        const value = this.acquired();
        return typeof onFulfilled === "function" ? onFulfilled(value) : value;
      },
      (error: unknown): R2 | PromiseLike<R2> => {
        primitive._abandon(waiter);
        if (typeof onRejected === "function") return onRejected(error);
        throw error;
      },
    ) as Derived<R1 | R2>;
  }
}

/** `await primitive.acquire()`: resolves to `true`. */
export class Acquire extends Acquiring<true> {
  constructor(primitive: Acquirable, label: string) {
    super(primitive, label, "acquire");
  }

  protected override acquired(): true {
    return true;
  }
}

/** `await primitive.hold()`: resolves to a `Hold` that releases on disposal. */
export class HoldOn extends Acquiring<Hold> {
  constructor(primitive: Acquirable, label: string) {
    super(primitive, label, "hold");
  }

  protected override acquired(): Hold {
    return new Hold(this.primitive);
  }
}

/** Python's `__aenter__` of a lock or semaphore: acquires; the `as` value is `undefined`. */
export class Enter extends Acquiring<undefined> {
  constructor(primitive: Acquirable, label: string) {
    super(primitive, label, "asyncEnter");
  }

  protected override acquired(): undefined {
    return undefined;
  }
}

/**
 * Python's `__aexit__` of a lock or semaphore: releases when awaited, never suppresses the body's
 * error, and settles at once.
 */
export class Exit extends FastCoroutine<undefined> {
  constructor(
    private readonly primitive: Acquirable,
    private readonly label: string,
  ) {
    super();
  }

  override get name(): string {
    return `${this.label}.asyncExit`;
  }

  protected override attempt(): undefined {
    this.primitive.release();
    return undefined;
  }
}
