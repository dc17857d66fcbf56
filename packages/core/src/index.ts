export { type Clock, systemClock, VirtualClock } from "./clock.js";
export { getEventLoop, newEventLoop, setEventLoop } from "./current-loop.js";
export {
  EventLoop,
  type EventLoopOptions,
  type ExceptionHandler,
  type TaskFactory,
} from "./event-loop.js";
export { getLogger, type Logger, setLogger } from "./logger.js";
export { Runner, type RunnerOptions, run } from "./runner.js";
export { addSignalHandler, removeSignalHandler } from "./signals.js";
export { TimerHandle } from "./timer-handle.js";
