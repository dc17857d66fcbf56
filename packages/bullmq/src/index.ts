export { BullMQExecutor, type BullMQExecutorOptions } from "./bullmq-executor.js";
export { isJobFailedError, JobFailedError } from "./errors.js";
export type { RedisConnection } from "./internal/redis-connection.js";
export { currentJob, type JobInfo, reportProgress } from "./job-context.js";
export { JobFuture, type JobProgress } from "./job-future.js";
export { ClusterWorker, type StartWorkerOptions, startWorker } from "./start-worker.js";
