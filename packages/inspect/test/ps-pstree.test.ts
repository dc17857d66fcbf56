/**
 * `asyncio-ps` and `asyncio-pstree` against real Node processes that know nothing of being
 * inspected, as `python -m asyncio ps PID` / `pstree PID` (test_asyncio/test_tools.py checks the
 * table and tree built from a process's tasks; here they are taken from the live process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { psCommand, pstreeCommand } from "../src/internal/commands.js";

const fixtures = new URL("./fixtures/", import.meta.url);
const register = fileURLToPath(
  new URL("../../../scripts/typescript-loader/register.mjs", import.meta.url),
);
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A port nothing listens on now, for the target's inspector. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a fixture and resolves with its pid and inspector port once it says "ready". */
async function start(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ pid: number; port: number }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      "--disable-warning=DEP0205",
      `--inspect-port=${port}`,
      "--conditions=@asyncio/source",
      "--import",
      register,
      fileURLToPath(new URL(script, fixtures)),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
  );
  children.push(child);
  return await new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)\n/.exec(out);
      if (match !== null) resolve({ pid: Number(match[1]), port });
    });
    child.once("exit", (code) => reject(new Error(`fixture exited with ${code}: ${err}`)));
  });
}

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function command(
  which: typeof psCommand,
  args: readonly (string | number)[],
): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const status = await which(
    args.map(String),
    { write: (text: string) => (stdout += text) },
    { write: (text: string) => (stderr += text) },
  );
  return { status, stdout, stderr };
}

describe("asyncio-pstree", () => {
  it("draws who awaits whom: a task group's tasks under its task, a gather's children under the task awaiting it (test_tools.py::TestAsyncioToolsTree::test_complex_tree)", async () => {
    const { pid, port } = await start("target.mjs", ["tree"]);
    const { status, stdout, stderr } = await command(pstreeCommand, ["--port", port, pid]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        "└── (T) Task-1",
        "    └──  main",
        "        └──  TaskGroup.asyncExit",
        "            ├── (T) Sundowning",
        "            │   └──  album",
        "            │       └──  sleep",
        "            ├── (T) TMBTE",
        "            │   └──  album",
        "            │       └──  sleep",
        "            └── (T) playlist",
        "                └──  playlist",
        "                    ├── (T) track-1",
        "                    │   └──  track",
        "                    │       └──  sleep",
        "                    └── (T) track-2",
        "                        └──  track",
        "                            └──  sleep",
        "",
      ].join("\n"),
    );
  }, 30_000);

  it("names the cycles of a deadlock instead of drawing a tree, and fails (test_tools.py::TestAsyncioToolsTree::test_with_cycles)", async () => {
    const { pid, port } = await start("target.mjs", ["deadlock"], { ASYNCIO_DEBUG: "1" });
    const { status, stdout, stderr } = await command(pstreeCommand, ["--port", port, pid]);
    expect(stdout).toBe("");
    expect(status).toBe(1);
    expect(stderr).toMatch(
      /^ERROR: await-graph contains cycles - cannot print a tree!\n\ncycle: (left → right → left|right → left → right)\n$/,
    );
  }, 30_000);
});

