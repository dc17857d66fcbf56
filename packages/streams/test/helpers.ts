import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestLoop, withTestLoop } from "@asyncio/core/testing";
import { Future, getRunningLoop } from "@asyncio/futures";
import { afterAll } from "vitest";
import { stopWhenTestEnds } from "../../futures/test/support/left-running.js";
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
  stopWhenTestEnds(() => loop, result);
  return result;
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
