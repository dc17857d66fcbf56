/**
 * Python's exit statuses for the two errors that escape the event loop. An uncaught
 * `KeyboardInterrupt` ends a Python program with 130 (the status of death by SIGINT) after its
 * traceback; an uncaught `SystemExit(code)` ends it with `code`, silently (a string code is
 * printed and the status is 1). Node would exit with 1 for both; the loop installs this once
 * per process, the first time a loop runs. A program with its own `uncaughtException` listener
 * decides for itself.
 */

import { isKeyboardInterrupt, isSystemExit } from "@asyncio/futures";
import { hostProcess } from "#process-host";

const installedKey = Symbol.for("@asyncio/exit-codes");
const globals = globalThis as unknown as Record<symbol, boolean | undefined>;

/** The status Python exits with for `SystemExit(code)`. */
function systemExitStatus(code: unknown): number {
  if (code === null || code === undefined) return 0;
  if (typeof code === "number" && Number.isInteger(code)) return code & 0xff;
  return 1;
}

function onUncaught(error: unknown): void {
  const process = hostProcess as NodeJS.Process;
  if (process.listenerCount("uncaughtException") > 0) return;
  if (isSystemExit(error)) {
    const code = (error as { code?: unknown }).code;
    if (code !== null && code !== undefined && typeof code !== "number") {
      process.stderr.write(`${String(code)}\n`);
    }
    process.exit(systemExitStatus(code));
  }
  if (isKeyboardInterrupt(error)) {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(130);
  }
}

/** Installs the exit statuses (once per process; none where there is no process, as in a page). */
export function installExitStatuses(): void {
  const process = hostProcess;
  if (globals[installedKey] === true || typeof process?.on !== "function") return;
  globals[installedKey] = true;
  process.on("uncaughtExceptionMonitor", onUncaught);
}
