import type { Handle } from "./handle.js";

/** A handle for a callback scheduled at a given loop time. */
export interface TimerHandleContract extends Handle {
  /** The loop time at which the callback is scheduled to run, in seconds. */
  when(): number;
}
