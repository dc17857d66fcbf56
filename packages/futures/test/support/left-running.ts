/**
 * A test that timed out leaves its loop running, and every later test of the file would then fail
 * with "Cannot run the event loop while another loop is running". The real-time test helpers of
 * the I/O packages call this, so that such a loop is stopped once its test has ended (its run then
 * fails, which the timed-out test no longer hears).
 */
import { onTestFinished } from "vitest";

interface StoppableLoop {
  isRunning(): boolean;
  stop(): void;
}

/** Stops `loop()` (if a loop was made and still runs) when the current test ends. */
export function stopWhenTestEnds(loop: () => StoppableLoop | null, run: Promise<unknown>): void {
  onTestFinished(async () => {
    const running = loop();
    if (running === null || !running.isRunning()) return;
    run.catch(() => {});
    running.stop();
    for (let turn = 0; turn < 100 && running.isRunning(); turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}
