// The functions the executor suite of @asyncio/testkit submits to an executor. Plain JavaScript
// that imports only Node's own modules, so that a worker thread or a worker process on the same
// machine imports it by URL with no loader. A call that must wait for the test blocks on a gate:
// a directory the test made, where the call writes `started` and waits for `release`.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How often a blocked call looks at its gate (milliseconds); it only bounds the reaction time. */
const POLL_MS = 2;

function pause() {
  return new Promise((resolve) => setTimeout(resolve, POLL_MS));
}

export function add(a, b) {
  return a + b;
}

export async function addLater(a, b) {
  await pause();
  return a + b;
}

export function echo(value) {
  return value;
}

/** An error with a name of its own, a field of its own and a cause, as errors that cross must keep. */
export class SuiteError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "SuiteError";
    this.code = "E_SUITE";
  }
}

export function fail(message) {
  throw new SuiteError(message, { cause: new RangeError("the cause") });
}

/** Leaves a mark that the call ran, for a test that checks that it never did. */
export function markRan(gate) {
  writeFileSync(join(gate, "ran"), "");
  return "ran";
}

/** Says it started, waits until the test releases it, says it finished, returns `value`. */
export async function blockUntilReleased(gate, value) {
  writeFileSync(join(gate, "started"), String(process.pid));
  while (!existsSync(join(gate, "release"))) await pause();
  writeFileSync(join(gate, "finished"), "");
  return value;
}

/**
 * As `blockUntilReleased`, for the cooperative policy: the executor passes the call's
 * `AbortSignal` first. Once it is aborted the call writes `aborted` and throws its reason.
 */
export async function blockCooperatively(signal, gate) {
  writeFileSync(join(gate, "started"), String(process.pid));
  while (!existsSync(join(gate, "release"))) {
    if (signal.aborted) {
      writeFileSync(join(gate, "aborted"), "");
      signal.throwIfAborted();
    }
    await pause();
  }
  writeFileSync(join(gate, "finished"), "");
  return "released";
}
