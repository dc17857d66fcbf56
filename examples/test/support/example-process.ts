/**
 * Runs a built example the way a user does — `node examples/dist/<name>.js` — in a child process
 * with the Node that runs the tests, and collects what it prints, line by line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIST = new URL("../../dist/", import.meta.url);

/** How a process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A finished example: its exit, its stdout as lines and its stderr as text. */
export interface Finished extends Exit {
  readonly stdout: string[];
  readonly stderr: string;
}

/** The path of a built example, or an error telling how to build it. */
export function builtExample(script: string): string {
  const path = fileURLToPath(new URL(script, DIST));
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build the examples first (pnpm build)`);
  }
  return path;
}

/** A running example whose stdout lines can be awaited one at a time. */
export class ExampleProcess {
  readonly child: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: string[] = [];
  stderr = "";
  /** Settles when the process has exited and its output streams have ended. */
  readonly exited: Promise<Exit>;
  private read = 0;
  private partial = "";
  private wakeReader: (() => void) | null = null;
  private ended = false;

  constructor(script: string, args: readonly string[] = []) {
    this.child = spawn(process.execPath, [builtExample(script), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (this.partial + chunk).split("\n");
      this.partial = parts.pop() ?? "";
      this.lines.push(...parts);
      this.wake();
    });
    this.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.once("error", reject);
      this.child.once("close", (code, signal) => {
        if (this.partial !== "") this.lines.push(this.partial);
        this.partial = "";
        this.ended = true;
        this.wake();
        resolve({ code, signal });
      });
    });
  }

  /** The next stdout line not yet returned; fails if the process ends first. */
  async nextLine(): Promise<string> {
    for (;;) {
      const line = this.lines[this.read];
      if (line !== undefined) {
        this.read++;
        return line;
      }
      if (this.ended) {
        throw new Error(
          `the example ended before printing another line; stdout:\n${this.lines.join("\n")}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  private wake(): void {
    const wake = this.wakeReader;
    this.wakeReader = null;
    wake?.();
  }
}

/** Runs an example to its end. */
export async function runExample(script: string, args: readonly string[] = []): Promise<Finished> {
  const example = new ExampleProcess(script, args);
  const exit = await example.exited;
  return { ...exit, stdout: example.lines, stderr: example.stderr };
}
