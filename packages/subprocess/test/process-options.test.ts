/**
 * What the child gets from the options of CPython's subprocess API that Node can honour:
 * `startNewSession`, `processGroup: 0`, `passFds`, `cwd`, `env`; the Python errors for a program
 * that can't be run, whatever the stdout/stderr options; signals; and `BrokenPipeError` when
 * writing to a child that closed its stdin. Mirrors test_asyncio/test_subprocess.py where it has a
 * counterpart, and Lib/test/test_subprocess.py for what asyncio passes on to Popen.
 */
import { chmodSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { withTestLoop } from "@asyncio/core/testing";
import { BrokenPipeError, ConnectionResetError } from "@asyncio/streams";
import { afterAll, describe, expect, it } from "vitest";
import {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  FileNotFoundError,
  PermissionError,
  PIPE,
  type Process,
  STDOUT,
  type SubprocessOptions,
} from "../src/index.js";

const io = <T>(body: () => Promise<T>): Promise<T> => withTestLoop(body, { realTime: true });
const dec = (bytes: Uint8Array | null): string =>
  new TextDecoder().decode(bytes ?? new Uint8Array());
const node = process.execPath;

const scratch = mkdtempSync(join(tmpdir(), "asyncio-subprocess-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** pid, process group and session of the child, from its own /proc/self/stat. */
async function idsOf(
  options: SubprocessOptions,
): Promise<{ pid: number; pgrp: number; sid: number }> {
  const proc = await createSubprocessExec("cat", ["/proc/self/stat"], { ...options, stdout: PIPE });
  const [out] = await proc.communicate();
  // "pid (comm) state ppid pgrp session ..."; comm may hold spaces, so read after its ")".
  const fields = dec(out)
    .slice(dec(out).lastIndexOf(")") + 2)
    .split(" ");
  return { pid: proc.pid, pgrp: Number(fields[2]), sid: Number(fields[3]) };
}

/** The error an awaited start fails with. */
async function startError(program: string, options: SubprocessOptions): Promise<unknown> {
  try {
    const proc = await createSubprocessExec(program, [], options);
    await proc.wait();
  } catch (error) {
    return error;
  }
  throw new Error(`${program} started`);
}

describe("sessions and process groups", () => {
  it("start_new_session (test_subprocess.py::SubprocessMixin::test_start_new_session)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("exit 8", { startNewSession: true });
      expect(await proc.wait()).toBe(8);
    });
  });

  it("startNewSession: the child leads a new session and a new group (test_subprocess.py::POSIXProcessTestCase::test_start_new_session)", async () => {
    await io(async () => {
      const inherited = await idsOf({});
      expect(inherited.sid).not.toBe(inherited.pid);
      const own = await idsOf({ startNewSession: true });
      expect([own.sid, own.pgrp]).toEqual([own.pid, own.pid]);
    });
  });

  it("processGroup: 0 puts the child in a group of its own (test_subprocess.py::POSIXProcessTestCase::test_process_group_0)", async () => {
    await io(async () => {
      const inherited = await idsOf({});
      expect(inherited.pgrp).not.toBe(inherited.pid);
      const own = await idsOf({ processGroup: 0 });
      expect(own.pgrp).toBe(own.pid);
    });
  });
});

describe("passFds, cwd and env", () => {
  it("pass_fds: the child writes to a descriptor it was given, at the same number (test_subprocess.py::POSIXProcessTestCase::test_pass_fds)", async () => {
    await io(async () => {
      const path = join(scratch, "passed.txt");
      const fd = openSync(path, "w");
      const script = `require("node:fs").writeSync(${fd}, "through fd ${fd}")`;
      const proc = await createSubprocessExec(node, ["-e", script], { passFds: [fd] });
      expect(await proc.wait()).toBe(0);
      expect(readFileSync(path, "utf8")).toBe(`through fd ${fd}`);
      // Without passFds the descriptor is closed in the child, as Python's close_fds=True.
      const closed = await createSubprocessExec(node, ["-e", script], { stderr: PIPE });
      const [, err] = await closed.communicate();
      expect(closed.returncode).toBe(1);
      expect(dec(err)).toMatch(/EBADF/);
    });
  });

  it("cwd as a file: URL, and env replacing the whole environment (test_subprocess.py::SubprocessMixin::test_create_subprocess_env_exec)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec(
        node,
        ["-e", "console.log(process.cwd(), process.env.ONLY, Object.keys(process.env).length)"],
        { stdout: PIPE, cwd: pathToFileURL(scratch), env: { ONLY: "this" } },
      );
      const [out] = await proc.communicate();
      expect(dec(out)).toBe(`${scratch} this 1\n`);
    });
  });

  it("a working directory that doesn't exist is FileNotFoundError naming it", async () => {
    await io(async () => {
      const missing = join(scratch, "no-such-dir");
      for (const options of [{}, { stdout: PIPE, stderr: STDOUT }] as SubprocessOptions[]) {
        const error = (await startError("true", { ...options, cwd: missing })) as Error;
        expect(error).toBeInstanceOf(FileNotFoundError);
        expect(error.message).toBe(`[Errno 2] No such file or directory: '${missing}'`);
      }
    });
  });
});

