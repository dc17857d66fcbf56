/** Shared pieces of the loop tests: a fresh loop on virtual time, and a captured logger. */
import { EventLoop, setLogger, VirtualClock } from "@asyncio/core";

export interface LoopUnderTest {
  loop: EventLoop;
  clock: VirtualClock;
}

/** A fresh loop on a `VirtualClock`; the caller closes it. */
export function newTestLoop(start = 0): LoopUnderTest {
  const clock = new VirtualClock(start);
  return { loop: new EventLoop({ clock }), clock };
}

export interface CapturedLog {
  errors: string[];
  warnings: string[];
  /** Puts the console logger back. */
  restore(): void;
}

/** Routes the loop's logger into arrays until `restore()`. */
export function captureLog(): CapturedLog {
  const errors: string[] = [];
  const warnings: string[] = [];
  setLogger({
    error: (message) => {
      errors.push(message);
    },
    warning: (message) => {
      warnings.push(message);
    },
  });
  return { errors, warnings, restore: () => setLogger(null) };
}

/** Runs exactly one iteration of `loop` (CPython's `test_utils.run_once`). */
export async function runOnce(loop: EventLoop): Promise<void> {
  loop.stop();
  await loop.runForever();
}
