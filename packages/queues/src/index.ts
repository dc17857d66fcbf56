export {
  isQueueEmpty,
  isQueueFull,
  isQueueShutDown,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
} from "./errors.js";
export { LifoQueue } from "./lifo-queue.js";
export { PriorityQueue, type PriorityQueueOptions } from "./priority-queue.js";
export { Queue, type QueueOptions, type ShutdownOptions } from "./queue.js";
