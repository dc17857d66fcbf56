/**
 * The hashing job of the cluster step, in a module of its own so that both a worker thread and a
 * cluster worker can import it by URL: the same function runs on either. It reports its progress
 * the way each place allows — through shared memory on a thread, through BullMQ on the cluster.
 */

import { createHash } from "node:crypto";

/**
 * Generates `megabytes` of pseudo-random data from `seed` and returns its SHA-256 (16 hex
 * digits). On a thread, `done[slot]` counts the megabytes; on the cluster (`done` null, since
 * shared memory can't cross machines) each megabyte is reported as the job's progress. The
 * cluster package is imported only there, so a thread doesn't pay for loading it.
 */
export async function hashGenerated(
  seed: number,
  megabytes: number,
  done: Int32Array | null,
  slot: number,
): Promise<string> {
  const report =
    done === null ? (await import("@asyncio/bullmq")).reportProgress : (_percent: number) => {};
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
    else await report(Math.round((mb / megabytes) * 100));
  }
  return hash.digest("hex").slice(0, 16);
}
