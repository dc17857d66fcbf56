/**
 * Python 3.14's `asyncio.graph`: the async call graph of a task or Future — where it is
 * suspended and, transitively, who awaits it — to capture as data or print in Python's layout.
 *
 * A task's own call stack comes from V8 when the task is the one running (`captureCallGraph()`
 * from inside it). For a suspended task only what was recorded is known: the frames of its
 * `await` in debug mode (see `suspension-sites.ts`), else the name of its coroutine.
 */
import { type Future, isFuture, peekRunningLoop, RuntimeError } from "@asyncio/futures";
import { describe, executionFrames } from "@asyncio/futures/contract";
import { isTask } from "../task.js";
import { recordedWaiters } from "./awaited-by.js";
import {
  graphIdOf,
  type LiveTaskGraphSnapshot,
  type SnapshotNode,
  takeTaskSnapshot,
} from "./snapshot.js";
import {
  type CapturedStack,
  captureStack,
  displayFileName,
  framesOf,
  joinAwaiter,
  programFrames,
  type StackFrame,
} from "./stack-frames.js";
import { currentAwaiterSite } from "./suspension-sites.js";

/** How many frames of the running task's stack are read. */
const STACK_FRAMES = 50;

/** One frame of a call stack (Python's `FrameCallGraphEntry`, whose `frame` is a frame object). */
export class FrameCallGraphEntry {
  readonly frame: StackFrame;

  constructor(frame: StackFrame) {
    this.frame = frame;
  }
}

/** A Future or Task, where it is suspended, and the graphs of those awaiting it. */
export class FutureCallGraph {
  readonly future: Future<unknown>;
  /** Innermost frame first. */
  readonly callStack: readonly FrameCallGraphEntry[];
  readonly awaitedBy: readonly FutureCallGraph[];

  constructor(
    future: Future<unknown>,
    callStack: readonly FrameCallGraphEntry[],
    awaitedBy: readonly FutureCallGraph[],
  ) {
    this.future = future;
    this.callStack = callStack;
    this.awaitedBy = awaitedBy;
  }
}

/** Options of `captureCallGraph` and `formatCallGraph`: where the stack starts, how much of it. */
export interface CallGraphOptions {
  /**
   * For the running task: how many frames to skip from the top of the stack (1, the default,
   * starts at the caller of `captureCallGraph`).
   */
  depth?: number;
  /**
   * Keep at most `|limit|` frames of each call stack: the outermost ones when positive, the
   * innermost when negative; 0 keeps none (only the "awaited by" graph).
   */
  limit?: number | null;
}

/** Options of `printCallGraph`: those of `formatCallGraph`, and where to write. */
export interface PrintCallGraphOptions extends CallGraphOptions {
  /** Where to write; `process.stdout` by default (the console where there is no process). */
  file?: { write(text: string): unknown };
}

