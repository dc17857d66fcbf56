export {
  Context,
  type ContextValues,
  ContextVar,
  type ContextVarOptions,
  copyContext,
  currentContext,
  Token,
} from "./context.js";
export {
  BaseExceptionGroup,
  CancelledError,
  type ErrorClass,
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
  RuntimeError,
  SystemExit,
  TimeoutError,
  ValueError,
} from "./errors.js";
export type { EventLoopContract, ExceptionContext } from "./event-loop-contract.js";
export { type DoneCallback, Future, type FutureOptions, isFuture } from "./future.js";
export { Handle } from "./handle.js";
export {
  getRunningLoop,
  peekRunningLoop,
  type RunningLoop,
  type RunningLoopTypes,
} from "./running-loop.js";
export type { Derived } from "./then-handle.js";
