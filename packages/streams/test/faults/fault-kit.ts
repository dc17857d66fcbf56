/**
 * What the fault suite's tests share: seeded payloads and their checksums, the two faults a
 * client can inject (EOF, a reset), and the tally each file prints of what it checked.
 */
import { createHash } from "node:crypto";
import type * as net from "node:net";
import { createTask, gather } from "@asyncio/tasks";
import { afterAll } from "vitest";
import type { Server, StreamWriter } from "../../src/index.js";

/** A small seeded generator (mulberry32): the same payloads on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `size` bytes derived from `seed`. */
export function payload(seed: number, size: number): Uint8Array {
  const next = seeded(seed);
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = next();
  return new Uint8Array(words.buffer, 0, size);
}

export function checksum(...parts: Uint8Array[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

/** The two ways a peer can go: a clean EOF (FIN), or a reset (RST). */
export type Fault = "eof" | "rst";
export const FAULTS: readonly Fault[] = ["eof", "rst"];

/** The Node server under a `Server`'s first listener. */
export function listenerOf(server: Server): net.Server {
  const raw = server.sockets[0]?.raw;
  if (raw === undefined) throw new Error(`${server} is not listening`);
  return raw as net.Server;
}

/** The Node socket under a writer. */
export function rawSocket(writer: StreamWriter): net.Socket {
  return (writer.getExtraInfo("socket") as { raw: net.Socket }).raw;
}

/** Injects `fault` on the client side of a connection. */
export function inject(fault: Fault, writer: StreamWriter): void {
  if (fault === "eof") writer.writeEof();
  else rawSocket(writer).resetAndDestroy();
}

/** What one test file checked; printed when the file is done. */
export class Tally {
  connections = 0;
  faults = 0;
  /** Bytes whose delivery was verified by checksum. */
  bytesChecked = 0;
  /** Loss or error notifications that had to arrive, and did. */
  notifications = 0;

  constructor(readonly name: string) {
    afterAll(() => {
      console.log(
        `fault suite, ${this.name}: ${this.connections} connections, ${this.faults} faults injected, ` +
          `${this.bytesChecked} bytes checked, ${this.notifications} notifications, nothing lost`,
      );
    });
  }
}

/** Runs `count` jobs, at most `width` at a time (each worker a task), in order of start. */
export async function inBatches(
  count: number,
  width: number,
  job: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await job(next++);
  };
  await gather(...Array.from({ length: Math.min(width, count) }, () => createTask(worker)));
}
