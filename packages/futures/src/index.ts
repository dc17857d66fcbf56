export {
  Context,
  ContextVar,
  type ContextVarOptions,
  contextVarsInUse,
  copyContext,
  currentContext,
  Token,
} from "./context.js";
export { contextVarByIdentity, contextVarIdentity } from "./context-var-identity.js";
export { describe } from "./describe.js";
export { brandError } from "./error-brand.js";
export {
  BaseExceptionGroup,
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  isCancelledError,
  isExceptionGroup,
  isExitError,
  isInvalidStateError,
  isKeyboardInterrupt,
  isLookupError,
  isRuntimeError,
  isSystemExit,
  isTimeoutError,
  isValueError,
  KeyboardInterrupt,
  LookupError,
  makeCancelledError,
  RuntimeError,
  SystemExit,
  TimeoutError,
  ValueError,
} from "./errors.js";
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
export { type DoneCallback, Future, type FutureOptions, isFuture, type Outcome } from "./future.js";
export { Handle } from "./handle.js";
export { reportUnretrievedOf } from "./internal/never-retrieved.js";
export { LoopBound } from "./loop-bound.js";
export {
  getRunningLoop,
  peekRunningLoop,
  type RunningLoop,
  type RunningLoopTypes,
  setRunningLoop,
} from "./running-loop.js";
export { type Derived, isAwaitResolvers, ThenHandle } from "./then-handle.js";
export type { TimerHandleContract } from "./timer-handle-contract.js";
