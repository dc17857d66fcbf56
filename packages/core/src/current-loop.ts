/**
 * The "current" loop of the program — Python's `get_event_loop()` / `set_event_loop()` — as
 * opposed to the running loop, which `@asyncio/futures` tracks.
 */
import { peekRunningLoop } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { EventLoop, type EventLoopOptions } from "./event-loop.js";

let currentLoop: EventLoop | null = null;

/** A new, not running, event loop. */
export function newEventLoop(options?: EventLoopOptions): EventLoop {
  return new EventLoop(options);
}

/**
 * The running loop if there is one; otherwise the loop set with `setEventLoop`, creating and
 * setting one when there is none (as Python 3.12–3.13 do; 3.14 raises instead).
 */
export function getEventLoop(): EventLoop {
  const running = peekRunningLoop();
  if (running instanceof EventLoop) return running;
  if (running !== null) return running as unknown as EventLoop;
  if (currentLoop === null || currentLoop.isClosed()) currentLoop = new EventLoop();
  return currentLoop;
}

/** Sets the loop that `getEventLoop()` returns when none is running (`null` to clear it). */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !(loop instanceof EventLoop)) {
    throw new TypeError(`setEventLoop() expects an EventLoop or null, got ${describe(loop)}`);
  }
  currentLoop = loop;
}
