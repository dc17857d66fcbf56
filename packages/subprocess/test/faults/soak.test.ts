/**
 * The soak of the subprocess fault suite: 500 children with pipes, started ten at a time, that
 * finish normally, get killed, or exit before reading their input. Afterwards the process holds
 * the same Node handles as before (no pipe or process handle left), none of its children is left
 * unreaped, and its heap, after a full garbage collection, is back near where it started.
 */
import { readdirSync, readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { withTestLoop } from "@asyncio/core/testing";
import type { StreamReader } from "@asyncio/streams";
import { createTask, gather } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { createSubprocessExec, PIPE } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/**
 * How many Node resources of each kind keep the process busy; timers are left out, as the test
 * runner's own come and go (this package's timers are covered by the loop and pool closing).
 */
function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (kind !== "Timeout" && kind !== "Immediate") counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

/**
 * Node closes a handle a few turns of its loop after the event that ended it: the counts once
 * the handles still closing are closed (a bounded number of turns, never a time).
 */
async function settledHandleCounts(
  expected: Record<string, number>,
): Promise<Record<string, number>> {
  let counts = handleCounts();
  for (let turn = 0; turn < 100 && JSON.stringify(counts) !== JSON.stringify(expected); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    counts = handleCounts();
  }
  return counts;
}

/** Children of this process that have exited but were never reaped. */
function zombieChildren(): number[] {
  const zombies: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state === "Z" && Number(ppid) === process.pid) zombies.push(Number(entry));
  }
  return zombies;
}

const BATCHES = 50;
const PER_BATCH = 10;

/** Ten children, each finishing one of three ways; resolves with their exit statuses. */
function batch(): PromiseLike<number[]> {
  return gather(
    ...Array.from({ length: PER_BATCH }, (_, i) =>
      createTask(async () => {
        if (i % 3 === 0) {
          const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
          await proc.communicate(new Uint8Array(8192).fill(i));
          return proc.returncode as number;
        }
        if (i % 3 === 1) {
          const proc = await createSubprocessExec("sleep", ["30"], { stdout: PIPE });
          proc.kill();
          await (proc.stdout as StreamReader).read();
          return await proc.wait();
        }
        const proc = await createSubprocessExec("true", [], { stdin: PIPE });
        await proc.communicate(new Uint8Array(256 * 1024));
        return proc.returncode as number;
      }),
    ),
  );
}

describe("soak", { timeout: 30_000 }, () => {
  it("500 children leave no handle, no zombie, and the heap where it was", async () => {
    const io = <T>(body: () => Promise<T>): Promise<T> => withTestLoop(body, { realTime: true });
    // Warm up first, so that what is made once (modules, compiled code) is in the baseline.
    await io(async () => {
      for (let n = 0; n < 3; n++) await batch();
    });
    // The warm-up's children have all exited: the baseline is taken once Node closed their handles.
    const { ProcessWrap: _, ...withoutChildren } = handleCounts();
    const handlesBefore = await settledHandleCounts(withoutChildren);
    const heapBefore = settledHeap();

    const statuses = await io(async () => {
      const all: number[] = [];
      for (let n = 0; n < BATCHES; n++) all.push(...(await batch()));
      return all;
    });
    await new Promise((resolve) => setImmediate(resolve));

    expect(statuses).toEqual(
      Array.from({ length: BATCHES * PER_BATCH }, (_, i) => [0, -9, 0][(i % PER_BATCH) % 3]),
    );
    expect(await settledHandleCounts(handlesBefore)).toEqual(handlesBefore);
    expect(zombieChildren()).toEqual([]);
    // A child's Process, streams and transports weigh several KiB: keeping them all would be
    // megabytes; what stays is code and caches, well under a megabyte whatever the count.
    expect(settledHeap() - heapBefore).toBeLessThan(2 * 1024 * 1024);
  });
});
