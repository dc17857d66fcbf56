// 100,000 async functions block on a 10 s setTimeout each; the clock runs while every timer is
// cleared, its promise rejected, and every function awaited.
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

class Cancelled extends Error {}

function cancellableSleep(ms, slot) {
  return new Promise((resolve, reject) => {
    slot.timer = setTimeout(resolve, ms);
    slot.reject = reject;
  });
}

async function sleeper(slot) {
  await cancellableSleep(10_000, slot);
}

const slots = new Array(N);
const jobs = new Array(N);
for (let i = 0; i < N; i++) {
  slots[i] = { timer: undefined, reject: undefined };
  jobs[i] = sleeper(slots[i]);
}
await null;
const started = now();
for (let i = 0; i < N; i++) {
  clearTimeout(slots[i].timer);
  slots[i].reject(new Cancelled());
}
let cancelled = 0;
for (let i = 0; i < N; i++) {
  try {
    await jobs[i];
  } catch (error) {
    if (!(error instanceof Cancelled)) throw error;
    cancelled++;
  }
}
if (cancelled !== N) throw new Error(`only ${cancelled} jobs were cancelled`);
reportOps(N, now() - started);
