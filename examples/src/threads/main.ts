/**
 * CPU work on worker threads while the event loop stays free.
 *
 * 1. Counting the primes below 2,000,000 as four jobs on a pool of two threads (`toThread` on the
 *    loop's default executor): the results come back to the loop as the jobs finish.
 * 2. A job with no end of its own runs on a one-thread pool while a ticker task ticks on the
 *    loop, undisturbed by the busy thread. Then the job is cancelled: it is a cooperative
 *    function, so its thread sees the cancellation and stops, and the pool's only thread is free
 *    to run the next job.
 *
 * Shows: `toThread`, `ThreadPoolExecutor`, `loop.setDefaultExecutor`, `loop.runInExecutor`,
 * `moduleFunction` with the `"cooperative"` cancel policy, `createTask`, `wait`.
 *
 * Run it with `node examples/dist/threads/main.js`.
 */
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { createTask, gather, sleep, wait } from "@asyncio/tasks";
import { moduleFunction, ThreadPoolExecutor, toThread } from "@asyncio/to-thread";

type Primes = typeof import("./primes.js");
const PRIMES_MODULE = new URL("./primes.js", import.meta.url);

// Functions that a worker thread imports from ./primes.js and calls by name.
const countPrimes = moduleFunction<Primes["countPrimes"]>(PRIMES_MODULE, "countPrimes");
const searchPrimes = moduleFunction<Primes["searchPrimesUntilCancelled"]>(
  PRIMES_MODULE,
  "searchPrimesUntilCancelled",
  { onCancel: "cooperative" }, // the function gets a CancelSignal first, and stops when it is set
);

const LIMIT = 2_000_000;
const JOBS = 4;

async function countOnTwoThreads(): Promise<void> {
  console.log(`1. The primes below ${LIMIT.toLocaleString("en")}, in ${JOBS} jobs on 2 threads`);
  getRunningLoop().setDefaultExecutor(new ThreadPoolExecutor({ maxWorkers: 2 }));
  const size = LIMIT / JOBS;
  const ranges = Array.from({ length: JOBS }, (_, job) => [job * size, (job + 1) * size] as const);
  // All four jobs are queued at once; two threads work through them.
  const counts = await gather(...ranges.map(([from, to]) => toThread(countPrimes, from, to)));
  for (const [job, [from, to]] of ranges.entries()) {
    console.log(`   [${from.toLocaleString("en")}, ${to.toLocaleString("en")}): ${counts[job]}`);
  }
  console.log(`   total: ${counts.reduce((sum, count) => sum + count, 0)}`);
}

async function cancelABusyThread(): Promise<void> {
  console.log("2. A job that runs until cancelled, while the loop keeps ticking");
  await using onePool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const loop = getRunningLoop();
  const search = createTask(() => loop.runInExecutor(onePool, searchPrimes, 1_000_000_000));
  const ticker = createTask(async () => {
    for (let tick = 1; tick <= 3; tick++) {
      await sleep(0.1);
      console.log(`   tick ${tick}: the loop is free while the thread searches`);
    }
  });
  await ticker;
  console.log("   cancelling the search");
  search.cancel();
  await wait([search]); // waits for the task to end without raising its CancelledError here
  console.log(`   the search task ended cancelled: ${search.cancelled()}`);
  // The pool has one thread: this job runs only if the search really stopped.
  const next = await loop.runInExecutor(onePool, countPrimes, 0, 1000);
  console.log(`   the thread is free again; next job: ${next} primes below 1,000`);
}

await run(async () => {
  await countOnTwoThreads();
  await cancelABusyThread();
});
