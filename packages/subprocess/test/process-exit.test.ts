/**
 * When run() returns, the children and pipes of the program don't keep Node running: closing the
 * loop closes their pipes and kills the children still running, as CPython's subprocess transport
 * close() does (base_subprocess.py: kill a child whose returncode is still None, with a warning in
 * debug mode). Each scenario runs in its own `node` process (fixtures/left-running.mjs).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runFixture } from "./run-fixture.js";

/** Whether `pid` is gone or a zombie waiting to be reaped: either way it runs no more. */
function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

describe("process lifetime", { timeout: 30_000 }, () => {
  it("a program that leaves children running with pipes open ends once run() returns; the children are killed (test_subprocess.py::SubprocessMixin::test_close_kill_running)", async () => {
    const { code, lines, stderr } = await runFixture("left-running.mjs");
    expect(code).toBe(0);
    expect(lines).toEqual(["running null,null,null", "run returned", "exit 0"]);
    const pids = (/^pids (.*)$/m.exec(stderr)?.[1] ?? "").split(" ").map(Number);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(isDead(pid), `pid ${pid}`).toBe(true);
    expect(stderr).not.toMatch(/Close running child process/);
  });

  it("in debug mode each kill is reported, as CPython logs 'Close running child process: kill'", async () => {
    const { code, stderr } = await runFixture("left-running.mjs", ["--debug"]);
    expect(code).toBe(0);
    const reported = stderr.match(/^asyncio: Close running child process: kill <Process \d+>$/gm);
    expect(reported, stderr).toHaveLength(3);
  });
});
