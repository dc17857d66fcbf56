/**
 * For servers where the inspector is not allowed: dump the task tree (or, when tasks wait on
 * each other, the cycles, then the table) to stderr when the process gets a signal —
 * `kill -USR2 PID` by default (SIGUSR1 is Node's own, for the inspector).
 */
import { takeTaskSnapshot } from "@asyncio/tasks";
import { formatTaskTable } from "./task-table.js";
import { AwaitCycleError, formatTaskTree } from "./task-tree.js";

/** Options of `dumpTasksOnSignal`. */
export interface DumpOnSignalOptions {
  /** Where to write; `process.stderr` by default. */
  readonly file?: { write(text: string): unknown };
}

/** The dump: the tree of who awaits whom and the table of tasks (the cycles if there are any). */
export function formatTaskDump(): string {
  const snapshot = takeTaskSnapshot();
  let tree: string;
  try {
    tree = formatTaskTree(snapshot);
  } catch (error) {
    if (!(error instanceof AwaitCycleError)) throw error;
    tree = `ERROR: ${error.message}`;
  }
  return `${tree}\n\n${formatTaskTable(snapshot)}\n`;
}

/**
 * Writes `formatTaskDump()` each time the process gets `signal`; returns what stops it. The
 * handler runs as the signal's Node callback: between two steps of the loop, never inside one.
 */
export function dumpTasksOnSignal(
  signal: NodeJS.Signals = "SIGUSR2",
  options: DumpOnSignalOptions = {},
): () => void {
  if (typeof signal !== "string" || !signal.startsWith("SIG")) {
    throw new TypeError(
      `signal must be a signal name such as "SIGUSR2", got ${JSON.stringify(signal)}`,
    );
  }
  const file = options.file ?? process.stderr;
  if (typeof file?.write !== "function") {
    throw new TypeError("dumpTasksOnSignal() file must have a write() method");
  }
  const dump = (): void => {
    file.write(formatTaskDump());
  };
  process.on(signal, dump);
  return () => {
    process.off(signal, dump);
  };
}
