// 100,000 sequential awaits of an async function, each under a 10 s setTimeout that is cleared
// afterwards (a timeout that never fires, by hand).
import { now, reportOps } from "../../lib/report.mjs";

const N = 100_000;

async function child(i) {
  return i;
}

function onTimeout() {
  throw new Error("the timeout fired");
}

const started = now();
let sum = 0;
for (let i = 0; i < N; i++) {
  const timer = setTimeout(onTimeout, 10_000);
  try {
    sum += await child(i);
  } finally {
    clearTimeout(timer);
  }
}
if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
