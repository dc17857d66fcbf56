/**
 * The tour's closing lines: what each step showed, with the figures the steps measured, so the
 * reader leaves with the claims and not only a scroll of output.
 */
import type { ClusterOutcome } from "./steps/cluster.js";
import { stopped, type ThreadsOutcome } from "./steps/threads.js";

export function summary(threads: ThreadsOutcome, cluster: ClusterOutcome | null): string[] {
  const cancelled = stopped(threads.cancelledAt, threads.laterAt)
    ? "and a cancelled job stopped its worker"
    : "but a cancelled job did NOT stop its worker";
  const sameJob =
    cluster === null
      ? "skipped: no Redis"
      : `one job function ran on threads and on cluster worker processes, and the digests ${cluster.digestsAgree ? "agree" : "DIFFER"}`;
  return [
    "What each step showed:",
    "  1. Python's first asyncio example runs as written, through @asyncio/compat",
    "  2. a task cancelled mid-sleep runs its finally block (which may await) and ends cancelled",
    "  3. an error raised in a task reaches its awaiter and stays the task's exception()",
    "  4. a bounded queue, a task group, a semaphore and a timeout compose: a stuck payment is given up, nothing is left running",
    `  5. CPU work on worker threads leaves the loop free: ${threads.megabytes} MB hashed in ${threads.jobs} jobs while the loop ticked ${threads.ticks} times, ${cancelled}`,
    "  6. a server, its clients and a child process share one run(), and everything is closed when it returns",
    `  7. ${sameJob}`,
  ];
}
