export {
  AsCompletedIterator,
  type AsCompletedOptions,
  asCompleted,
  type FinishedFuture,
} from "./as-completed.js";
export { type AsyncContextManager, asyncWith, isAsyncContextManager } from "./async-with.js";
export { cancellable } from "./cancellable.js";
export { Coroutine, type CoroutineLike, coroutine, isCoroutine } from "./coroutine.js";
export { allTasks, currentSignal, currentTask } from "./current-task.js";
export {
  createEagerTaskFactory,
  type EagerTaskFactory,
  eagerTaskFactory,
  type TaskConstructor,
} from "./eager-task-factory.js";
export { createTask, ensureFuture } from "./ensure-future.js";
export {
  GatheringFuture,
  type GatherOptions,
  type GatherResults,
  type GatherResultsOrErrors,
  gather,
  gatherFrom,
} from "./gather.js";
export { futureAddToAwaitedBy, futureDiscardFromAwaitedBy } from "./graph/awaited-by.js";
export {
  type CallGraphOptions,
  captureCallGraph,
  FrameCallGraphEntry,
  FutureCallGraph,
  formatCallGraph,
  type PrintCallGraphOptions,
  printCallGraph,
} from "./graph/call-graph.js";
export {
  type SnapshotAwait,
  type SnapshotLoop,
  type SnapshotNode,
  type SnapshotOptions,
  type TaskGraphSnapshot,
  takeTaskSnapshot,
} from "./graph/snapshot.js";
export type { StackFrame } from "./graph/stack-frames.js";
export type { AwaitableLike, ResultOf } from "./internal/awaitables.js";
export { shield } from "./shield.js";
export { sleep } from "./sleep.js";
export { isTask, Task, type TaskOptions } from "./task.js";
export { TaskGroup, type TaskGroupTaskOptions, taskGroup } from "./task-group.js";
export { Timeout, timeout, timeoutAt } from "./timeout.js";
export {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  wait,
} from "./wait.js";
export { waitFor } from "./wait-for.js";
