/**
 * `@asyncio/core/contract`: what plugins build on, apart from the user API of `@asyncio/core`.
 * An executor package registers the factory of the loops' default executor here
 * (`@asyncio/to-thread` registers its `ThreadPoolExecutor`); an executor implements `Executor`,
 * and its futures `ExecutorFuture`, which `wrapFuture` and `runInExecutor` turn into loop Futures.
 * An executor publishes its jobs' submission, start and end on `executorChannels` (see
 * `DIAGNOSTICS_CHANNELS`).
 */

export type { Clock } from "./clock.js";
export { executorChannels, type PublishingChannel } from "./diagnostics/channels.js";
export {
  type Executor,
  type ExecutorCallable,
  type ExecutorFunctionRef,
  type ExecutorFuture,
  type ExecutorShutdownOptions,
  isExecutor,
  isExecutorFuture,
  setDefaultExecutorFactory,
} from "./executor.js";
