export { Barrier } from "./barrier.js";
export { BoundedSemaphore } from "./bounded-semaphore.js";
export { Condition } from "./condition.js";
export { BrokenBarrierError, isBrokenBarrierError } from "./errors.js";
export { Event } from "./event.js";
export { Hold } from "./hold.js";
export { Lock } from "./lock.js";
export { Semaphore, type SemaphoreOptions } from "./semaphore.js";
