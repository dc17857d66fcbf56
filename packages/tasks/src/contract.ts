/**
 * `@asyncio/tasks/contract`: what other packages and plugins build on, apart from the user API of
 * `@asyncio/tasks`. `FastCoroutine` is the base of awaitables that often finish without waiting
 * (a free lock, a queue with room); `TaskFactoryLoop` and `createTaskOn` are how a loop makes its
 * tasks. The protocol between a Task and its loop (`_beginStep`, `_endStep`, `_waitingOnForeign`)
 * is in `@asyncio/futures/contract`.
 */
export { createTaskOn, type TaskFactoryLoop } from "./ensure-future.js";
export { FastCoroutine, MUST_WAIT, type OnFulfilled, type OnRejected } from "./fast-coroutine.js";