describe("a program that can't be run raises, for every stdout/stderr combination", () => {
  const notExecutable = join(scratch, "not-executable.sh");
  writeFileSync(notExecutable, "#!/bin/sh\necho should not run\n");
  chmodSync(notExecutable, 0o644);
  const stdouts = [undefined, PIPE, DEVNULL] as const;
  const stderrs = [undefined, PIPE, DEVNULL, STDOUT] as const;
  const combinations = stdouts.flatMap((stdout) => stderrs.map((stderr) => ({ stdout, stderr })));
  const name = (value: number | undefined): string =>
    value === undefined
      ? "inherit"
      : value === PIPE
        ? "PIPE"
        : value === DEVNULL
          ? "DEVNULL"
          : "STDOUT";

  it("a program on no PATH entry, or a missing path, is FileNotFoundError (subprocess.py::create_subprocess_exec, missing program, stderr=STDOUT)", async () => {
    await io(async () => {
      for (const { stdout, stderr } of combinations) {
        for (const program of ["no-such-program-anywhere", join(scratch, "missing", "program")]) {
          const error = (await startError(program, { stdin: PIPE, stdout, stderr })) as Error & {
            code: string;
          };
          const label = `stdout=${name(stdout)} stderr=${name(stderr)} ${program}`;
          expect(error, label).toBeInstanceOf(FileNotFoundError);
          expect([error.code, error.message], label).toEqual([
            "ENOENT",
            `[Errno 2] No such file or directory: '${program}'`,
          ]);
        }
      }
    });
  });

  it("a file that is not executable, or a directory, is PermissionError", async () => {
    await io(async () => {
      for (const { stdout, stderr } of combinations) {
        for (const program of [notExecutable, scratch]) {
          const error = (await startError(program, { stdout, stderr })) as Error & { code: string };
          const label = `stdout=${name(stdout)} stderr=${name(stderr)} ${program}`;
          expect(error, label).toBeInstanceOf(PermissionError);
          expect([error.code, error.message], label).toEqual([
            "EACCES",
            `[Errno 13] Permission denied: '${program}'`,
          ]);
        }
      }
    });
  });

  it("a program found on PATH runs with stderr joined into the stdout pipe, keeping its argv", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("sh", ["-c", 'echo "out $0"; echo err >&2'], {
        stdout: PIPE,
        stderr: STDOUT,
      });
      const [out, err] = await proc.communicate();
      expect([dec(out), err]).toEqual(["out sh\nerr\n", null]);
    });
  });
});

describe("signals", () => {
  it("sendSignal takes a name or a number (test_subprocess.py::SubprocessMixin::test_send_signal)", async () => {
    await io(async () => {
      const byNumber = await createSubprocessExec("sleep", ["30"]);
      byNumber.sendSignal(1);
      expect(await byNumber.wait()).toBe(-1);
      const byName = await createSubprocessExec("sleep", ["30"]);
      byName.sendSignal("SIGUSR1");
      expect(await byName.wait()).toBe(-10);
    });
  });

  it("an unknown signal is a ValueError naming it; the child keeps running", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("sleep", ["30"]);
      expect(() => proc.sendSignal("SIGNOPE" as never)).toThrow(
        'sendSignal() got an unknown signal "SIGNOPE"',
      );
      expect(() => proc.sendSignal(1.5)).toThrow(TypeError);
      expect(proc.returncode).toBe(null);
      proc.kill();
      expect(await proc.wait()).toBe(-9);
    });
  });
});

describe("writing to a child that closed its stdin", () => {
  /** Writes until the pipe breaks; returns what drain() raised. */
  async function writeUntilBroken(proc: Process): Promise<unknown> {
    const stdin = proc.stdin as NonNullable<Process["stdin"]>;
    try {
      for (let i = 0; i < 64; i++) {
        stdin.write(new Uint8Array(64 * 1024));
        await stdin.drain();
      }
    } catch (error) {
      return error;
    }
    return null;
  }

  it("drain() raises BrokenPipeError or ConnectionResetError while the child still runs (test_subprocess.py::SubprocessMixin::test_stdin_broken_pipe)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("exec 0<&-; echo closed; exec sleep 30", {
        stdin: PIPE,
        stdout: PIPE,
      });
      expect(dec(await (proc.stdout as NonNullable<Process["stdout"]>).readline())).toBe(
        "closed\n",
      );
      const error = await writeUntilBroken(proc);
      expect(error instanceof BrokenPipeError || error instanceof ConnectionResetError).toBe(true);
      expect(proc.returncode).toBe(null);
      proc.kill();
      expect(await proc.wait()).toBe(-9);
    });
  });
});
