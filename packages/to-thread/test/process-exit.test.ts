/**
 * A program ends by itself when its pool has only idle workers, as a Python program whose thread
 * pool has nothing to do ends; a call still running keeps it alive until the call returns, as
 * Python joins executor threads at exit. Each scenario runs in its own `node` process, started
 * with --input-type=module (see run-fixture.ts), which the pool's workers inherit: their program
 * must read the same as a module.
 */
import { describe, expect, it } from "vitest";
import { runFixture } from "./run-fixture.js";

describe("process lifetime", { timeout: 30_000 }, () => {
  it("a process whose pools have only idle workers exits by itself, once a running call returns", async () => {
    const { code, lines, stderr } = await runFixture("idle-pool.mjs");
    expect([code, stderr]).toEqual([0, ""]);
    expect(lines).toEqual(["results 2,3 idle workers 2", "submitted", "result slept", "exit 0"]);
  });

  it("once run() returns, the default executor and the idle workers of the program's own pool don't keep it alive", async () => {
    const { code, lines, stderr } = await runFixture("run-returns.mjs");
    expect([code, stderr]).toEqual([0, ""]);
    expect(lines).toEqual([
      "default executor",
      "own pool",
      "idle workers 1",
      "run returned",
      "exit 0",
    ]);
  });
});
