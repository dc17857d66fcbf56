/**
 * The same hashing job on worker threads, then on a cluster: two `asyncio-worker` processes
 * served by Redis through `BullMQExecutor`, with each job's progress shown live as the workers
 * report it. Runs when Redis can be had (ASYNCIO_REDIS_URL, or a local redis-server started for
 * the step); otherwise says why and moves on.
 */

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Coroutine } from "@asyncio/all";
import { coroutine, createTask, gather, moduleFunction, sleep, toThread } from "@asyncio/all";
import { BullMQExecutor, type JobFuture } from "@asyncio/bullmq";
import { log } from "../log.js";
import type * as HashJob from "./hash-job.js";

const JOBS = 4;
const MEGABYTES_PER_JOB = 96;

const hashGenerated = moduleFunction<typeof HashJob.hashGenerated>(
  new URL("./hash-job.js", import.meta.url),
  "hashGenerated",
);

/** Resolves with what `child` printed once it printed `marker`; rejects if it exits first. */
function printed(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(marker)) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output.trim()}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** A Redis for the step: ASYNCIO_REDIS_URL, else a redis-server of our own; null if neither. */
async function findRedis(): Promise<{ url: string; stop: () => void } | null> {
  const fromEnv = process.env.ASYNCIO_REDIS_URL;
  if (fromEnv) return { url: fromEnv, stop: () => {} };
  if (spawnSync("redis-server", ["--version"]).status !== 0) return null;
  const port = await freePort();
  const server = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await printed(server, "Ready to accept connections");
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.kill() };
}

/** `[#####-----]  50%` */
function bar(percent: number): string {
  const filled = Math.round(percent / 10);
  return `[${"#".repeat(filled)}${"-".repeat(10 - filled)}] ${String(percent).padStart(3)}%`;
}

/** Logs one line of bars every 0.15 s until `finished()` says stop. */
const showProgress = coroutine(async (bars: () => string, finished: () => boolean) => {
  while (!finished()) {
    log(`  ${bars()}`);
    await sleep(0.15);
  }
});

const onThreads = coroutine(async () => {
  const done = new Int32Array(new SharedArrayBuffer(4 * JOBS));
  // Start the workers (and load the job's module in each) first, so the bars move from the start.
  await gather(
    ...Array.from({ length: JOBS }, (_, job) => toThread(hashGenerated, 0, 0, done, job)),
  );
  let finished = false;
  const display = createTask(
    showProgress(
      () =>
        `threads: ${[...done].map((mb) => bar(Math.round((mb / MEGABYTES_PER_JOB) * 100))).join(" ")}`,
      () => finished,
    ),
  );
  const started = performance.now();
  const digests = await gather(
    ...Array.from({ length: JOBS }, (_, job) =>
      toThread(hashGenerated, job + 1, MEGABYTES_PER_JOB, done, job),
    ),
  );
  finished = true;
  await display;
  return { digests, seconds: (performance.now() - started) / 1000 };
});

const onCluster = coroutine(async (url: string) => {
  const queueName = `asyncio-demo-${randomUUID()}`;
  const bin = fileURLToPath(
    new URL("./bin/asyncio-worker.js", import.meta.resolve("@asyncio/bullmq")),
  );
  const workers = Array.from({ length: 2 }, () =>
    spawn(process.execPath, [bin, "--queue", queueName, "--concurrency", "2", "--redis", url], {
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const executor = new BullMQExecutor({ connection: url, queueName });
  try {
    await gather(...workers.map((worker) => printed(worker, "serving")));
    log(
      `  two asyncio-worker processes serve queue ${queueName} (pids ${workers.map((w) => w.pid).join(", ")})`,
    );
    const futures: JobFuture<string>[] = Array.from({ length: JOBS }, (_, job) =>
      executor.submit(hashGenerated, job + 1, MEGABYTES_PER_JOB, null, 0),
    );
    let finished = false;
    const display = createTask(
      showProgress(
        () =>
          `cluster: ${futures.map((f) => bar(typeof f.lastProgress === "number" ? f.lastProgress : 0)).join(" ")}`,
        () => finished,
      ),
    );
    const started = performance.now();
    const digests = await gather(...futures.map((future) => future));
    finished = true;
    await display;
    return { digests, seconds: (performance.now() - started) / 1000 };
  } finally {
    await executor.shutdown({ cancelFutures: true });
    for (const worker of workers) worker.kill("SIGTERM");
  }
});

/** What the step showed, for the demo's closing summary; null when there was no Redis. */
export interface ClusterOutcome {
  readonly digestsAgree: boolean;
}

export const cluster: () => Coroutine<ClusterOutcome | null> = coroutine(async () => {
  const redis = await findRedis();
  if (redis === null) {
    log(
      "  skipped: no Redis (set ASYNCIO_REDIS_URL, or install redis-server: apt-get install redis-server)",
    );
    return null;
  }
  try {
    const threads = await onThreads();
    log(`  threads: ${JOBS} × ${MEGABYTES_PER_JOB} MB in ${threads.seconds.toFixed(2)} s`);
    const onTwoWorkers = await onCluster(redis.url);
    log(`  cluster: ${JOBS} × ${MEGABYTES_PER_JOB} MB in ${onTwoWorkers.seconds.toFixed(2)} s`);
    const same = threads.digests.every((digest, i) => digest === onTwoWorkers.digests[i]);
    log(`  digests ${same ? "agree" : "DIFFER"}: ${onTwoWorkers.digests.join(", ")}`);
    return { digestsAgree: same };
  } finally {
    redis.stop();
  }
});
