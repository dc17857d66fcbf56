/**
 * How `ps` and `pstree` write a frame of a task's stack: `main /app/main.ts:12`, as Python's
 * tools write `main example.py:13`, or the bare name when no location was recorded.
 */
import { fileURLToPath } from "node:url";
import type { StackFrame } from "@asyncio/tasks";

function shownPath(fileName: string): string {
  if (!fileName.startsWith("file://")) return fileName;
  try {
    return fileURLToPath(fileName);
  } catch {
    // Not a valid file URL after all: show it as V8 wrote it.
    return fileName;
  }
}

/** `name file:line`, or `name`. */
export function frameLabel(frame: StackFrame): string {
  if (frame.fileName === null) return frame.name;
  return `${frame.name} ${shownPath(frame.fileName)}:${frame.lineNumber}`;
}

/** `file:line` of the innermost frame with a location, or `""`. */
export function location(stack: readonly StackFrame[]): string {
  const located = stack.find((frame) => frame.fileName !== null);
  return located === undefined || located.fileName === null
    ? ""
    : `${shownPath(located.fileName)}:${located.lineNumber}`;
}

/** Python's `0x…` form of a task id. */
export function hexId(id: number): string {
  return `0x${id.toString(16)}`;
}