describe("asyncio-ps", () => {
  it("lists every task with its state, what it awaits, where, and each awaiter (test_tools.py::TestAsyncioToolsTable::test_complex_table)", async () => {
    const { pid, port } = await start("target.mjs", ["tree"]);
    const { status, stdout, stderr } = await command(psCommand, ["--port", port, pid]);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^tid +task id +task name +state +coroutine stack +awaits +location +awaiter chain +awaiter name +awaiter id$/,
    );
    expect(lines[1]).toMatch(/^-+$/);
    // Cells are read at the header's column offsets: an empty cell leaves only spaces.
    const header = lines[0] as string;
    const starts = [...header.matchAll(/(?:^|(?<= {2}))\S/g)].map((match) => match.index);
    const rows = lines
      .slice(2)
      .map((line) =>
        starts.map((start, column) => line.slice(start, starts[column + 1] ?? line.length).trim()),
      );
    const byName = (name: string): string[][] => rows.filter((row) => row[2] === name);
    expect(byName("Task-1")).toEqual([
      [
        expect.stringMatching(/^\d+$/),
        expect.stringMatching(/^0x[0-9a-f]+$/),
        "Task-1",
        "pending",
        "TaskGroup.asyncExit -> main",
        "TaskGroup.asyncExit()",
        "",
        "",
        "",
        "0x0",
      ],
    ]);
    const [sundowning] = byName("Sundowning") as [string[]];
    expect(sundowning.slice(2)).toEqual([
      "Sundowning",
      "pending",
      "sleep -> album",
      "sleep(3600)",
      "",
      "TaskGroup.asyncExit -> main",
      "Task-1",
      (byName("Task-1")[0] as string[])[1],
    ]);
    const tracks = [...byName("track-1"), ...byName("track-2")];
    const playlistId = (byName("playlist")[0] as string[])[1];
    expect(tracks.map((row) => [row[2], row[5], row[7], row[8], row[9]])).toEqual([
      ["track-1", "sleep(3600)", "playlist", "playlist", playlistId],
      ["track-2", "sleep(3600)", "playlist", "playlist", playlistId],
    ]);
    expect(byName("playlist").map((row) => row[5])).toEqual(["gather()"]);
  }, 30_000);

  it("in debug mode, shows where each task waits: file and line", async () => {
    const { pid, port } = await start("target.mjs", ["tree"], { ASYNCIO_DEBUG: "1" });
    const { status, stdout } = await command(psCommand, ["--port", port, pid]);
    expect(status).toBe(0);
    const row = stdout.split("\n").find((line) => line.includes(" Sundowning "));
    expect(row).toMatch(/sleep -> album +sleep\(3600\) +\/\S+\/fixtures\/target\.mjs:\d+ /);
  }, 30_000);

  it("while a callback holds the loop, shows the code running now", async () => {
    const { pid, port } = await start("target.mjs", ["busy"]);
    const { status, stdout } = await command(psCommand, ["--port", port, pid]);
    expect(status).toBe(0);
    expect(stdout).toMatch(
      / 0x0\n\nthe loop is busy running \(innermost first\):\n {2}crunchNumbers \/\S+\/fixtures\/target\.mjs:\d+\n {2}Handle\._run /,
    );
  }, 30_000);

  it("says why it can't inspect: no such process, not a Node process, the library not loaded, a bad argument", async () => {
    const gone = spawn(process.execPath, ["-e", ""]);
    const gonePid = gone.pid as number;
    await new Promise((resolve) => gone.once("exit", resolve));
    expect(await command(psCommand, [gonePid])).toEqual({
      status: 1,
      stdout: "",
      stderr: `asyncio-ps: no process with pid ${gonePid}\n`,
    });

    const sleeper = spawn("sleep", ["30"]);
    children.push(sleeper);
    const notNode = await command(psCommand, [sleeper.pid as number]);
    expect(notNode.status).toBe(1);
    expect(notNode.stderr).toMatch(
      new RegExp(
        `^asyncio-ps: process ${sleeper.pid} is not a Node process \\(it runs \\S*sleep\\)\n$`,
      ),
    );

    const { pid, port } = await start("plain.mjs");
    expect(await command(psCommand, ["--port", port, pid])).toEqual({
      status: 1,
      stdout: "",
      stderr: `asyncio-ps: process ${pid} runs Node, but not the asyncio library\n`,
    });

    expect(await command(psCommand, ["--port", "http", "12"])).toEqual({
      status: 2,
      stdout: "",
      stderr:
        'asyncio-ps: --port must be a port number, got "http"\n\nusage: asyncio-ps [--port PORT] PID\n',
    });
    expect(await command(pstreeCommand, [])).toEqual({
      status: 2,
      stdout: "",
      stderr: "asyncio-pstree: a PID is needed\n\nusage: asyncio-pstree [--port PORT] PID\n",
    });
  }, 30_000);
});
