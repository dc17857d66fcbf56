/**
 * A Queue hands items from producer tasks to consumer tasks, first in, first out. With a
 * `maxsize` it pushes back: `put()` waits while the queue is full. `join()` waits until every
 * item put has been marked done with `taskDone()`; `shutdown()` stops it (Python 3.13).
 * A putter or getter cancelled while it waits loses nothing: if it had been woken, it passes the
 * wakeup on to the next one in line, and the item or free slot stays for them.
 */
import { ValueError } from "@asyncio/futures";
import { describe, LoopBound } from "@asyncio/futures/contract";
import { Event } from "@asyncio/locks";
import { Coroutine } from "@asyncio/tasks";
import { FastCoroutine, MUST_WAIT, WaiterFuture } from "@asyncio/tasks/contract";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { Deque } from "./internal/deque.js";
import { WaiterQueue } from "./internal/waiter-queue.js";

/** Python's keyword arguments of `Queue(maxsize=0)`. */
export interface QueueOptions {
  /** How many items fit; 0 or less (the default) means unbounded. */
  maxsize?: number;
}

/** Python's `shutdown(immediate=False)` keyword. */
export interface ShutdownOptions {
  /** Drop the items still queued (each counts as done for `join()`). */
  immediate?: boolean;
}

/** True for an object literal (`{ ... }`), the only kind of options object accepted. */
function isOptionsObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws a TypeError for a key of `options` that is not in `known`. @internal */
export function checkOptionNames(options: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${where} got an unknown option ${JSON.stringify(key)} (known: ${known.join(", ")})`,
      );
    }
  }
}

/**
 * Reads `maxsize` from a number or `{ maxsize }`, the way Python accepts it; `known` lists the
 * option names the queue class takes. @internal
 */
function readMaxsize(
  arg: number | QueueOptions | undefined,
  where: string,
  known: readonly string[] = ["maxsize"],
): number {
  let value: unknown = arg;
  if (isOptionsObject(arg)) {
    checkOptionNames(arg, known, where);
    value = arg.maxsize === undefined ? 0 : arg.maxsize;
  }
  if (value === undefined) return 0;
  if (typeof value !== "number") {
    throw new TypeError(`${where} maxsize must be a number, got ${describe(value)}`);
  }
  if (Number.isNaN(value)) throw new ValueError(`${where} maxsize must not be NaN`);
  return value;
}

/**
 * Python's `asyncio.Queue`: hands items from producer tasks to consumer tasks, first in, first
 * out. With a `maxsize`, `put()` waits while it is full; `join()` waits until every item is
 * marked done; `shutdown()` stops it.
 *
 * @example
 * ```ts
 * const queue = new Queue<string>(100);
 * createTask(async () => { for (const url of urls) await queue.put(url); });
 * for (let i = 0; i < urls.length; i++) {
 *   const url = await queue.get();
 *   await fetch(url);
 *   queue.taskDone();
 * }
 * ```
 */
export class Queue<T> extends LoopBound {
  /** @internal */
  readonly _maxsize: number;
  /** Futures of tasks blocked in `get()`, oldest first. @internal */
  _getters: WaiterQueue = new WaiterQueue();
  /** Futures of tasks blocked in `put()`, oldest first. @internal */
  _putters: WaiterQueue = new WaiterQueue();
  /** @internal */
  _unfinishedTasks = 0;
  /** @internal */
  _isShutdown = false;
  private readonly finished = new Event();
  /** The names an options object may hold; a subclass with more options lists them. @internal */
  static readonly _optionNames: readonly string[] = ["maxsize"];
  private fifo: Deque<T> | null = null;

  /**
   * `maxsize` (a number or `{ maxsize }`): how many items fit; 0 or less means unbounded. A
   * fractional maxsize works as Python's (1.3 holds two items); `TypeError` if not a number.
   */
  constructor(maxsize?: number | QueueOptions) {
    super();
    const kind = new.target as unknown as { readonly _optionNames: readonly string[] };
    this._maxsize = readMaxsize(maxsize, `${new.target.name}()`, kind._optionNames);
    this.finished.set();
  }

  /** The number of items allowed in the queue (0 or less: no limit). */
  get maxsize(): number {
    return this._maxsize;
  }

  /** The number of items in the queue. */
  qsize(): number {
    return this._qsize();
  }

  /** True if the queue holds no item. */
  empty(): boolean {
    return this._qsize() === 0;
  }

  /** True if the queue holds `maxsize` items; never for an unbounded queue. */
  full(): boolean {
    return this._maxsize > 0 && this._qsize() >= this._maxsize;
  }

  /**
   * A lazy coroutine that puts `item` in, waiting for a free slot while the queue is full.
   * `QueueShutDown` if the queue is (or gets) shut down.
   */
  put(item: T): Coroutine<void> {
    return new PutItem(this, item);
  }

  /** Puts `item` in without waiting: `QueueFull` if there is no room, `QueueShutDown` if shut down. */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown("the queue is shut down");
    if (this.full()) throw new QueueFull(`the queue is full (maxsize ${this._maxsize})`);
    this._put(item);
    this._unfinishedTasks++;
    this.finished.clear();
    this._getters.wakeUpNext();
  }

  /**
   * A lazy coroutine that takes the next item, waiting while the queue is empty.
   * `QueueShutDown` once the queue is shut down and empty.
   */
  get(): Coroutine<T> {
    return new GetItem(this);
  }

  /** Takes the next item without waiting: `QueueEmpty`, or `QueueShutDown` once shut down. */
  getNowait(): T {
    if (this._qsize() === 0) {
      if (this._isShutdown) throw new QueueShutDown("the queue is shut down and empty");
      throw new QueueEmpty("the queue is empty");
    }
    const item = this._get();
    this._putters.wakeUpNext();
    return item;
  }

  /**
   * Marks one item taken with `get()` as processed; when every item put is done, `join()`
   * returns. `ValueError` if called more times than items were put.
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) throw new ValueError("task_done() called too many times");
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this.finished.set();
  }

  /** A lazy coroutine that waits until every item put has been marked done. */
  join(): Coroutine<void> {
    return new Coroutine(joinQueue, [this as Queue<unknown>]);
  }

  /**
   * Shuts the queue down: `put()` raises `QueueShutDown` from now on, `get()` once the queue is
   * empty, and tasks blocked in either wake up to raise. With `immediate`, the items still
   * queued are dropped and count as done for `join()`.
   */
  shutdown(immediate: boolean | ShutdownOptions = false): void {
    const dropItems = typeof immediate === "object" ? immediate.immediate === true : !!immediate;
    this._isShutdown = true;
    if (dropItems) {
      while (this._qsize() > 0) {
        this._get();
        if (this._unfinishedTasks > 0) this._unfinishedTasks--;
      }
      if (this._unfinishedTasks === 0) this.finished.set();
    }
    // Every blocked getter and putter re-checks the state and raises.
    this._getters.wakeUpAll();
    this._putters.wakeUpAll();
  }

  /** @internal */
  async _putWaiting(item: T): Promise<void> {
    while (this.full()) {
      if (this._isShutdown) throw new QueueShutDown("the queue is shut down");
      const putter = new WaiterFuture<void>(this._getLoop(), "Queue.put", this);
      const node = this._putters.push(putter);
      try {
        await putter;
      } catch (error) {
        putter.cancel();
        this._putters.remove(node);
        // Woken for a free slot but leaving: the next putter takes the slot.
        if (!this.full() && !putter.cancelled()) this._putters.wakeUpNext();
        throw error;
      }
    }
    this.putNowait(item);
  }

  /** @internal */
  async _getWaiting(): Promise<T> {
    while (this._qsize() === 0) {
      if (this._isShutdown) throw new QueueShutDown("the queue is shut down and empty");
      const getter = new WaiterFuture<void>(this._getLoop(), "Queue.get", this);
      const node = this._getters.push(getter);
      try {
        await getter;
      } catch (error) {
        getter.cancel();
        this._getters.remove(node);
        // Woken for an item but leaving: the next getter takes the item.
        if (this._qsize() > 0 && !getter.cancelled()) this._getters.wakeUpNext();
        throw error;
      }
    }
    return this.getNowait();
  }

  /** @internal */
  async _join(): Promise<void> {
    if (this._unfinishedTasks > 0) await this.finished._wait();
  }

  // The storage, overridden by PriorityQueue and LifoQueue (Python's `_init/_put/_get`).

  /** Stores an item. */
  protected _put(item: T): void {
    (this.fifo ??= new Deque()).push(item);
  }

  /** Removes and returns the next item; only called when the queue isn't empty. */
  protected _get(): T {
    return (this.fifo as Deque<T>).shift();
  }

  /** How many items are stored. */
  protected _qsize(): number {
    return this.fifo === null ? 0 : this.fifo.length;
  }

  /** The stored items, in storage order, for `toString()`. */
  protected _items(): T[] {
    return this.fifo === null ? [] : this.fifo.toArray();
  }

  override toString(): string {
    let text = `<${this.constructor.name} maxsize=${this._maxsize}`;
    if (this._qsize() > 0) text += ` _queue=[${this._items().map(describe).join(", ")}]`;
    if (this._getters.length > 0) text += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) text += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks > 0) text += ` tasks=${this._unfinishedTasks}`;
    if (this._isShutdown) text += " shutdown";
    return `${text}>`;
  }
}

class PutItem<T> extends FastCoroutine<void> {
  constructor(
    private readonly queue: Queue<T>,
    private readonly item: T,
  ) {
    super();
  }

  override get name(): string {
    return `${this.queue.constructor.name}.put`;
  }

  protected override attempt(): undefined | typeof MUST_WAIT {
    if (this.queue.full()) return MUST_WAIT;
    this.queue.putNowait(this.item);
    return undefined;
  }

  protected override wait(): Promise<void> {
    return this.queue._putWaiting(this.item);
  }
}

class GetItem<T> extends FastCoroutine<T> {
  constructor(private readonly queue: Queue<T>) {
    super();
  }

  override get name(): string {
    return `${this.queue.constructor.name}.get`;
  }

  protected override attempt(): T | typeof MUST_WAIT {
    return this.queue.empty() ? MUST_WAIT : this.queue.getNowait();
  }

  protected override wait(): Promise<T> {
    return this.queue._getWaiting();
  }
}

function joinQueue(queue: Queue<unknown>): Promise<void> {
  return queue._join();
}
