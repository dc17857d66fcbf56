/**
 * `@asyncio/testing/node-test`: a node:test suite using `asyncTest`, run in a `node` process of
 * its own (as a user runs it), passes and fails the right tests with the right reasons, and a
 * test that node:test's timeout cancelled still has its loop cleaned up and closed. The
 * runner-independent behaviour is tested through the Vitest entry point (vitest.test.ts).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const register = fileURLToPath(
  new URL("../../../scripts/typescript-loader/register.mjs", import.meta.url),
);
const suite = fileURLToPath(new URL("./fixtures/node-suite.ts", import.meta.url));

function runSuite(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=@asyncio/source",
        "--no-deprecation",
        "--test-reporter=tap",
        // A preload, so that the thread pool's workers load the TypeScript sources too.
        "--import",
        register,
        suite,
      ],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("asyncTest for node:test", () => {
  it("passes tests on virtual and real time; fails a leftover task; a test its timeout cancelled still closes its loop", async () => {
    const { code, output } = await runSuite();
    expect(output).toMatch(/^ok 1 - sleeps an hour of virtual time$/m);
    expect(output).toMatch(/^ok 2 - timeout\(5\) around a 300 ms thread call gives its result$/m);
    expect(output).toMatch(/^ok 3 - runs on real time when asked$/m);
    expect(output).toMatch(/^not ok 4 - leaves a task behind$/m);
    expect(output).toContain(
      `test left 1 task(s) pending: <Task pending name="left-behind" coro=<anonymous>>`,
    );
    expect(output).toMatch(/^not ok 5 - is stuck until its timeout$/m);
    expect(output).toContain("error: 'test timed out after 200ms'");
    expect(output).toMatch(
      /^ok 6 - the timed-out test's loop was closed after its finally blocks ran$/m,
    );
    expect(output).toMatch(/^# pass 4$/m);
    expect(output).toMatch(/^# fail 1$/m);
    expect(output).toMatch(/^# cancelled 1$/m);
    expect(code).toBe(1);
    // A whole node process whose thread pool loads the TypeScript sources in each worker.
  }, 60_000);
});
