/**
 * A running loop keeps the process alive, as a Python program blocked in its loop stays alive,
 * but holds no Node timer for a cancelled deadline; once stopped, it holds nothing at all. Each scenario runs in
 * its own `node` process (fixtures/idle-loop.mjs, importing the TypeScript sources through
 * scripts/typescript-loader/register.mjs). CPython has no counterpart: a Python loop blocks its thread in
 * select(), while ours must let Node's own loop decide when the process ends.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  runSourceScript,
  type ScriptRun,
} from "../../../futures/test/support/run-source-script.js";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const script = fileURLToPath(new URL("./fixtures/idle-loop.mjs", import.meta.url));

/** Runs a scenario; a process still alive after `limitMs` is killed (code null). */
async function runScenario(scenario: string, limitMs = 90_000): Promise<ScriptRun> {
  const run = await runSourceScript(script, { cwd: packageDir, args: [scenario], limitMs });
  if (run.code !== 0 && run.code !== 13) {
    throw new Error(`scenario ${scenario}: ${run.code}\n${run.stderr}`);
  }
  return run;
}

describe("process lifetime", { timeout: 120_000 }, () => {
  it("a running loop whose only timer was cancelled drops its Node timer and exits once stopped (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
    const { code, lines } = await runScenario("cancelled-timer");
    // One Node timer is left while running: the keep-alive.
    expect(code).toBe(0);
    expect(lines).toEqual(["cancelled", "timers 1", "stopped", "exit 0"]);
  });

  it("a timer cancelled from outside the loop while the loop sleeps on it drops the loop's Node timer (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)", async () => {
    const { code, lines } = await runScenario("timer-cancelled-outside");
    expect(code).toBe(0);
    expect(lines).toEqual(["cancelled", "timers 1", "stopped", "exit 0"]);
  });

  it("a loop waiting on a future nobody resolves keeps the process alive until stopped (test_events.py::EventLoopTestsMixin::test_run_until_complete)", async () => {
    const { code, lines } = await runScenario("pending-future");
    expect(code).toBe(0);
    expect(lines).toEqual([
      "running",
      "still alive",
      "ended: Event loop stopped before Future completed.",
      "exit 0",
    ]);
  });

  it("the same wait at top level doesn't end Node with code 13 mid-await (test_events.py::EventLoopTestsMixin::test_run_until_complete)", async () => {
    const { code, lines } = await runScenario("top-level-await");
    expect(code).toBe(0);
    expect(lines).toEqual(["running", "still alive", "exit 0"]);
  });

  it("a pending timer keeps the process alive until it fires (test_events.py::EventLoopTestsMixin::test_call_later)", async () => {
    const { code, lines } = await runScenario("pending-timer");
    expect(code).toBe(0);
    expect(lines).toEqual(["fired", "stopped", "exit 0"]);
  });
});
