// 100,000 setTimeout timers with the same delays as the other columns (0 to 10 ms, shuffled;
// Node rounds them to whole milliseconds); the clock runs until the last one fires.
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;
const STRIDE = 7919;

const started = now();
await new Promise((resolve) => {
  let fired = 0;
  const fire = () => {
    if (++fired === N) resolve();
  };
  for (let i = 0; i < N; i++) setTimeout(fire, ((i * STRIDE) % N) * 1e-4);
});
reportOps(N, now() - started);
