/**
 * Real work this package starts outside any transport (resolving a name, reading a file to send),
 * registered with the running loop so that virtual time waits for it. On real time the running
 * loop counts nothing and this is one branch.
 */
import { peekRunningLoop } from "@asyncio/futures";

/** Runs `work()` as real work of the running loop, described by `description()`. */
export async function asRealWork<T>(description: () => string, work: () => Promise<T>): Promise<T> {
  const hold = peekRunningLoop()?._realWork?.hold(description);
  if (hold === undefined) return await work();
  try {
    return await work();
  } finally {
    hold.release();
  }
}
