import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestLoop, withTestLoop } from "@asyncio/core/testing";
import { Future, getRunningLoop } from "@asyncio/futures";
import { afterAll, onTestFinished } from "vitest";
import type { Server } from "../src/server.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const enc = (text: string): Uint8Array => encoder.encode(text);
export const dec = (bytes: Uint8Array): string => decoder.decode(bytes);

/** Real I/O needs real time. */
export function ioTest<T>(
  body: (testLoop: TestLoop) => T | PromiseLike<T>,
  options: { allowReports?: boolean } = {},
): Promise<T> {
  let loop: TestLoop["loop"] | null = null;
  const result = withTestLoop(
    (testLoop) => {
      loop = testLoop.loop;
      return body(testLoop);
    },
    { realTime: true, ...options },
  );
  onTestFinished(() => stopLeftRunning(loop, result));
  return result;
}

/**
 * A test that timed out leaves its loop running, and the next test could not run one: stop it
 * (its run then fails, which the timed-out test no longer hears).
 */
export async function stopLeftRunning(
  loop: TestLoop["loop"] | null,
  run: Promise<unknown>,
): Promise<void> {
  if (loop === null || !loop.isRunning()) return;
  run.catch(() => {});
  loop.stop();
  for (let turn = 0; turn < 100 && loop.isRunning(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let dir: string | null = null;
let counter = 0;

/** A fresh path for a Unix socket in a temporary directory removed after the file's tests. */
export function socketPath(): string {
  if (dir === null) {
    const made = mkdtempSync(join(tmpdir(), "asyncio-streams-"));
    dir = made;
    afterAll(() => rmSync(made, { recursive: true, force: true }));
  }
  return join(dir, `s${counter++}.sock`);
}

export function portOf(server: Server): number {
  const address = server.sockets[0]?.getsockname();
  if (!Array.isArray(address)) throw new Error("not a TCP server");
  return address[1];
}

/** A future on the running loop. */
export function future<T = void>(): Future<T> {
  return new Future<T>({ loop: getRunningLoop() });
}
