export {
  type Clock,
  type ObservedLoop,
  systemClock,
  VirtualClock,
  type VirtualClockOptions,
} from "./clock.js";
export { getEventLoop, newEventLoop, setEventLoop } from "./current-loop.js";
export { DIAGNOSTICS_CHANNELS } from "./diagnostics/channels.js";
export { DEBUG_ENVIRONMENT_VARIABLE } from "./diagnostics/debug-mode.js";
export {
  EventLoop,
  type EventLoopOptions,
  type ExceptionHandler,
  type TaskFactory,
} from "./event-loop.js";
export {
  type Executor,
  type ExecutorCallable,
  type ExecutorFunctionRef,
  type ExecutorFuture,
  type ExecutorShutdownOptions,
  isExecutor,
  isExecutorFuture,
} from "./executor.js";
export { getLogger, type Logger, setLogger } from "./logger.js";
export { realWork } from "./real-work.js";
export { Runner, type RunnerOptions, run } from "./runner.js";
export { addSignalHandler, removeSignalHandler } from "./signals.js";
export { TimerHandle } from "./timer-handle.js";
export { wrapFuture } from "./wrap-future.js";
