/**
 * Runs a scenario of test/fixtures in a `node` process of its own, importing the TypeScript
 * sources through scripts/typescript-loader/register.mjs: for what only a whole process shows
 * (that it exits by itself), and for worker threads that must import the workspace's sources too
 * (a worker runs the process's --import preloads, so it gets the same loader).
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

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

export interface FixtureOptions {
  /** Arguments for the script (`process.argv` from index 2). */
  args?: readonly string[];
  /** Kill the process after this long (its code is then null). */
  limitMs?: number;
  /**
   * Whether worker threads must import the TypeScript sources too: the loader is then a
   * `--import` preload, which pool workers run; otherwise the script registers it itself, and
   * workers start without it (much faster: the loader brings a compiler with it).
   */
  loaderInWorkers?: boolean;
}

/** Runs `fixtures/<name>`; a process still alive after `limitMs` is killed (code null). */
export function runFixture(name: string, options: FixtureOptions = {}): Promise<FixtureRun> {
  const { args = [], limitMs = 20_000, loaderInWorkers = false } = options;
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  const entry = loaderInWorkers
    ? ["--import", register, script]
    : [
        "--input-type=module",
        "--eval",
        `await import(${JSON.stringify(pathToFileURL(register).href)}); await import(${JSON.stringify(pathToFileURL(script).href)});`,
        "--",
      ];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@asyncio/source", "--no-deprecation", ...entry, ...args],
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
