/**
 * Child processes streamed line by line.
 *
 * 1. A pipeline, `log writer | grep ERROR`, with this program in the middle: each line the
 *    writer prints is passed on to `grep` as soon as it arrives (waiting with `drain()` when grep
 *    falls behind), and each line `grep` prints is shown as soon as it arrives.
 * 2. A job that stops making progress: after each line of output it gets one second for the
 *    next (`waitFor` around `readline()`); when it stays silent, it is killed and its exit status
 *    collected.
 *
 * Shows: `createSubprocessExec` with `PIPE`s, a `StreamReader` read with `for await`, a
 * `StreamWriter` with back-pressure, two tasks in a task group, `waitFor`, `kill()` and `wait()`.
 *
 * Run it with `node examples/dist/subprocess-pipeline/main.js` (needs `sh`, `grep` and `sleep`).
 */
import { constants } from "node:os";
import { run } from "@asyncio/core";
import { isTimeoutError } from "@asyncio/futures";
import { createSubprocessExec, PIPE } from "@asyncio/subprocess";
import { taskGroup, waitFor } from "@asyncio/tasks";

const decoder = new TextDecoder();
const text = (line: Uint8Array): string => decoder.decode(line).trimEnd();

/** A stand-in for a program that writes its log a line at a time. */
const LOG_WRITER = `
for n in 1 2 3 4 5 6 7 8; do
  case $n in
    3|7) echo "request $n: ERROR upstream timed out" ;;
    *) echo "request $n: ok" ;;
  esac
  sleep 0.02
done`;

/** A stand-in for a job that hangs after two steps (`exec`: killing it kills the sleep). */
const STUCK_JOB = `
echo "step 1 of 3 done"
echo "step 2 of 3 done"
exec sleep 600`;

const SILENCE_LIMIT = 1; // seconds without output before the job is killed

function signalName(signal: number): string {
  return Object.entries(constants.signals).find(([, number]) => number === signal)?.[0] ?? "?";
}

async function pipeline(): Promise<void> {
  console.log("log writer | grep ERROR:");
  const writer = await createSubprocessExec("sh", ["-c", LOG_WRITER], { stdout: PIPE });
  const grep = await createSubprocessExec("grep", ["--line-buffered", "ERROR"], {
    stdin: PIPE,
    stdout: PIPE,
  });
  let passedOn = 0;
  await taskGroup(async (group) => {
    // The writer's stdout into grep's stdin, line by line.
    group.createTask(async () => {
      for await (const line of writer.stdout!) {
        grep.stdin!.write(line);
        await grep.stdin!.drain();
        passedOn++;
      }
      grep.stdin!.close(); // grep sees the end of its input and exits
    });
    // grep's output, shown as it comes.
    group.createTask(async () => {
      for await (const line of grep.stdout!) console.log(`  ${text(line)}`);
    });
  });
  const statuses = [await writer.wait(), await grep.wait()];
  console.log(`  ${passedOn} lines passed on; exit statuses: ${statuses.join(" | ")}`);
}

async function stuckJob(): Promise<void> {
  console.log(`a job given ${SILENCE_LIMIT} s for each line of output:`);
  const job = await createSubprocessExec("sh", ["-c", STUCK_JOB], { stdout: PIPE });
  try {
    for (;;) {
      const line = await waitFor(job.stdout!.readline(), SILENCE_LIMIT);
      if (line.length === 0) break; // the job closed its output
      console.log(`  job: ${text(line)}`);
    }
  } catch (error) {
    if (!isTimeoutError(error)) throw error;
    console.log(`  silent for ${SILENCE_LIMIT} s: killing it`);
    job.kill();
  }
  const status = await job.wait(); // negative: the signal that ended it
  console.log(`  exit status: ${status}${status < 0 ? ` (${signalName(-status)})` : ""}`);
}

await run(async () => {
  await pipeline();
  await stuckJob();
});
