/**
 * Where something happened, in debug mode's reports: frames written as Python writes a traceback
 * — outermost call first, "most recent call last".
 */
import type { StackFrame } from "@asyncio/tasks";

/** A file URL (what V8 shows for an ES module) as a path; anything else as it is. */
function displayed(fileName: string): string {
  if (!fileName.startsWith("file://") || fileURLToPath === null) return fileName;
  try {
    return fileURLToPath(fileName);
  } catch {
    // Not a valid file URL after all: show it as V8 wrote it.
    return fileName;
  }
}

// `node:url` is asked for where the runtime offers Node's modules, so that a browser bundle
// doesn't import it. (The same as `displayFileName` of `@asyncio/tasks/graph`, repeated so that
// formatting an exception's context doesn't load the call-graph modules.)
const fileURLToPath: ((url: string) => string) | null = findFileURLToPath();

function findFileURLToPath(): ((url: string) => string) | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  if (typeof process?.getBuiltinModule !== "function") return null;
  try {
    const url = process.getBuiltinModule("node:url") as
      | { fileURLToPath?: (url: string) => string }
      | undefined;
    return typeof url?.fileURLToPath === "function" ? url.fileURLToPath : null;
  } catch {
    // A runtime that names the function but lacks the module: show file URLs as they are.
    return null;
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
