#!/usr/bin/env node
/**
 * The `asyncio-worker` command: serves a BullMQ queue with `startWorker` on its own event loop,
 * so that a cluster worker is one command on each machine. SIGTERM or SIGINT closes it after the
 * running jobs finish; a second one abandons them to the other workers.
 */
import { addSignalHandler, run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { parseCommandLine, USAGE, UsageError } from "../internal/command-line.js";
import { type StartWorkerOptions, startWorker } from "../start-worker.js";

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
    options = parseCommandLine(process.argv.slice(2), process.env);
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
