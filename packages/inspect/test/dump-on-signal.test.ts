/**
 * The task dump on a signal, for servers where the inspector is not allowed: the tree of who
 * awaits whom and the table of tasks, written when the process gets the signal. No CPython
 * counterpart (Python offers `python -m asyncio pstree` only from outside).
 */
import { run } from "@asyncio/core";
import { Future } from "@asyncio/futures";
import { createTask, shield, sleep, type Task } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { dumpTasksOnSignal, formatTaskDump } from "../src/index.js";

describe("dumpTasksOnSignal", () => {
  it("writes the tree and the table when the process gets the signal, until stopped", async () => {
    const written: string[] = [];
    const listeners = process.listenerCount("SIGUSR2");
    expect(listeners).toBe(0);
    const stop = dumpTasksOnSignal("SIGUSR2", { file: { write: (text) => written.push(text) } });
    try {
      await run(async function main() {
        const gate = new Future<void>();
        const worker = createTask(
          async function serve() {
            await gate;
          },
          { name: "worker" },
        );
        await sleep(0);
        const delivered = new Promise((resolve) => process.once("SIGUSR2", resolve));
        process.kill(process.pid, "SIGUSR2");
        await delivered;
        gate.setResult(undefined);
        await worker;
      });
    } finally {
      stop();
    }
    expect(written).toHaveLength(1);
    const [dump] = written as [string];
    const [tree, table] = dump.split("\n\n") as [string, string];
    expect(tree).toBe(
      ["└── (T) Task-1", "    └──  main", "└── (T) worker", "    └──  serve"].join("\n"),
    );
    expect(table).toMatch(/^tid +task id +task name +state +coroutine stack +awaits/);
    expect(table).toMatch(/\n\d+ +0x[0-9a-f]+ +worker +pending +serve +<Future pending>/);
    // Stopped: no listener of its own is left on the signal.
    expect(process.listenerCount("SIGUSR2")).toBe(0);
  });

  it("names the cycles when tasks wait on each other", async () => {
    const dump = await run(async () => {
      let second: Task<unknown> | null = null;
      // Through a shield, so that cancelling one doesn't cancel the other back, for ever.
      const first = createTask(
        async () => {
          await sleep(0);
          await shield(second as Task<unknown>);
        },
        { name: "first" },
      );
      second = createTask(async () => await first, { name: "second" });
      await sleep(0);
      await sleep(0);
      const text = formatTaskDump();
      first.cancel();
      await Promise.allSettled([first, second]);
      return text;
    });
    expect(dump).toMatch(
      /^ERROR: await-graph contains cycles - cannot print a tree!\n\ncycle: (first → second → first|second → first → second)\n\ntid /,
    );
  });

  it("refuses a signal that isn't a signal name", () => {
    expect(() => dumpTasksOnSignal("USR2" as NodeJS.Signals)).toThrow(
      new TypeError('signal must be a signal name such as "SIGUSR2", got "USR2"'),
    );
  });
});
