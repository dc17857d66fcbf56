/**
 * Child processes under virtual time: a child runs in real time outside the loop, so starting
 * it, waiting for it to exit and reading its output hold a `VirtualClock`; a timeout around them
 * does not fire because the child is slow in real time. Once it exited, sleeps take no real time
 * again. No CPython counterpart (CPython has no virtual clock).
 */
import { withTestLoop } from "@asyncio/core/testing";
import { createTask, sleep, timeout } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { createSubprocessExec, PIPE } from "../src/index.js";

const node = process.execPath;

describe("subprocesses under virtual time", () => {
  it("wait() on a child that runs 200 ms holds time: timeout(5) gets its exit code", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      const proc = await timeout(
        5,
        async () => await createSubprocessExec(node, ["-e", "setTimeout(() => {}, 200)"]),
      );
      expect(loop.time()).toBe(0);
      const waiting = createTask(proc.wait());
      await sleep(0);
      expect(clock.heldBy()).toEqual([
        expect.stringMatching(new RegExp(`^waiting for process ${proc.pid} \\(.+\\) to exit$`)),
      ]);
      expect(await timeout(5, async () => await waiting)).toBe(0);
      expect(loop.time()).toBe(0);
      await sleep(3600);
      expect(loop.time()).toBe(3600);
    });
  });

  it("reading a child's late output holds time: timeout(5) gets the bytes", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      const proc = await createSubprocessExec(
        node,
        ["-e", "setTimeout(() => process.stdout.write('late'), 200)"],
        { stdout: PIPE },
      );
      const stdout = proc.stdout;
      if (stdout === null) throw new Error("stdout is a pipe");
      const reading = createTask(stdout.read(100));
      await sleep(0);
      expect(clock.heldBy()).toEqual([
        expect.stringMatching(
          new RegExp(`^read\\(\\) waiting on stdout of process ${proc.pid} \\(.+\\)$`),
        ),
      ]);
      expect(new TextDecoder().decode(await timeout(5, async () => await reading))).toBe("late");
      expect(await proc.wait()).toBe(0);
      expect(loop.time()).toBe(0);
    });
  });

  it("a child that exited holds nothing: reading the rest of its output doesn't wait on it", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      const proc = await createSubprocessExec(node, ["-e", "process.stdout.write('all')"], {
        stdout: PIPE,
      });
      expect(await proc.wait()).toBe(0);
      expect(clock.heldBy()).toEqual([]);
      const [out] = await proc.communicate();
      expect(new TextDecoder().decode(out ?? new Uint8Array())).toBe("all");
      expect(loop.time()).toBe(0);
    });
  });
});
