/**
 * Runs a script in a `node` process of its own that imports the workspace's TypeScript sources
 * (through scripts/typescript-loader/register.mjs): for what only a whole process shows, such as
 * that it ends by itself once `run()` has returned, or its exit status. The process-level tests
 * of every package start their fixtures here.
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const register = fileURLToPath(
  new URL("../../../../scripts/typescript-loader/register.mjs", import.meta.url),
);

export interface ScriptRun {
  /** The exit code, or null if the process was still alive after the limit and was killed. */
  code: number | null;
  /** Non-empty lines of stdout. */
  lines: string[];
  stderr: string;
}

export interface ScriptOptions {
  /** The working directory (the package's, so that its dependencies resolve). */
  cwd: string;
  /** Arguments for the script (`process.argv` from index 2). */
  args?: readonly string[];
  /** Kill the process after this long (its code is then null). */
  limitMs?: number;
  /**
   * Whether worker threads must import the TypeScript sources too: the loader is then a
   * `--import` preload, which workers run; otherwise the script registers it itself, and workers
   * start without it (much faster: the loader brings a compiler with it).
   */
  loaderInWorkers?: boolean;
}

/** Runs `script` (a path); a process still alive after `limitMs` is killed (code null). */
export function runSourceScript(script: string, options: ScriptOptions): Promise<ScriptRun> {
  const { cwd, args = [], limitMs = 20_000, loaderInWorkers = true } = options;
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
      // Node 26 deprecates what the loader uses; stderr must stay the program's own.
      ["--conditions=@asyncio/source", "--no-deprecation", ...entry, ...args],
      { cwd, stdio: ["ignore", "pipe", "pipe"] },
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
