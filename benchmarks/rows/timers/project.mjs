// 100,000 callLater timers with distinct delays from 0 to 10 ms, scheduled in a shuffled
// order; the clock runs until the last one fires.
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;
/** Timer i waits (i * STRIDE mod N) * 0.1 µs: a permutation of 0..10 ms, as STRIDE is prime. */
const STRIDE = 7919;

await run(async () => {
  const loop = getRunningLoop();
  const done = loop.createFuture();
  let fired = 0;
  const fire = () => {
    if (++fired === N) done.setResult(undefined);
  };
  const started = now();
  for (let i = 0; i < N; i++) loop.callLater(((i * STRIDE) % N) * 1e-7, fire);
  await done;
  reportOps(N, now() - started);
});
