export { ConcurrentFuture } from "./concurrent-future.js";
export { isWorkerExitError, WorkerExitError } from "./errors.js";
export {
  ThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
} from "./thread-pool-executor.js";
export { toThread } from "./to-thread.js";
export { type Transfer, transfer } from "./transfer.js";
export {
  type AnyFunction,
  type CancelPolicy,
  type CancelSignal,
  isWorkerFunction,
  moduleFunction,
  threadFunction,
  type WithoutSignal,
  WorkerFunction,
  type WorkerFunctionOptions,
  type WorkerFunctionTarget,
} from "./worker-function.js";
