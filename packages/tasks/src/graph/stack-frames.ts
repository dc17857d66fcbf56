/**
 * V8's stack traces, read as the frames of a call graph. A task's code is started and resumed by
 * the library's machinery (the loop runs a handle, which starts the body through `startBody`, a
 * lazy coroutine through `Coroutine._start`...); those frames say nothing about the program, so
 * they are cut away and the frames of the program's own functions — and of the library's
 * coroutines it awaits, as Python shows `TaskGroup.__aexit__` — are what remains.
 */

/** One frame of a call stack, as a call graph shows it. */
export interface StackFrame {
  /** The function's name (`<anonymous>` when it has none). */
  readonly name: string;
  /** The file (a URL for ES modules), or `null` for a frame with no location. */
  readonly fileName: string | null;
  readonly lineNumber: number | null;
  readonly columnNumber: number | null;
  /** An `async` function suspended at an `await`, rather than a function on the running stack. */
  readonly isAsync: boolean;
}

/**
 * A stack captured now and read later: V8 keeps its frames and builds them only when read, so a
 * capture costs little until someone looks.
 */
export interface CapturedStack {
  stack?: unknown;
}

/** Captures the stack below `skipping` (that function's frame and those above it are left out). */
export function captureStack(
  skipping: (...args: never[]) => unknown,
  limit: number,
): CapturedStack {
  const holder: CapturedStack = {};
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = limit;
  Error.captureStackTrace(holder, skipping);
  Error.stackTraceLimit = saved;
  return holder;
}

/** A function's name as V8 shows it: `main`, `Task._firstStep`, `new Worker`. */
function siteName(site: NodeJS.CallSite): string {
  const name = site.getFunctionName() ?? "<anonymous>";
  if (site.isConstructor()) return `new ${name}`;
  const type = site.getTypeName();
  // A coroutine's body runs as a method of its `Coroutine` object: it is the program's function.
  if (
    type === null ||
    type === "Object" ||
    type === "Coroutine" ||
    type === "FastCoroutine" ||
    site.isToplevel() ||
    name.startsWith(`${type}.`)
  ) {
    return name;
  }
  return `${type}.${name}`;
}

function frameOf(site: NodeJS.CallSite): StackFrame {
  const file = site.getFileName() ?? site.getScriptNameOrSourceURL();
  return {
    name: siteName(site),
    fileName: file === null || file === "" ? null : file,
    lineNumber: site.getLineNumber(),
    columnNumber: site.getColumnNumber(),
    isAsync: site.isAsync(),
  };
}

/**
 * The frames of a captured stack, innermost first. Read through V8's structured call sites, not
 * the text, which a source-map tool or a test runner may format differently.
 */
export function framesOf(captured: CapturedStack): StackFrame[] {
  const saved = Error.prepareStackTrace;
  Error.prepareStackTrace = (_error, sites) => sites;
  let sites: unknown;
  try {
    sites = captured.stack;
  } finally {
    Error.prepareStackTrace = saved;
  }
  return Array.isArray(sites) ? (sites as NodeJS.CallSite[]).map(frameOf) : [];
}

/** Node's own code. */
export function isNodeInternal(frame: StackFrame): boolean {
  const file = frame.fileName;
  return file !== null && (file.startsWith("node:") || file.startsWith("internal/"));
}

/**
 * A file of one of the library's packages (in this repository or installed), as opposed to the
 * program's own code.
 */
const LIBRARY_FILE =
  /[\\/](?:packages|@asyncio)[\\/](?:all|bullmq|compat|core|futures|inspect|locks|queues|streams|subprocess|tasks|to-thread)[\\/](?:src|dist)[\\/]/;

/** Whether `frame` is in one of the library's own files, not in the program's code. */
export function isLibraryFrame(frame: StackFrame): boolean {
  return frame.fileName !== null && LIBRARY_FILE.test(frame.fileName);
}

