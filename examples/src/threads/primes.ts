/**
 * The CPU-heavy functions of the threads example, in a module of their own: a worker thread
 * imports this file by URL and calls them by name, so they may use only their arguments and what
 * this module imports.
 */
import type { CancelSignal } from "@asyncio/to-thread";

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** How many primes lie in [from, to): a sieve of Eratosthenes over that range. */
export function countPrimes(from: number, to: number): number {
  const composite = new Uint8Array(to - from);
  for (let d = 2; d * d < to; d++) {
    for (let multiple = Math.max(d * d, Math.ceil(from / d) * d); multiple < to; multiple += d) {
      composite[multiple - from] = 1;
    }
  }
  let count = 0;
  for (let n = Math.max(from, 2); n < to; n++) if (composite[n - from] === 0) count++;
  return count;
}

/**
 * Looks for ever larger primes from `start`, with no end of its own: it stops when its call is
 * cancelled (`signal.aborted` turns true at once, even inside this busy loop) and returns the
 * largest prime it found.
 */
export function searchPrimesUntilCancelled(signal: CancelSignal, start: number): number {
  let largest = 0;
  for (let n = start; !signal.aborted; n++) if (isPrime(n)) largest = n;
  return largest;
}
