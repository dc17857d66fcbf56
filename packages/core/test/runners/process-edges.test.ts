/**
 * The process edges of a program run by `run()`, each in its own `node` process
 * (fixtures/edges.mjs, importing the TypeScript sources through the repository's loader): signals,
 * exit statuses, errors reported when the loop closes, and a deadlock that keeps the process alive
 * until Ctrl-C. Each names the CPython test or behaviour it mirrors.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const script = fileURLToPath(new URL("./fixtures/edges.mjs", import.meta.url));
const register = fileURLToPath(
  new URL("../../../../scripts/typescript-loader/register.mjs", import.meta.url),
);

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

/**
 * Runs a scenario; `onLine` sees each stdout line as it comes (to send signals at the right
 * moment). A process still alive after `limitMs` is killed, and the test then fails on its status.
 */
function runScenario(
  scenario: string,
  onLine: (line: string, child: ChildProcess) => void = () => {},
  limitMs = 60_000,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        // Node 26 deprecates the module.register() the shared loader uses; stderr must stay clean.
        "--disable-warning=DEP0205",
        "--conditions=@asyncio/source",
        "--import",
        register,
        script,
        scenario,
      ],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines: string[] = [];
    let pending = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        lines.push(line);
        onLine(line, child);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, lines, stderr });
    });
  });
}

/** Sends `signal` to the child when it prints `line`. */
function signalOn(line: string, signal: NodeJS.Signals) {
  return (seen: string, child: ChildProcess): void => {
    if (seen === line) child.kill(signal);
  };
}

describe("process edges", { timeout: 90_000 }, () => {
  it("an exception nobody retrieved is reported when run() closes the loop, with its stack (test_tasks.py::BaseTaskTests::test_exception_traceback; Task exception was never retrieved)", async () => {
    const { code, lines, stderr } = await runScenario("never-retrieved");
    expect(code).toBe(0);
    expect(lines).toEqual(["done", "exit 0"]);
    expect(stderr).toContain("Task exception was never retrieved\n");
    expect(stderr).toContain(
      'future: <Task finished name="Task-2" coro=<anonymous> exception=Error("nobody saw me")>',
    );
    expect(stderr).toMatch(/Error: nobody saw me\n\s+at /);
  });

  it("a SIGINT handler set with addSignalHandler replaces run()'s Ctrl-C handling (runners.py::Runner::run, SIGINT handler not the default)", async () => {
    const { code, lines, stderr } = await runScenario(
      "sigint-handler",
      signalOn("ready", "SIGINT"),
    );
    expect(lines).toEqual(["ready", "handled", "main done", "exit 0"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });

  it("a program waiting only for a signal stays alive until it comes (test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler)", async () => {
    const { code, lines } = await runScenario("wait-for-signal", (line, child) => {
      // Sent later than the first turn of Node's loop: an idle process would have exited by then.
      if (line === "ready") setTimeout(() => child.kill("SIGUSR2"), 200);
    });
    expect(lines).toEqual(["ready", "got SIGUSR2", "exit 0"]);
    expect(code).toBe(0);
  });

  it("a second Ctrl-C while the shutdown hangs stops the program with KeyboardInterrupt and status 130 (test_runners.py::RunnerTests::test_interrupt_cancelled_task)", async () => {
    const { code, lines, stderr } = await runScenario("second-ctrl-c", (line, child) => {
      if (line === "ready" || line === "cleanup started") child.kill("SIGINT");
    });
    expect(lines).toEqual(["ready", "cleanup started", "outer finally", "exit 130"]);
    expect(code).toBe(130);
    expect(stderr).toMatch(/^KeyboardInterrupt/m);
  });

  it("an uncaught KeyboardInterrupt ends the process with status 130, as Python's does (test_runners.py::RunnerTests::test_interrupt_wait)", async () => {
    const { code, lines, stderr } = await runScenario(
      "keyboard-interrupt",
      signalOn("ready", "SIGINT"),
    );
    expect(lines).toEqual(["ready", "exit 130"]);
    expect(code).toBe(130);
    expect(stderr).toMatch(/^KeyboardInterrupt/m);
  });

  it("SystemExit(3) raised from a callback ends the process with status 3, silently (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)", async () => {
    const { code, lines, stderr } = await runScenario("system-exit");
    expect(lines).toEqual(["exit 3"]);
    expect(code).toBe(3);
    expect(stderr).toBe("");
  });

  it("a deadlock keeps the process alive, and Ctrl-C ends it cleanly (runners.py::Runner::run; a blocked loop keeps its thread)", async () => {
    const { code, lines } = await runScenario("deadlock", (line, child) => {
      if (line === "ready") setTimeout(() => child.kill("SIGINT"), 200);
    });
    expect(lines).toEqual(["ready", "main cancelled", "outer finally", "exit 130"]);
    expect(code).toBe(130);
  });

  it("a context variable set inside a loop callback stays in that callback's context (test_context.py; base_events.py::BaseEventLoop::call_soon copies the context)", async () => {
    const { code, lines } = await runScenario("context-leak");
    expect(lines).toEqual([
      "in callback new",
      "next callback old",
      "main old",
      "after run old",
      "exit 0",
    ]);
    expect(code).toBe(0);
  });

  it("an async callback that fails is reported through the exception handler, never an unhandled rejection (test_base_events.py::BaseEventLoopTests::test_call_soon_non_callable; events.py::Handle._run)", async () => {
    const { code, lines, stderr } = await runScenario("async-callback");
    expect(lines).toEqual(["main done", "exit 0"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^Exception in callback <Handle <anonymous>\(\)>$/m);
    expect(stderr).toContain("Error: async boom");
  });
});
