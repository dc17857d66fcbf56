// The CPU work of the row: `spin(n)` loops n times; `calibrate()` finds the n that takes 50 ms on
// this thread, so that every column does 50 ms of work per call in its own language.
export function spin(iterations) {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 31 + i) | 0;
  return x;
}

export function calibrate(seconds = 0.05) {
  const iterations = 1_000_000;
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    spin(iterations);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return Math.round((iterations * seconds) / best);
}

export default spin;
