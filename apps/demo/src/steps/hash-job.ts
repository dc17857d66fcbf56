/**
 * The hashing job of the cluster step, in a module of its own so that both a worker thread and a
 * cluster worker can import it by URL: the same function runs on either. It reports its progress
 * the way each place allows — through shared memory on a thread, through BullMQ on the cluster.
 */

import { createHash } from "node:crypto";
import { currentJob, reportProgress } from "@asyncio/bullmq";

/**
 * Generates `megabytes` of pseudo-random data from `seed` and returns its SHA-256 (16 hex
 * digits). `done[slot]` counts the megabytes when a shared array is given (threads only).
 */
export async function hashGenerated(
  seed: number,
  megabytes: number,
  done: Int32Array | null,
  slot: number,
): Promise<string> {
  const hash = createHash("sha256");
  const words = new Uint32Array(1 << 18); // 1 MB
  let x = seed >>> 0 || 1;
  for (let mb = 1; mb <= megabytes; mb++) {
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x >>> 0;
    }
    hash.update(words);
    if (done !== null) Atomics.add(done, slot, 1);
    if (currentJob() !== null) await reportProgress(Math.round((mb / megabytes) * 100));
  }
  return hash.digest("hex").slice(0, 16);
}
