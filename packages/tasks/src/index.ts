export { Coroutine, type CoroutineLike, coroutine, isCoroutine } from "./coroutine.js";
export { allTasks, currentTask } from "./current-task.js";
export {
  createEagerTaskFactory,
  type EagerTaskFactory,
  eagerTaskFactory,
  type TaskConstructor,
} from "./eager-task-factory.js";
export { createTask, createTaskOn, ensureFuture, type TaskFactoryLoop } from "./ensure-future.js";
export { sleep } from "./sleep.js";
export { isTask, Task, type TaskOptions } from "./task.js";
