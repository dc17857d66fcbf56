/**
 * `@asyncio/futures/contract`: what other packages and plugins build on, apart from the user API
 * of `@asyncio/futures`. An event loop implements `EventLoopContract` (and may close
 * `LoopResource`s with itself); a task is a `FutureWaiter` and a `SteppingTask`, runs its code in
 * an `ExecutionFrame` of `executionFrames`, and is resumed through `ThenHandle`s. The members
 * marked `@internal` on these types (`_enqueue`, `_suspend`, `_wakeUp`, ...) are this protocol's
 * methods: stable between the packages of one release, not for programs to call. The API report
 * (`api/`) lists them.
 */
export { contextVarsInUse } from "./context.js";
export { contextVarByIdentity, contextVarIdentity } from "./context-var-identity.js";
export { describe } from "./describe.js";
export { brandError } from "./error-brand.js";
export { makeCancelledError } from "./errors.js";
export type {
  EventLoopContract,
  ExceptionContext,
  LoopResource,
  SteppingTask,
} from "./event-loop-contract.js";
export {
  currentWaiter,
  DetachedWaiter,
  type ExecutionFrame,
  executionFrames,
  type FutureWaiter,
  NO_FRAME,
} from "./execution-frame.js";
export type { Outcome } from "./future.js";
export { BaseHandle } from "./handle.js";
export { cancelHostTurn, scheduleHostTurn } from "./host-turn.js";
export type { FrameCarrier, FrameScope, FrameStore } from "./internal/frame-store.js";
export { reportUnretrievedOf } from "./internal/never-retrieved.js";
export { LoopBound } from "./loop-bound.js";
export { setRunningLoop } from "./running-loop.js";
export { isAwaitResolvers, type OnFulfilled, type OnRejected, ThenHandle } from "./then-handle.js";
export type { TimerHandleContract } from "./timer-handle-contract.js";
