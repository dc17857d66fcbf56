export {
  describeEventLoop,
  type EventLoopSuiteOptions,
  type RunnableLoop,
} from "./describe-event-loop.js";
