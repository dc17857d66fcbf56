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

/** `await primitive.acquire()`: settles at once when free, else waits straight on the waiter. */
export class Acquire extends FastCoroutine<true> {
  constructor(
    private readonly primitive: Acquirable,
    private readonly label: string,
  ) {
    super();
  }

  override get name(): string {
    return `${this.label}.acquire`;
  }

  protected override attempt(): true | typeof MUST_WAIT {
    return this.primitive._tryAcquire() ? true : MUST_WAIT;
  }

  protected override wait(): Promise<true> {
    return acquire(this.primitive);
  }

  protected override waitThen<R1, R2>(
    onFulfilled: OnFulfilled<true, R1>,
    onRejected: OnRejected<R2>,
  ): Derived<R1 | R2> {
    const primitive = this.primitive;
    const waiter = primitive._enqueue();
    return waiter.future.then(
      (): true | R1 | PromiseLike<R1> => {
        primitive._take(waiter);
        return typeof onFulfilled === "function" ? onFulfilled(true) : true;
      },
      (error: unknown): R2 | PromiseLike<R2> => {
        primitive._abandon(waiter);
        if (typeof onRejected === "function") return onRejected(error);
        throw error;
      },
    ) as Derived<R1 | R2>;
  }
}

/** `await primitive.hold()`: acquires and gives back a `Hold` that releases on disposal. */
export class HoldOn extends FastCoroutine<Hold> {
  constructor(
    private readonly primitive: Acquirable,
    private readonly label: string,
  ) {
    super();
  }

  override get name(): string {
    return `${this.label}.hold`;
  }

  protected override attempt(): Hold | typeof MUST_WAIT {
    return this.primitive._tryAcquire() ? new Hold(this.primitive) : MUST_WAIT;
  }

  protected override async wait(): Promise<Hold> {
    await acquire(this.primitive);
    return new Hold(this.primitive);
  }
}

/** Python's `__aenter__` of a lock or semaphore: acquires; the `as` value is `undefined`. */
export async function enter(primitive: Acquirable): Promise<undefined> {
  await acquire(primitive);
  return undefined;
}

/** Python's `__aexit__` of a lock or semaphore: releases; never suppresses the body's error. */
export async function exit(primitive: Acquirable): Promise<undefined> {
  primitive.release();
  return undefined;
}
