/**
 * Runs the Python original of a ported example with Debian's CPython, so that a test can compare
 * what the port prints with what asyncio itself prints. The interpreter is the system's
 * `/usr/bin/python3`, not whatever `python3` is first on PATH, so that every run compares against
 * the same CPython.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { type Finished, runExample } from "./example-process.js";

/** The CPython that the ports are compared with. */
const PYTHON = "/usr/bin/python3";

/** Why the Python half of a comparison can't run here, or null when it can. */
function pythonMissingReason(): string | null {
  return existsSync(PYTHON)
    ? null
    : `${PYTHON} is missing (on Debian: apt-get install python3), so the output of the port is not compared with CPython's`;
}

/** Runs `examples/src/<script>` (a Python file) to its end. */
function runPython(script: string): Promise<Finished> {
  const path = fileURLToPath(new URL(`../../src/${script}`, import.meta.url));
  const child = spawn(PYTHON, [path], {
    stdio: ["ignore", "pipe", "pipe"],
    // Neither a user's site-packages nor stray PYTHON* settings of the machine change the run.
    env: { PATH: process.env.PATH ?? "", PYTHONNOUSERSITE: "1", PYTHONDONTWRITEBYTECODE: "1" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const lines = stdout.split("\n");
      if (lines.at(-1) === "") lines.pop();
      resolve({ code, signal, stdout: lines, stderr });
    });
  });
}

const pythonMissing = pythonMissingReason();

/**
 * Runs the built port `examples/dist/<name>/main.js` and, where CPython is present, its
 * original `examples/src/<name>/main.py`, at the same time. Without CPython the original is
 * skipped and the reason printed.
 */
export async function runPortAndOriginal(
  name: string,
): Promise<{ port: Finished; python: Finished | null }> {
  if (pythonMissing !== null)
    console.log(`examples/${name}: not run under CPython: ${pythonMissing}`);
  const [port, python] = await Promise.all([
    runExample(`${name}/main.js`),
    pythonMissing === null ? runPython(`${name}/main.py`) : null,
  ]);
  return { port, python };
}

/** Checks that a program printed nothing on stderr and exited with status 0. */
export function expectCleanExit(program: Finished): void {
  expect(program.stderr).toBe("");
  expect({ code: program.code, signal: program.signal }).toEqual({ code: 0, signal: null });
}
