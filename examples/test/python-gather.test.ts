/**
 * The "Running Tasks Concurrently" program of Python's asyncio documentation and its port through
 * `@asyncio/compat`: the port, run with Node, prints exactly what the original prints under
 * Debian's CPython, which is also the output the documentation shows (checked on its own, so
 * that a machine without Python still holds the port to it).
 */
import { describe, expect, it } from "vitest";
import { expectCleanExit, runPortAndOriginal } from "./support/python-program.js";

describe("examples/python-gather (asyncio-task: Running Tasks Concurrently)", () => {
  it("prints what CPython prints: three factorials taking turns, then their results in order", async () => {
    const { port, python } = await runPortAndOriginal("python-gather");
    expectCleanExit(port);
    expect(port.stdout).toEqual([
      "Task A: Compute factorial(2), currently i=2...",
      "Task B: Compute factorial(3), currently i=2...",
      "Task C: Compute factorial(4), currently i=2...",
      "Task A: factorial(2) = 2",
      "Task B: Compute factorial(3), currently i=3...",
      "Task C: Compute factorial(4), currently i=3...",
      "Task B: factorial(3) = 6",
      "Task C: Compute factorial(4), currently i=4...",
      "Task C: factorial(4) = 24",
      "[2, 6, 24]",
    ]);
    if (python !== null) {
      expectCleanExit(python);
      expect(port.stdout).toEqual(python.stdout);
    }
  });
});
