/**
 * The process the loop lives in, on Node, Deno and Bun: its signals (by name and number), its
 * events (`SIGINT`, uncaught errors) and its exit status. `process-host-portable.ts` is the same
 * where there is no process (a browser).
 */
import { constants } from "node:os";
import { isMainThread as mainThread } from "node:worker_threads";

/** The process, or `null` where the runtime has none. */
export const hostProcess: NodeJS.Process | null = process;

/** The signal numbers by name, or `null` where the runtime has no signals. */
export const signalNumbers: Readonly<Record<string, number>> | null = constants.signals as Record<
  string,
  number
>;

/** Whether this is the process's main thread (a worker thread leaves Ctrl-C to it). */
export const isMainThread: boolean = mainThread;