function checkOptions(options: unknown, where: string): { depth: number; limit: number | null } {
  if (options === undefined) return { depth: 1, limit: null };
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where} options must be an object, got ${describe(options)}`);
  }
  const { depth = 1, limit = null } = options as CallGraphOptions;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) {
    throw new TypeError(`${where} depth must be a non-negative integer, got ${describe(depth)}`);
  }
  if (limit !== null && (typeof limit !== "number" || !Number.isInteger(limit))) {
    throw new TypeError(`${where} limit must be an integer or null, got ${describe(limit)}`);
  }
  return { depth, limit };
}

/** Python's rule: a positive limit keeps the outermost frames, a negative one the innermost. */
function limited(frames: readonly StackFrame[], limit: number | null): readonly StackFrame[] {
  if (limit === null) return frames;
  if (limit === 0) return [];
  return limit > 0 ? frames.slice(Math.max(0, frames.length - limit)) : frames.slice(0, -limit);
}

function entries(frames: readonly StackFrame[], limit: number | null): FrameCallGraphEntry[] {
  return limited(frames, limit).map((frame) => new FrameCallGraphEntry(frame));
}

/** What a graph is built from: the snapshot, and the live stack of the running task. */
interface Source {
  readonly snapshot: LiveTaskGraphSnapshot;
  readonly limit: number | null;
  readonly running: { readonly id: number; readonly stack: readonly StackFrame[] } | null;
}

/** The graphs of the nodes awaiting `node`; a task seen higher up the path (a cycle) ends it. */
function awaitersOf(source: Source, node: SnapshotNode, path: Set<number>): FutureCallGraph[] {
  const graphs: FutureCallGraph[] = [];
  for (const id of node.awaitedBy) {
    const awaiter = source.snapshot.nodes.find((each) => each.id === id);
    if (awaiter === undefined) continue;
    graphs.push(graphOf(source, awaiter, path));
  }
  return graphs;
}

function graphOf(source: Source, node: SnapshotNode, path: Set<number>): FutureCallGraph {
  const future = source.snapshot.objects.get(node.id) as Future<unknown>;
  // The running task's stack is the live one rather than its name.
  const stack = source.running?.id === node.id ? source.running.stack : node.stack;
  const callStack = entries(stack, source.limit);
  if (path.has(node.id)) return new FutureCallGraph(future, callStack, []);
  path.add(node.id);
  const awaitedBy = awaitersOf(source, node, path);
  path.delete(node.id);
  return new FutureCallGraph(future, callStack, awaitedBy);
}

/** The running task's stack below `captureCallGraph`'s caller (skipping `depth - 1` more). */
function runningStack(task: object, depth: number, capture: CapturedStack): StackFrame[] {
  const { frames, end } = programFrames(framesOf(capture), depth);
  if (end === "task") return frames;
  const awaiter = currentAwaiterSite(task);
  return awaiter === null ? frames : joinAwaiter(frames, awaiter);
}

/**
 * The call graph of `future` — by default of the running task — or `null` when no future is
 * given and no task is running. `RuntimeError` outside a running loop without a future;
 * `TypeError` for something that isn't a Future.
 *
 * @example
 * ```ts
 * const graph = captureCallGraph(task);
 * for (const parent of graph?.awaitedBy ?? []) console.log("awaited by", parent.future.toString());
 * ```
 */
export function captureCallGraph(
  future?: Future<unknown> | null,
  options?: CallGraphOptions,
): FutureCallGraph | null {
  const { depth, limit } = checkOptions(options, "captureCallGraph()");
  const holder = captureStack(captureCallGraph, STACK_FRAMES);
  return captureFrom(future, depth, limit, holder, "captureCallGraph()");
}

function captureFrom(
  future: Future<unknown> | null | undefined,
  depth: number,
  limit: number | null,
  capture: CapturedStack,
  where: string,
): FutureCallGraph | null {
  const loop = peekRunningLoop();
  const frame = executionFrames.getStore();
  const running = frame === undefined ? null : frame._task;
  const current = loop !== null && isTask(running) && running._loop === loop ? running : null;
  if (future === undefined || future === null) {
    if (loop === null) {
      throw new RuntimeError(
        `${where} is called outside of a running event loop and no future to introspect was provided`,
      );
    }
    if (current === null) return null;
    future = current;
  }
  if (!isFuture(future)) {
    throw new TypeError(
      `${where}: ${describe(future)} object does not appear to be compatible with asyncio.Future`,
    );
  }
  const snapshot = takeTaskSnapshot();
  const source: Source = {
    snapshot,
    limit,
    // The running task's live stack, `depth - 1` frames below the caller skipped.
    running:
      current === null
        ? null
        : { id: graphIdOf(current), stack: runningStack(current, depth - 1, capture) },
  };
  const id = graphIdOf(future);
  const found = snapshot.nodes.find((each) => each.id === id);
  if (found !== undefined) return graphOf(source, found, new Set());
  // A Future no task awaits (or a finished one): only the waiters recorded for it await it.
  const stack = source.running?.id === id ? source.running.stack : [];
  const awaitedBy = recordedWaiters(future).map((waiter) => {
    const node = snapshot.nodes.find((each) => each.id === graphIdOf(waiter));
    return node === undefined
      ? new FutureCallGraph(waiter as Future<unknown>, [], [])
      : graphOf(source, node, new Set([id]));
  });
  return new FutureCallGraph(future, entries(stack, limit), awaitedBy);
}

/** `'text'`, as Python's `repr()` of a string. */
function pythonRepr(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `'${text.replaceAll("'", "\\'")}'`;
}

/** One line of a call stack, in Python's words: `File '/app/main.ts', line 12, in async main()`. */
export function formatFrame(frame: StackFrame): string {
  const what = `${frame.isAsync ? "async " : ""}${frame.name}()`;
  if (frame.fileName === null) return what;
  return `File ${pythonRepr(displayFileName(frame.fileName))}, line ${frame.lineNumber}, in ${what}`;
}

/** `id=0x…`: the graph's number for the object, in Python's hexadecimal form. */
function objectId(future: Future<unknown>): string {
  return `0x${graphIdOf(future).toString(16)}`;
}

function render(graph: FutureCallGraph, lines: string[], level: number): void {
  const indent = "    ".repeat(level);
  const future = graph.future;
  lines.push(
    isTask(future)
      ? `${indent}* Task(name=${pythonRepr(future.getName())}, id=${objectId(future)})`
      : `${indent}* Future(id=${objectId(future)})`,
  );
  if (graph.callStack.length > 0) {
    lines.push(`${indent}  + Call stack:`);
    for (const entry of graph.callStack) lines.push(`${indent}  |   ${formatFrame(entry.frame)}`);
  }
  if (graph.awaitedBy.length > 0) {
    lines.push(`${indent}  + Awaited by:`);
    for (const parent of graph.awaitedBy) render(parent, lines, level + 1);
  }
}

/**
 * The call graph of `future` (by default the running task) as text in Python's layout, or `""`
 * when there is none.
 *
 * @example
 * ```ts
 * console.log(formatCallGraph(task));
 * // * Task(name='worker', id=0x3)
 * //   + Call stack:
 * //   |   async sleep()
 * //   |   File '/app/main.ts', line 7, in async work()
 * //   + Awaited by:
 * //       * Task(name='Task-1', id=0x1)
 * ```
 */
export function formatCallGraph(
  future?: Future<unknown> | null,
  options?: CallGraphOptions,
): string {
  const { depth, limit } = checkOptions(options, "formatCallGraph()");
  const holder = captureStack(formatCallGraph, STACK_FRAMES);
  const graph = captureFrom(future, depth, limit, holder, "formatCallGraph()");
  if (graph === null) return "";
  const lines: string[] = [];
  render(graph, lines, 0);
  return lines.join("\n");
}

/**
 * Prints the call graph of `future` (by default the running task) in Python's layout, to
 * `options.file` or standard output.
 */
export function printCallGraph(
  future?: Future<unknown> | null,
  options?: PrintCallGraphOptions,
): void {
  const { depth, limit } = checkOptions(options, "printCallGraph()");
  const file = options?.file ?? standardOutput();
  if (typeof file?.write !== "function") {
    throw new TypeError(`printCallGraph() file must have a write() method, got ${describe(file)}`);
  }
  const holder = captureStack(printCallGraph, STACK_FRAMES);
  const graph = captureFrom(future, depth, limit, holder, "printCallGraph()");
  const lines: string[] = [];
  if (graph !== null) render(graph, lines, 0);
  file.write(`${lines.join("\n")}\n`);
}

/** `process.stdout`, or the console in a runtime without a process (a browser page). */
function standardOutput(): { write(text: string): unknown } {
  const process = (globalThis as { process?: { stdout?: { write(text: string): unknown } } })
    .process;
  if (process?.stdout !== undefined) return process.stdout;
  return { write: (text: string) => console.log(text.endsWith("\n") ? text.slice(0, -1) : text) };
}
