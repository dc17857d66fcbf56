/**
 * The `Task.cancel()` program of Python's asyncio documentation and its port through
 * `@asyncio/compat`: the port, run with Node, prints exactly what the original prints under
 * Debian's CPython, which is also the output the documentation shows (checked on its own, so
 * that a machine without Python still holds the port to it).
 */
import { describe, expect, it } from "vitest";
import { expectCleanExit, runPortAndOriginal } from "./support/python-program.js";

describe("examples/python-cancel (asyncio-task: Task.cancel)", () => {
  it("prints what CPython prints: the cancelled task's except and finally, then the awaiting task's except", async () => {
    const { port, python } = await runPortAndOriginal("python-cancel");
    expectCleanExit(port);
    expect(port.stdout).toEqual([
      "cancel_me(): before sleep",
      "cancel_me(): cancel sleep",
      "cancel_me(): after sleep",
      "main(): cancel_me is cancelled now",
    ]);
    if (python !== null) {
      expectCleanExit(python);
      expect(port.stdout).toEqual(python.stdout);
    }
  });
});