/** The function's own name, without its receiver's class (`Task._firstStep` is `_firstStep`). */
function baseName(frame: StackFrame): string {
  return frame.name.slice(frame.name.lastIndexOf(".") + 1);
}

/** Where the code of a task begins: below these frames only the loop and the task machinery run. */
const TASK_START = new Set(["startBody", "runBody", "_firstStep", "eagerStep"]);

/**
 * Frames of the library's plumbing between two frames of the program (the bodies of `asyncWith`
 * and `timeout(delay, body)`, which are Python's `async with` statement; running user code behind
 * a boundary, or in a context): skipped, the frames around them kept.
 */
const PLUMBING = new Set([
  "runWith",
  "runUsing",
  "runInTimeout",
  "callStartingCoroutine",
  "callAtBoundary",
  "Context.run",
  "Boundary.wait",
]);

/** How a captured stack ends, once the frames of the program are taken from it. */
export type StackEnd =
  /** At the start of the task's body: nothing above it. */
  | "task"
  /**
   * At a lazy coroutine that an `await` started: V8 doesn't follow that `await` on every
   * version, so the awaiter is found elsewhere.
   */
  | "awaited"
  /** The stack ends (a resumed `async` function, or a truncated trace). */
  | "end";

/**
 * The program's frames of a stack captured inside a task's code, innermost first, and how the
 * stack ended. `skipTop` frames are dropped first (the capturing code's own).
 */
export function programFrames(
  frames: readonly StackFrame[],
  skipTop = 0,
): { frames: StackFrame[]; end: StackEnd } {
  const kept: StackFrame[] = [];
  for (let i = skipTop; i < frames.length; i++) {
    const frame = frames[i] as StackFrame;
    // Node's own frames (running code in a context, the microtask queue) tell nothing.
    if (isNodeInternal(frame)) continue;
    const library = isLibraryFrame(frame);
    if (library && TASK_START.has(baseName(frame))) return { frames: kept, end: "task" };
    if (library && baseName(frame) === "_start") {
      // Below a coroutine's `_start`: `startBody` (its task started it) or an awaiting `then()`.
      const below = frames[i + 1];
      if (below === undefined || baseName(below) !== "then") return { frames: kept, end: "task" };
      // Some V8 versions show the awaiting functions after the `then()` (as `async` frames):
      // keep them; the awaiter found elsewhere is merged with them.
      for (let j = i + 2; j < frames.length; j++) {
        const next = frames[j] as StackFrame;
        if (!next.isAsync) break;
        kept.push(next);
      }
      return { frames: kept, end: "awaited" };
    }
    if (library && PLUMBING.has(frame.name)) continue;
    kept.push(frame);
  }
  return { frames: kept, end: "end" };
}

/**
 * The frames of code inside a lazy coroutine, followed by those of the `await` that started the
 * coroutine. Where V8 already showed that awaiter as an `async` frame, the awaiter's frames
 * replace it (they go on further).
 */
export function joinAwaiter(
  frames: readonly StackFrame[],
  awaiter: readonly StackFrame[],
): StackFrame[] {
  const top = awaiter[0];
  const overlap =
    top === undefined
      ? -1
      : frames.findIndex(
          (frame) =>
            frame.isAsync &&
            frame.name === top.name &&
            frame.fileName === top.fileName &&
            frame.lineNumber === top.lineNumber,
        );
  return [...(overlap < 0 ? frames : frames.slice(0, overlap)), ...awaiter];
}

/** A file URL as a path (what a stack trace shows for ES modules); anything else as it is. */
export function displayFileName(fileName: string): string {
  if (!fileName.startsWith("file://") || fileURLToPath === null) return fileName;
  try {
    return fileURLToPath(fileName);
  } catch {
    // Not a valid file URL after all: show it as V8 wrote it.
    return fileName;
  }
}

// `node:url` is asked for when the runtime offers Node's modules, so that a browser bundle
// doesn't import it; a page shows file URLs as they are (its stacks hold http URLs anyway).
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
