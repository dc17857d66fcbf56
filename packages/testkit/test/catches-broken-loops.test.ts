/**
 * The event loop suite fails the loops it should: each loop of `fixtures/broken-loops.ts` has one
 * bug, and runs the suite in a Vitest of its own; the tests that cover that bug fail there, the
 * rest pass, and the correct loop passes everything. A suite that passed a broken loop would tell
 * a plugin author nothing.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
}

const config = fileURLToPath(new URL("./fixtures/vitest.config.ts", import.meta.url));
const vitest = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);
let workDir = "";
let results: AssertionResult[] = [];

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "asyncio-testkit-broken-"));
  const report = join(workDir, "report.json");
  const child = spawnSync(
    process.execPath,
    [vitest, "run", "--config", config, "--reporter=json", `--outputFile=${report}`],
    { encoding: "utf8", env: { ...process.env, CI: "1" } },
  );
  // The run fails, as it must: the broken loops fail tests.
  expect(child.status).toBe(1);
  const parsed = JSON.parse(readFileSync(report, "utf8")) as {
    testResults: { assertionResults: AssertionResult[] }[];
  };
  results = parsed.testResults.flatMap((file) => file.assertionResults);
}, 120_000);

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** The titles of the tests of loop `name` that failed. */
function failedOf(name: string): string[] {
  return results
    .filter((result) => result.ancestorTitles[0] === name && result.status === "failed")
    .map((result) => result.title);
}

describe("the event loop suite", () => {
  it("passes the correct contract loop, every test (no CPython counterpart: the suite's own check)", () => {
    const control = results.filter((result) => result.ancestorTitles[0] === "control");
    expect(control.length).toBeGreaterThan(50);
    expect(failedOf("control")).toEqual([]);
  });

  it.each([
    [
      "uncancellable timers",
      ["test_events.py::TimerTests::test_timer", "test__run_once_cancelled_event_cleanup"],
    ],
    ["ignores task steps", ["tasks.py::Task.__step runs inside one handle"]],
    ["forgets resources", ["LoopResource of the loop contract"]],
    [
      "loses reports",
      ["test_default_exc_handler_callback", "test_tb_logger_exception_unretrieved"],
    ],
    ["schedules when closed", ["test_base_events.py::BaseEventLoopTests::test_close)"]],
  ])(
    "fails the loop with %s in the tests that cover that bug (no CPython counterpart: the suite's own check)",
    (name, covering) => {
      const failed = failedOf(name);
      for (const fragment of covering) {
        expect(failed.filter((title) => title.includes(fragment)).length).toBeGreaterThan(0);
      }
      // Each bug is caught by the tests about it, not by every test of the suite.
      const all = results.filter((result) => result.ancestorTitles[0] === name).length;
      expect(failed.length).toBeLessThan(all / 2);
    },
  );
});
