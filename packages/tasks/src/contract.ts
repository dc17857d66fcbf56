/**
 * `@asyncio/tasks/contract`: what other packages and plugins build on, apart from the user API of
 * `@asyncio/tasks`. `FastCoroutine` is the base of awaitables that often finish without waiting
 * (a free lock, a queue with room); `TaskFactoryLoop` and `createTaskOn` are how a loop makes its
 * tasks. The protocol between a Task and its loop (`_beginStep`, `_endStep`, `_waitingOnForeign`)
 * is in `@asyncio/futures/contract`.
 *
 * What tools that watch tasks build on: a `TaskObserver` hears every task's events (debug mode
 * and the `diagnostics_channel` events of `@asyncio/core` are observers), a `CoroutineObserver`
 * hears lazy coroutines made and started; a Future a task waits on describes itself in the call
 * graph with `_describeAwait()` (`WaiterFuture` does it for the operations of a primitive). The
 * call graph itself, and the recorder of where tasks suspend, are `@asyncio/tasks/graph`.
 */
export { createTaskOn, type TaskFactoryLoop } from "./ensure-future.js";
export { FastCoroutine, MUST_WAIT, type OnFulfilled, type OnRejected } from "./fast-coroutine.js";
export {
  type AwaitDescription,
  type DescribedAwait,
  WaiterFuture,
} from "./graph/await-description.js";
export {
  addCoroutineObserver,
  addTaskObserver,
  type CoroutineObserver,
  followSiteRecording,
  removeCoroutineObserver,
  removeTaskObserver,
  type TaskObserver,
} from "./graph/observers.js";
