/**
 * A program ends by itself when its pool has only idle workers, as a Python program whose thread
 * pool has nothing to do ends; a call still running keeps it alive until the call returns, as
 * Python joins executor threads at exit. The scenario runs in its own `node` process
 * (fixtures/idle-pool.mjs, importing the TypeScript sources through scripts/typescript-loader/register.mjs).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const script = fileURLToPath(new URL("./fixtures/idle-pool.mjs", import.meta.url));
const register = fileURLToPath(
  new URL("../../../scripts/typescript-loader/register.mjs", import.meta.url),
);

/** Runs the scenario; a process still alive after `limitMs` is killed (code null). */
function runScenario(limitMs = 20_000): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@asyncio/source", "--import", register, script],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      if (code !== 0) reject(new Error(`scenario: ${code}\n${stdout}\n${stderr}`));
      else resolve({ code, lines: stdout.split("\n").filter((line) => line !== "") });
    });
  });
}

describe("process lifetime", { timeout: 30_000 }, () => {
  it("a process whose pools have only idle workers exits by itself, once a running call returns", async () => {
    const { lines } = await runScenario();
    expect(lines).toEqual(["results 2,3 idle workers 2", "submitted", "result slept", "exit 0"]);
  });
});
