/**
 * The `asyncio-ps` and `asyncio-pstree` commands, as functions of their arguments and output
 * streams (the bin files only call them), so that they can be run in-process.
 */
import type { TaskGraphSnapshot } from "@asyncio/tasks";
import { inspectProcess } from "../attach.js";
import { formatTaskTable } from "../task-table.js";
import { AwaitCycleError, formatTaskTree } from "../task-tree.js";
import { frameLabel } from "./frames.js";

interface Output {
  write(text: string): unknown;
}

/**
 * The code running now, when the snapshot was taken inside it (a callback or step that holds the
 * loop); `""` when the program was idle between steps.
 */
function busy(snapshot: TaskGraphSnapshot): string {
  const frames = snapshot.runningStack ?? [];
  if (frames.length === 0) return "";
  const lines = frames.map((frame) => `  ${frameLabel(frame)}`);
  return `\nthe loop is busy running (innermost first):\n${lines.join("\n")}\n`;
}

interface Parsed {
  readonly pid: number;
  readonly port: number | undefined;
}

function usage(command: string): string {
  return `usage: ${command} [--port PORT] PID`;
}

function parse(command: string, args: readonly string[]): Parsed | string {
  let pid: number | undefined;
  let port: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--port") {
      const value = args[++i];
      port = Number(value);
      if (value === undefined || !Number.isInteger(port) || port <= 0 || port > 65535) {
        return `${command}: --port must be a port number, got ${JSON.stringify(value ?? "")}`;
      }
    } else if (pid === undefined && /^\d+$/.test(arg) && Number(arg) > 0) pid = Number(arg);
    else return `${command}: unexpected argument ${JSON.stringify(arg)}`;
  }
  if (pid === undefined) return `${command}: a PID is needed`;
  return { pid, port };
}

async function runCommand(
  command: string,
  args: readonly string[],
  stdout: Output,
  stderr: Output,
  format: (snapshot: TaskGraphSnapshot) => string,
): Promise<number> {
  const parsed = parse(command, args);
  if (typeof parsed === "string") {
    stderr.write(`${parsed}\n\n${usage(command)}\n`);
    return 2;
  }
  try {
    const snapshot = await inspectProcess(
      parsed.pid,
      parsed.port === undefined ? {} : { port: parsed.port },
    );
    stdout.write(`${format(snapshot)}\n${busy(snapshot)}`);
    return 0;
  } catch (error) {
    // Plain Promise code, no task: nothing here can be a CancelledError.
    if (error instanceof AwaitCycleError) {
      stderr.write(`ERROR: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && error.name === "InspectError") {
      stderr.write(`${command}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `asyncio-ps PID`: the table of the process's tasks. Returns the exit status. */
export function psCommand(
  args: readonly string[],
  stdout: Output,
  stderr: Output,
): Promise<number> {
  return runCommand("asyncio-ps", args, stdout, stderr, formatTaskTable);
}

/** `asyncio-pstree PID`: the tree of who awaits whom, or the cycles. Returns the exit status. */
export function pstreeCommand(
  args: readonly string[],
  stdout: Output,
  stderr: Output,
): Promise<number> {
  return runCommand("asyncio-pstree", args, stdout, stderr, formatTaskTree);
}
