/** How a child process is named where virtual time says what holds it: `process 42 (sleep 1)`. */
import type { ChildProcess } from "node:child_process";

const LONGEST_COMMAND = 60;

export function describeChild(child: ChildProcess): string {
  let command = child.spawnargs.join(" ");
  if (command.length > LONGEST_COMMAND) command = `${command.slice(0, LONGEST_COMMAND - 3)}...`;
  return child.pid === undefined ? `process (${command})` : `process ${child.pid} (${command})`;
}
