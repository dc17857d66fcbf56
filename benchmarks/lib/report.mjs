// Helpers for the row scripts: every script prints exactly one JSON line on stdout.
import { performance } from "node:perf_hooks";

/** Seconds since an arbitrary origin, with sub-millisecond resolution. */
export const now = () => performance.now() / 1000;

/** Prints a throughput result: `ops` operations done in `seconds`. */
export function reportOps(ops, seconds) {
  process.stdout.write(`${JSON.stringify({ ops, seconds })}\n`);
}

/** Prints a memory result: `bytes` retained by `ops` live objects. */
export function reportBytes(ops, bytes) {
  process.stdout.write(`${JSON.stringify({ ops, bytes })}\n`);
}

/** Heap used after a full collection; the script must run with `--expose-gc`. */
export function heapUsedAfterGc() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}
