/**
 * The `asyncio-worker` command line: flags become `startWorker` options; a bad flag is a usage
 * error naming it, and the command then exits with code 2 before connecting anywhere; --help
 * prints the usage.
 */
import { describe, expect, it } from "vitest";
import { parseCommandLine, UsageError } from "../src/internal/command-line.js";
import { spawnWorkerProcess } from "./workers.js";

async function runBin(args: string[]): Promise<{ code: number | string; output: string }> {
  const { process: worker, ready } = spawnWorkerProcess(args);
  ready.catch(() => {});
  const code = await worker.exited;
  return { code, output: worker.output() };
}

describe("the asyncio-worker command line", () => {
  it("turns every flag into its startWorker option (durations in seconds)", () => {
    const argv = [
      ...["--queue", "images", "--concurrency", "8", "--redis", "redis://10.0.0.5:6380/2"],
      ...["--prefix", "app", "--name", "worker-a", "--lock-duration", "60"],
      ...["--stalled-interval", "0.5", "--max-stalled-count", "0"],
    ];
    expect(parseCommandLine(argv, {})).toEqual({
      queueName: "images",
      concurrency: 8,
      connection: "redis://10.0.0.5:6380/2",
      prefix: "app",
      name: "worker-a",
      lockDuration: 60,
      stalledInterval: 0.5,
      maxStalledCount: 0,
    });
  });

  it("takes Redis from ASYNCIO_REDIS_URL, else the local default", () => {
    expect(parseCommandLine(["--queue", "q"], { ASYNCIO_REDIS_URL: "redis://r:1" })).toEqual({
      queueName: "q",
      connection: "redis://r:1",
    });
    expect(parseCommandLine(["--queue", "q"], {})).toEqual({
      queueName: "q",
      connection: "redis://127.0.0.1:6379",
    });
    expect(parseCommandLine(["--help"], {})).toBe(null);
  });

  const errors: [string[], string][] = [
    [["--concurrency", "2"], "--queue NAME is required"],
    [
      ["--queue", "q", "--concurrency", "0"],
      '--concurrency must be an integer of at least 1, got "0"',
    ],
    [
      ["--queue", "q", "--concurrency", "2.5"],
      '--concurrency must be an integer of at least 1, got "2.5"',
    ],
    [
      ["--queue", "q", "--lock-duration", "soon"],
      '--lock-duration must be a number of seconds greater than 0, got "soon"',
    ],
    [
      ["--queue", "q", "--stalled-interval", "0"],
      '--stalled-interval must be a number of seconds greater than 0, got "0"',
    ],
    [
      ["--queue", "q", "--max-stalled-count=-1"],
      '--max-stalled-count must be an integer of at least 0, got "-1"',
    ],
    [["--queue", "q", "--threads", "4"], "Unknown option '--threads'"],
    [["--queue", "q", "extra"], "Unexpected argument 'extra'"],
  ];
  for (const [argv, message] of errors) {
    it(`refuses ${argv.join(" ")}`, () => {
      expect(() => parseCommandLine(argv, {})).toThrow(UsageError);
      expect(() => parseCommandLine(argv, {})).toThrow(message);
    });
  }

  it("the command exits with 2 on a usage error, and prints the usage for --help", async () => {
    const [bad, help] = await Promise.all([
      runBin(["--queue", "q", "--concurrency", "0"]),
      runBin(["--help"]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(
      /^asyncio-worker: --concurrency must be an integer of at least 1, got "0"\n\nusage: asyncio-worker --queue NAME/,
    );
    expect(help.code).toBe(0);
    expect(help.output).toMatch(
      /^usage: asyncio-worker --queue NAME \[--concurrency N\] \[--redis URL\]/,
    );
    expect(help.output).toContain("--lock-duration SECONDS");
  }, 30_000);
});
