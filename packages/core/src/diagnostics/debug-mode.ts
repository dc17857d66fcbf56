/**
 * Debug mode for the whole process, beyond what each loop does in debug mode itself (timing its
 * callbacks and steps): where tasks are made and suspend (the call graph's frames), coroutines
 * never awaited, tasks blocking the loop outside their steps, tasks whose blocked code a
 * cancellation had to detach, hung shutdowns (`debug-tools.ts`). It costs (a stack per Promise
 * a task makes), so it runs only while a loop runs in debug mode — `run(main, { debug: true })`,
 * `loop.setDebug(true)` — or for the whole process when the `ASYNCIO_DEBUG` environment variable
 * is set (Python's `PYTHONASYNCIODEBUG`), which also starts every new loop in debug mode.
 *
 * Its tools are loaded the first time debug mode starts, not with the library: a program that
 * never debugs doesn't pay for loading them. A loop that starts in debug mode waits for them.
 */
import { hostProcess } from "#process-host";
import type { DebugTools } from "./debug-tools.js";

/** The environment variable that turns debug mode on, as Python's `PYTHONASYNCIODEBUG`. */
export const DEBUG_ENVIRONMENT_VARIABLE = "ASYNCIO_DEBUG";

/**
 * Whether the environment asks for debug mode (any non-empty value, as Python reads its own); a
 * runtime without a process (a browser page) has no environment to ask.
 */
export function debugFromEnvironment(): boolean {
  const value = hostProcess?.env[DEBUG_ENVIRONMENT_VARIABLE];
  return value !== undefined && value !== "";
}

let tools: DebugTools | null = null;
let loading: Promise<DebugTools> | null = null;
let users = 0;

function load(): Promise<DebugTools> {
  loading ??= import("./debug-tools.js").then(({ createDebugTools }) => {
    tools = createDebugTools();
    if (users > 0) tools.start();
    return tools;
  });
  return loading;
}

/** The tools, once loaded (`null` before debug mode first started). */
export function debugTools(): DebugTools | null {
  return tools;
}

/**
 * A loop starts running in debug mode (counted: each needs its own `debugStopped`). Returns
 * `null` when the tools run already, else the Promise of their loading, to wait for.
 */
export function debugStarted(): Promise<unknown> | null {
  users++;
  if (tools === null) return load();
  if (users === 1) tools.start();
  return null;
}

/** A loop stopped running in debug mode, or left it. */
export function debugStopped(): void {
  if (users === 0 || --users > 0) return;
  tools?.stop();
}

// With the environment switch, from the start: coroutines made before any loop runs are watched
// (once the tools have loaded, which happens while the program's modules are evaluated).
if (debugFromEnvironment()) void debugStarted();
