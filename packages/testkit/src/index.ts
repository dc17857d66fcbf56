export { type ClockSuiteOptions, type ClockUnderTest, describeClock } from "./describe-clock.js";
export {
  describeEventLoop,
  type EventLoopSuiteOptions,
  type RunnableLoop,
} from "./describe-event-loop.js";
export {
  describeExecutor,
  type ExecutorCancelPolicy,
  type ExecutorFutureUnderTest,
  type ExecutorLoop,
  type ExecutorSuiteOptions,
  type ExecutorUnderTest,
} from "./describe-executor.js";
export {
  describeTaskFactory,
  type TaskFactoryLoop,
  type TaskFactoryOf,
  type TaskFactorySuiteOptions,
} from "./describe-task-factory.js";
export {
  describeTransport,
  type OpenedConnection,
  type ProtocolUnderTest,
  type TransportSuiteOptions,
  type TransportUnderTest,
} from "./describe-transport.js";
export { type ExecutorJobName, type ExecutorJobs, executorJobsUrl } from "./executor-jobs.js";
