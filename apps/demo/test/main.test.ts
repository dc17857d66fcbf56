/**
 * The whole tour, run the way a user runs it (`node apps/demo/dist/main.js`, after the build), in
 * a child process with the Node that runs the tests: the order of its lines and how it ends.
 * Step 7 runs when a redis-server can be had and says it is skipped otherwise; both are accepted.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

let lines: string[] = [];
let exitCode: number | null = null;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the demo first (pnpm build)`);
  const child = spawn(process.execPath, [MAIN], { stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  // Without the elapsed-time prefix.
  lines = stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/^\[\s*[\d.]+s\] /, ""));
}, 120_000);

const SPINNER = /^ {2}[|/\\-] \d+\/512 MB hashed, loop ticks: \d+$/;

describe("the demo", () => {
  it("exits with code 0", () => {
    expect(exitCode).toBe(0);
  });

  it("5. starts the worker threads before the progress display, so the count moves from its first lines", () => {
    const step = lines.findIndex((line) => line.startsWith("5. Hashing 512 MB"));
    expect(step).toBeGreaterThanOrEqual(0);
    expect(lines[step + 1]).toMatch(/^ {2}worker threads started in \d+\.\d\d s$/);
    expect(lines[step + 2]).toMatch(/^ {2}\| 0\/512 MB hashed, loop ticks: 0$/);
  });

  it("5. prints no progress line after the step's summary, and every megabyte is counted", () => {
    const summary = lines.findIndex((line) => / MB hashed in 8 worker jobs;/.test(line));
    expect(lines[summary]).toMatch(
      /^ {2}512\/512 MB hashed in 8 worker jobs; the loop ticked \d+ times meanwhile$/,
    );
    const stepEnd = lines.findIndex((line) => line.startsWith("6. "));
    expect(lines.slice(summary + 1, stepEnd).filter((line) => SPINNER.test(line))).toEqual([]);
    expect(lines.slice(summary + 1, stepEnd)).toEqual([
      expect.stringMatching(/^ {2}digests: [0-9a-f]{16}, [0-9a-f]{16}, [0-9a-f]{16}, \.\.\.$/),
      expect.stringMatching(
        /^ {2}long job: \d+ MB of 100,000 MB hashed after 0\.5 s; cancelling it$/,
      ),
      expect.stringMatching(/^ {2}long job cancelled: .*: it stopped$/),
    ]);
  });

  it("ends with a summary of what each step showed, and prints nothing after it", () => {
    const heading = lines.indexOf("What each step showed:");
    expect(heading).toBeGreaterThanOrEqual(0);
    const closing = lines.slice(heading + 1);
    expect(closing).toHaveLength(7);
    expect(closing.map((line) => line.slice(0, 5))).toEqual([
      "  1. ",
      "  2. ",
      "  3. ",
      "  4. ",
      "  5. ",
      "  6. ",
      "  7. ",
    ]);
    expect(closing[4]).toMatch(
      /^ {2}5\. CPU work on worker threads leaves the loop free: 512 MB hashed in 8 jobs while the loop ticked \d+ times, and a cancelled job stopped its worker$/,
    );
    expect(closing[6]).toMatch(
      /^ {2}7\. (skipped: no Redis|one job function .* the digests agree)$/,
    );
  });
});
