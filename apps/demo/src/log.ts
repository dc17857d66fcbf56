/** Prints a line prefixed with the seconds elapsed since the demo started. */
const started = performance.now();

export function log(message: string): void {
  const elapsed = ((performance.now() - started) / 1000).toFixed(2).padStart(5);
  console.log(`[${elapsed}s] ${message}`);
}
