/**
 * The threads example: the four prime-counting jobs give the known counts (π(2,000,000) is
 * 148,933), the ticker ticks three times while a thread is busy with a job that never ends on
 * its own, and once that job is cancelled the pool's only thread runs the next one — which it
 * could not if the cancelled job were still running.
 */
import { describe, expect, it } from "vitest";
import { runExample } from "./support/example-process.js";

describe("examples/threads", () => {
  it("counts primes on two threads, ticks while a thread is busy, and stops a cancelled job", async () => {
    const { code, signal, stdout, stderr } = await runExample("threads/main.js");
    expect(stderr).toBe("");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout).toEqual([
      "1. The primes below 2,000,000, in 4 jobs on 2 threads",
      "   [0, 500,000): 41538",
      "   [500,000, 1,000,000): 36960",
      "   [1,000,000, 1,500,000): 35657",
      "   [1,500,000, 2,000,000): 34778",
      "   total: 148933",
      "2. A job that runs until cancelled, while the loop keeps ticking",
      "   tick 1: the loop is free while the thread searches",
      "   tick 2: the loop is free while the thread searches",
      "   tick 3: the loop is free while the thread searches",
      "   cancelling the search",
      "   the search task ended cancelled: true",
      "   the thread is free again; next job: 168 primes below 1,000",
    ]);
  });
});
