/**
 * Python's asyncio names without network, process or thread I/O:
 * `import * as asyncio from "@asyncio/compat/scheduling"` — the loop, futures, tasks, the
 * combinators, locks and queues. What `@asyncio/compat` resolves to in a browser (its `browser`
 * export condition), and what a bundle of scheduling code needs: no Node module is imported.
 */
import "./python-aliases.js";

export {
  EventLoop,
  EventLoop as AbstractEventLoop,
  getEventLoop as get_event_loop,
  newEventLoop as new_event_loop,
  setEventLoop as set_event_loop,
  TimerHandle,
} from "@asyncio/core";
export {
  BaseExceptionGroup,
  CancelledError,
  Context,
  ContextVar,
  copyContext as copy_context,
  ExceptionGroup,
  Future,
  getRunningLoop as get_running_loop,
  Handle,
  InvalidStateError,
  isFuture as isfuture,
  KeyboardInterrupt,
  LookupError,
  RuntimeError,
  SystemExit,
  TimeoutError,
  ValueError,
} from "@asyncio/futures";
export {
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  Event,
  Lock,
  Semaphore,
} from "@asyncio/locks";
export {
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
} from "@asyncio/queues";
export {
  ALL_COMPLETED,
  AsCompletedIterator,
  allTasks as all_tasks,
  asCompleted as as_completed,
  captureCallGraph as capture_call_graph,
  coroutine,
  createEagerTaskFactory as create_eager_task_factory,
  createTask as create_task,
  currentTask as current_task,
  eagerTaskFactory as eager_task_factory,
  ensureFuture as ensure_future,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  FrameCallGraphEntry,
  FutureCallGraph,
  formatCallGraph as format_call_graph,
  futureAddToAwaitedBy as future_add_to_awaited_by,
  futureDiscardFromAwaitedBy as future_discard_from_awaited_by,
  isCoroutine as iscoroutine,
  printCallGraph as print_call_graph,
  shield,
  sleep,
  Task,
  TaskGroup,
  Timeout,
  timeout,
  timeoutAt as timeout_at,
  waitFor as wait_for,
} from "@asyncio/tasks";
export {
  async_with,
  gather,
  gather_from,
  type PythonAsyncContextManager,
  type PythonGatherOptions,
  type PythonWaitOptions,
  wait,
} from "./combinators.js";
export type { ContextOption } from "./python-aliases.js";
export { type PythonRunnerOptions, Runner, run } from "./runner.js";
