/**
 * The process the loop lives in, where `node:os` and `node:worker_threads` can't be imported (a
 * browser page): there is no process, so no signals, no Ctrl-C handling and no exit status. The
 * loop runs all the same; `addSignalHandler` says why it can't.
 */

/** The process, or `null` where the runtime has none. */
export const hostProcess: NodeJS.Process | null = null;

/** The signal numbers by name, or `null` where the runtime has no signals. */
export const signalNumbers: Readonly<Record<string, number>> | null = null;

/** Whether this is the process's main thread (a worker thread leaves Ctrl-C to it). */
export const isMainThread: boolean = true;
