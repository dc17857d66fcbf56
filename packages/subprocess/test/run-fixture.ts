/**
 * Runs a scenario of test/fixtures in a `node` process of its own, importing the TypeScript
 * sources through scripts/typescript-loader/register.mjs: for what only a whole process shows,
 * such as that it exits by itself once `run()` has returned.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const register = fileURLToPath(
  new URL("../../../scripts/typescript-loader/register.mjs", import.meta.url),
);

export interface FixtureRun {
  /** The exit code, or null if the process was still alive after the limit and was killed. */
  code: number | null;
  /** Non-empty lines of stdout. */
  lines: string[];
  stderr: string;
}

/** Runs `fixtures/<name>` with `args`; a process still alive after `limitMs` is killed. */
export function runFixture(
  name: string,
  args: readonly string[] = [],
  limitMs = 20_000,
): Promise<FixtureRun> {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@asyncio/source", "--no-deprecation", "--import", register, script, ...args],
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
      resolve({ code, lines: stdout.split("\n").filter((line) => line !== ""), stderr });
    });
  });
}
