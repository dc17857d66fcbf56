export { type ClockSuiteOptions, type ClockUnderTest, describeClock } from "./describe-clock.js";
export {
  describeEventLoop,
  type EventLoopSuiteOptions,
  type RunnableLoop,
} from "./describe-event-loop.js";
export {
  describeTaskFactory,
  type TaskFactoryLoop,
  type TaskFactoryOf,
  type TaskFactorySuiteOptions,
} from "./describe-task-factory.js";
