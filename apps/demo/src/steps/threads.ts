/**
 * CPU work in worker threads while the loop stays responsive: hash 512 MB of generated data in
 * eight jobs with a spinner ticking on the loop, then cancel a long job and move on. The workers
 * are started before the spinner, so its count moves from its first lines instead of waiting for
 * the threads to boot; the spinner is stopped before the step reports, so no progress line
 * follows the step's summary.
 */
import type { Coroutine } from "@asyncio/all";
import {
  type CancelSignal,
  coroutine,
  createTask,
  gather,
  isCancelledError,
  sleep,
  threadFunction,
  toThread,
} from "@asyncio/all";
import { log } from "../log.js";

const JOBS = 8;
const MEGABYTES_PER_JOB = 64;

/**
 * Generates `megabytes` of pseudo-random data from `seed` and returns its SHA-256. It runs in a
 * worker, so it is self-contained: it uses only its arguments and what it imports.
 * `progress[slot]` counts the megabytes done, in memory the loop reads too.
 */
async function hashGenerated(
  signal: CancelSignal,
  seed: number,
  megabytes: number,
  progress: Int32Array,
  slot: number,
): Promise<string> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  const words = new Uint32Array(1 << 18); // 1 MB
  let x = seed >>> 0 || 1;
  for (let mb = 0; mb < megabytes && !signal.aborted; mb++) {
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    hash.update(words);
    Atomics.add(progress, slot, 1);
  }
  return hash.digest("hex").slice(0, 16);
}

// Cooperative: the function gets the signal first and stops when its call is cancelled.
const hashInWorker = threadFunction(hashGenerated, { onCancel: "cooperative" });

/** The worker may finish the megabyte it was hashing when the cancellation reached it. */
export function stopped(cancelledAt: number, laterAt: number): boolean {
  return laterAt - cancelledAt <= 1;
}

/** What the step showed, for the demo's closing summary. */
export interface ThreadsOutcome {
  readonly megabytes: number;
  readonly jobs: number;
  /** Loop iterations of the spinner while the workers hashed. */
  readonly ticks: number;
  /** Megabytes the cancelled job had hashed when cancelled, and 0.2 s later. */
  readonly cancelledAt: number;
  readonly laterAt: number;
}

export const threads: () => Coroutine<ThreadsOutcome> = coroutine(async () => {
  const progress = new Int32Array(new SharedArrayBuffer(4 * (JOBS + 1)));
  const total = JOBS * MEGABYTES_PER_JOB;
  const done = () => progress.slice(0, JOBS).reduce((sum, n) => sum + n, 0);

  // Booting a worker thread takes longer than hashing a megabyte: without this, the first
  // progress lines would all read 0 MB. A job of 0 MB starts a worker and loads node:crypto.
  const booting = performance.now();
  await gather(...Array.from({ length: JOBS }, () => toThread(hashInWorker, 0, 0, progress, JOBS)));
  log(`  worker threads started in ${((performance.now() - booting) / 1000).toFixed(2)} s`);

  let ticks = 0;
  let spinning = true;
  const spinner = createTask(async () => {
    const frames = "|/-\\";
    while (spinning) {
      if (ticks % 4 === 0) {
        log(`  ${frames[(ticks / 4) % 4]} ${done()}/${total} MB hashed, loop ticks: ${ticks}`);
      }
      ticks++;
      await sleep(0.05);
    }
  });

  const digests = await gather(
    ...Array.from({ length: JOBS }, (_, job) =>
      toThread(hashInWorker, job + 1, MEGABYTES_PER_JOB, progress, job),
    ),
  );
  spinning = false;
  await spinner;
  log(
    `  ${done()}/${total} MB hashed in ${JOBS} worker jobs; the loop ticked ${ticks} times meanwhile`,
  );
  log(`  digests: ${digests.slice(0, 3).join(", ")}, ...`);

  // A job too long to wait for: it polls its signal, so cancelling it stops the worker too.
  const task = createTask(toThread(hashInWorker, 99, 100_000, progress, JOBS));
  await sleep(0.5);
  log(`  long job: ${progress[JOBS]} MB of 100,000 MB hashed after 0.5 s; cancelling it`);
  task.cancel();
  try {
    await task;
  } catch (error) {
    if (!isCancelledError(error)) throw error;
  }
  const cancelledAt = progress[JOBS] as number;
  await sleep(0.2);
  const laterAt = progress[JOBS] as number;
  log(
    `  long job cancelled: the awaiter moved on at once; 0.2 s later the worker is at ${laterAt} MB (${cancelledAt} MB when cancelled)${stopped(cancelledAt, laterAt) ? ": it stopped" : ": STILL RUNNING"}`,
  );
  return { megabytes: done(), jobs: JOBS, ticks, cancelledAt, laterAt };
});
