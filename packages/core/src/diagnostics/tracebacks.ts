/**
 * Where something happened, in debug mode's reports: frames written as Python writes a traceback
 * — outermost call first, "most recent call last".
 */
import { fileURLToPath } from "node:url";
import type { StackFrame } from "@asyncio/tasks";

/** A file URL (what V8 shows for an ES module) as a path; anything else as it is. */
function displayed(fileName: string): string {
  if (!fileName.startsWith("file://")) return fileName;
  try {
    return fileURLToPath(fileName);
  } catch {
    // Not a valid file URL after all: show it as V8 wrote it.
    return fileName;
  }
}

/**
 * `  File "/app/main.ts", line 12, in main` lines, from frames given innermost first; `""` when no
 * frame has a location.
 */
export function formatTraceback(frames: readonly StackFrame[]): string {
  const lines: string[] = [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i] as StackFrame;
    if (frame.fileName === null) continue;
    lines.push(`  File "${displayed(frame.fileName)}", line ${frame.lineNumber}, in ${frame.name}`);
  }
  return lines.join("\n");
}
