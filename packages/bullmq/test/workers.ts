/**
 * Cluster workers in child processes: the `asyncio-worker` command run from the TypeScript
 * sources (through scripts/typescript-loader), as it runs on another machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const register = fileURLToPath(
  new URL("../../../scripts/typescript-loader/register.mjs", import.meta.url),
);
const bin = fileURLToPath(new URL("../src/bin/asyncio-worker.ts", import.meta.url));

export interface WorkerProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the worker printed. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<number | string>;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<number | string>;
}

/** Runs `asyncio-worker args...` with `env` added; resolves once it prints that it serves. */
export function spawnWorkerProcess(
  args: string[],
  env: Record<string, string> = {},
): { process: WorkerProcess; ready: Promise<void> } {
  const child = spawn(
    process.execPath,
    ["--conditions=@asyncio/source", "--import", register, bin, ...args],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  let output = "";
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("asyncio-worker: serving")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) =>
      reject(new Error(`the worker exited (${code}) before serving:\n${output}`)),
    );
  });
  process.once("exit", () => child.kill("SIGKILL"));
  const worker: WorkerProcess = {
    pid: child.pid as number,
    child,
    output: () => output,
    exited,
    async stop() {
      child.kill("SIGTERM");
      return await exited;
    },
    async kill() {
      child.kill("SIGKILL");
      return await exited;
    },
  };
  return { process: worker, ready };
}

/** Starts `count` worker processes on `queue` and waits until all of them serve. */
export async function startWorkerProcesses(
  count: number,
  args: string[],
  env: Record<string, string>,
): Promise<WorkerProcess[]> {
  const started = Array.from({ length: count }, () => spawnWorkerProcess(args, env));
  try {
    await Promise.all(started.map((s) => s.ready));
  } catch (error) {
    await Promise.all(started.map((s) => s.process.kill()));
    throw error;
  }
  return started.map((s) => s.process);
}
