#!/usr/bin/env node
/**
 * The `asyncio-worker` command: serves a BullMQ queue with `startWorker` on its own event loop,
 * so that a cluster worker is one command on each machine. SIGTERM or SIGINT closes it after the
 * running jobs finish; a second one abandons them to the other workers.
 */
import { parseArgs } from "node:util";
import { addSignalHandler, run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { type StartWorkerOptions, startWorker } from "../start-worker.js";

const USAGE = `usage: asyncio-worker --queue NAME [--concurrency N] [--redis URL] [options]

Runs the jobs of a BullMQ queue submitted by a BullMQExecutor, each in a Task on this
process's event loop.

  --queue NAME              the queue to serve (the executor's queueName)
  --concurrency N           jobs run at once (default 1)
  --redis URL               Redis (default $ASYNCIO_REDIS_URL, else redis://127.0.0.1:6379)
  --prefix PREFIX           BullMQ's key prefix (default "bull")
  --name NAME               the worker's name, shown by queue tools
  --lock-duration SECONDS   how long a job stays locked without renewal (default 30)
  --stalled-interval SECONDS  how often to look for jobs of dead workers (default 30)
  --max-stalled-count N     retries of a job whose worker died (default 1)
  --help                    print this and exit`;

class UsageError extends Error {}

function integer(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(
      `--${flag} must be an integer of at least ${min}, got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

function seconds(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(
      `--${flag} must be a number of seconds greater than 0, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** The worker's options from the command line, or a UsageError; null for --help. */
function parseCommandLine(argv: string[]): StartWorkerOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        queue: { type: "string" },
        concurrency: { type: "string" },
        redis: { type: "string" },
        prefix: { type: "string" },
        name: { type: "string" },
        "lock-duration": { type: "string" },
        "stalled-interval": { type: "string" },
        "max-stalled-count": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return null;
  const text = (flag: string): string | undefined => values[flag] as string | undefined;
  const queueName = text("queue");
  if (queueName === undefined || queueName === "") throw new UsageError("--queue NAME is required");
  const redis = text("redis") ?? process.env.ASYNCIO_REDIS_URL ?? "redis://127.0.0.1:6379";
  const options: StartWorkerOptions = { connection: redis, queueName };
  const concurrency = text("concurrency");
  if (concurrency !== undefined) options.concurrency = integer("concurrency", concurrency, 1);
  const prefix = text("prefix");
  if (prefix !== undefined) options.prefix = prefix;
  const name = text("name");
  if (name !== undefined) options.name = name;
  const lockDuration = text("lock-duration");
  if (lockDuration !== undefined) options.lockDuration = seconds("lock-duration", lockDuration);
  const stalledInterval = text("stalled-interval");
  if (stalledInterval !== undefined)
    options.stalledInterval = seconds("stalled-interval", stalledInterval);
  const maxStalled = text("max-stalled-count");
  if (maxStalled !== undefined)
    options.maxStalledCount = integer("max-stalled-count", maxStalled, 0);
  return options;
}

/** The URL with its password hidden, for the log. */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.href;
  } catch {
    return url;
  }
}

async function serve(options: StartWorkerOptions): Promise<void> {
  const worker = await startWorker(options);
  const where = shown(options.connection as string);
  console.log(
    `asyncio-worker: serving queue ${JSON.stringify(worker.queueName)} with concurrency ${worker.concurrency} on ${where} (pid ${process.pid})`,
  );
  let signals = 0;
  const stop = (signal: string): void => {
    signals++;
    const force = signals > 1;
    console.log(
      force
        ? `asyncio-worker: ${signal} again: abandoning ${worker.runningCount} running job(s) to the other workers`
        : `asyncio-worker: ${signal}: finishing ${worker.runningCount} running job(s), taking no more`,
    );
    void worker.close({ force });
  };
  const loop = getRunningLoop();
  addSignalHandler(loop, "SIGTERM", stop, "SIGTERM");
  addSignalHandler(loop, "SIGINT", stop, "SIGINT");
  await worker.closed;
  console.log("asyncio-worker: closed");
}

function main(): void {
  let options: StartWorkerOptions | null;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`asyncio-worker: ${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options === null) {
    console.log(USAGE);
    return;
  }
  run(() => serve(options)).catch((error: unknown) => {
    console.error(
      `asyncio-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  });
}

main();
