/**
 * The `asyncio-worker` command line: usage errors exit with code 2 before connecting anywhere,
 * saying which flag is wrong; --help prints the usage.
 */
import { describe, expect, it } from "vitest";
import { spawnWorkerProcess } from "./workers.js";

async function runBin(args: string[]): Promise<{ code: number | string; output: string }> {
  const { process: worker, ready } = spawnWorkerProcess(args);
  ready.catch(() => {});
  const code = await worker.exited;
  return { code, output: worker.output() };
}

describe("asyncio-worker", () => {
  it("exits with 2 and names the flag for a bad value or a missing --queue", async () => {
    const [zero, missing, unknown] = await Promise.all([
      runBin(["--queue", "q", "--concurrency", "0"]),
      runBin(["--concurrency", "2"]),
      runBin(["--queue", "q", "--threads", "4"]),
    ]);
    expect(zero.code).toBe(2);
    expect(zero.output).toContain(
      'asyncio-worker: --concurrency must be an integer of at least 1, got "0"',
    );
    expect(zero.output).toContain("usage: asyncio-worker --queue NAME");
    expect(missing.code).toBe(2);
    expect(missing.output).toContain("asyncio-worker: --queue NAME is required");
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("asyncio-worker: Unknown option '--threads'");
  }, 20_000);

  it("--help prints the usage and exits with 0", async () => {
    const { code, output } = await runBin(["--help"]);
    expect(code).toBe(0);
    expect(output).toMatch(
      /^usage: asyncio-worker --queue NAME \[--concurrency N\] \[--redis URL\]/,
    );
    expect(output).toContain("--lock-duration SECONDS");
  }, 20_000);
});
