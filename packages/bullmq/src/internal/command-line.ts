/**
 * The command line of `asyncio-worker`, apart from the command itself so that it can be checked
 * without starting a process: flags to `startWorker` options, or a `UsageError` naming the flag.
 */
import { parseArgs } from "node:util";
import type { StartWorkerOptions } from "../start-worker.js";

export const USAGE = `usage: asyncio-worker --queue NAME [--concurrency N] [--redis URL] [options]

Runs the jobs of a BullMQ queue submitted by a BullMQExecutor, each in a Task on this
process's event loop.

  --queue NAME                the queue to serve (the executor's queueName)
  --concurrency N             jobs run at once (default 1)
  --redis URL                 Redis (default $ASYNCIO_REDIS_URL, else redis://127.0.0.1:6379)
  --prefix PREFIX             BullMQ's key prefix (default "bull")
  --name NAME                 the worker's name, shown by queue tools
  --lock-duration SECONDS     how long a job stays locked without renewal (default 30)
  --stalled-interval SECONDS  how often to look for jobs of dead workers (default 30)
  --max-stalled-count N       retries of a job whose worker died (default 1)
  --help                      print this and exit`;

/** A command line the worker can't run with; the message says why. */
export class UsageError extends Error {
  override readonly name: "UsageError" = "UsageError";
}

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
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): StartWorkerOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
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
  const redis = text("redis") ?? env.ASYNCIO_REDIS_URL ?? "redis://127.0.0.1:6379";
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
