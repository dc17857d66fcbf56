// Each callback schedules the next with queueMicrotask, 1,000,000 in all.
import { now, reportOps } from "../../lib/report.mjs";

const N = 1_000_000;

const started = now();
await new Promise((resolve) => {
  let count = 0;
  const step = () => {
    if (++count < N) queueMicrotask(step);
    else resolve();
  };
  queueMicrotask(step);
});
reportOps(N, now() - started);
