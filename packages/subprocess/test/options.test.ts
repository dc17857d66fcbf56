/**
 * Every option of createSubprocessExec/createSubprocessShell is checked when the function is
 * called, before anything is started: a bad option raises a TypeError or ValueError naming it and
 * quoting the value, and no child is left behind (issue: `limit: 0` used to start the child, then
 * fail, leaving it orphaned).
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValueError } from "@asyncio/futures";
import { OSError } from "@asyncio/streams";
import { afterAll, describe, expect, it } from "vitest";
import {
  createSubprocessExec,
  createSubprocessShell,
  PIPE,
  STDOUT,
  type SubprocessOptions,
} from "../src/index.js";

const scratch = mkdtempSync(join(tmpdir(), "asyncio-subprocess-options-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Calls createSubprocessExec with a program that would leave a mark if it ever ran. */
function startMarking(options: unknown): string {
  const marker = join(scratch, `ran-${Math.random().toString(36).slice(2)}`);
  try {
    createSubprocessExec("touch", [marker], options as SubprocessOptions);
  } catch (error) {
    // Thrown by the call itself: no coroutine was made, so nothing could have been spawned.
    expect(existsSync(marker)).toBe(false);
    throw error;
  }
  throw new Error("createSubprocessExec() accepted the options");
}

describe("option checks, before anything is spawned", () => {
  it("limit: 0 is a ValueError raised by the call itself (StreamReader's Limit cannot be <= 0)", () => {
    expect(() => startMarking({ stdout: PIPE, limit: 0 })).toThrow(
      new ValueError("createSubprocessExec() limit must be greater than 0, got 0"),
    );
    expect(() => startMarking({ limit: -5 })).toThrow(ValueError);
    expect(() => startMarking({ limit: "64k" })).toThrow(
      new TypeError('createSubprocessExec() limit must be a number of bytes, got "64k"'),
    );
    expect(() => startMarking({ limit: Number.NaN })).toThrow(TypeError);
  });

  it("an unknown option name is a TypeError that lists the known ones", () => {
    expect(() => startMarking({ stdout: PIPE, stdoutt: PIPE })).toThrow(
      new TypeError(
        'createSubprocessExec() got an unknown option "stdoutt" (known: stdin, stdout, stderr, cwd, env, limit, startNewSession, processGroup, passFds, preexecFn)',
      ),
    );
    expect(() => createSubprocessShell("true", { shell: true } as never)).toThrow(
      /^createSubprocessShell\(\) got an unknown option "shell"/,
    );
  });

  it("options must be an object", () => {
    expect(() => startMarking(5)).toThrow(
      new TypeError("createSubprocessExec() options must be an object, got 5"),
    );
    expect(() => startMarking([PIPE])).toThrow(TypeError);
  });

  it("stdin, stdout and stderr", () => {
    expect(() => startMarking({ stdout: "pipe" })).toThrow(
      new TypeError(
        'createSubprocessExec() stdout must be PIPE, DEVNULL, STDOUT (stderr only), a file descriptor or null, got "pipe"',
      ),
    );
    expect(() => startMarking({ stdin: STDOUT })).toThrow(
      new ValueError("createSubprocessExec() STDOUT can only be used for stderr, not stdin"),
    );
    expect(() => startMarking({ stderr: 1.5 })).toThrow(TypeError);
  });

  it("cwd must be a string or a file: URL", () => {
    expect(() => startMarking({ cwd: 5 })).toThrow(
      new TypeError("createSubprocessExec() cwd must be a string or a file: URL, got 5"),
    );
    expect(() => startMarking({ cwd: new URL("https://example.com/") })).toThrow(
      new TypeError(
        "createSubprocessExec() cwd must be a path or a file: URL, got https://example.com/",
      ),
    );
    expect(() => startMarking({ cwd: "/tmp\0x" })).toThrow(ValueError);
  });

  it("env holds strings under legal names (Python's os.environ rules)", () => {
    expect(() => startMarking({ env: { PORT: 8080 } })).toThrow(
      new TypeError('createSubprocessExec() env["PORT"] must be a string, got 8080'),
    );
    expect(() => startMarking({ env: { "A=B": "x" } })).toThrow(
      new ValueError('createSubprocessExec() env: illegal environment variable name "A=B"'),
    );
    expect(() => startMarking({ env: { A: "x\0y" } })).toThrow(
      new ValueError('createSubprocessExec() env["A"]: embedded null byte'),
    );
    expect(() => startMarking({ env: "PATH=/bin" })).toThrow(TypeError);
  });

  it("startNewSession is a boolean", () => {
    expect(() => startMarking({ startNewSession: "yes" })).toThrow(
      new TypeError('createSubprocessExec() startNewSession must be true or false, got "yes"'),
    );
  });

  it("processGroup: an integer >= 0; only 0 can be honoured", () => {
    expect(() => startMarking({ processGroup: -1 })).toThrow(
      new TypeError(
        "createSubprocessExec() processGroup must be a process group id (an integer >= 0), got -1",
      ),
    );
    expect(() => startMarking({ processGroup: "0" })).toThrow(TypeError);
    expect(() => startMarking({ processGroup: 4242 })).toThrow(
      new ValueError(
        "createSubprocessExec() processGroup 4242: Node can't move a child into an existing process group; only 0 (a new group of its own) is supported",
      ),
    );
  });

  it("passFds: open descriptors above the standard streams", () => {
    expect(() => startMarking({ passFds: 3 })).toThrow(
      new TypeError("createSubprocessExec() passFds must be an array of file descriptors, got 3"),
    );
    expect(() => startMarking({ passFds: ["3"] })).toThrow(
      new TypeError(
        'createSubprocessExec() passFds[0] must be a file descriptor (an integer >= 0), got "3"',
      ),
    );
    expect(() => startMarking({ passFds: [1] })).toThrow(
      new ValueError(
        "createSubprocessExec() passFds[0] is 1, a standard stream: use stdin, stdout or stderr for it",
      ),
    );
    const fd = openSync(join(scratch, "closed"), "w");
    closeSync(fd);
    let error: unknown;
    try {
      startMarking({ passFds: [fd] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OSError);
    expect((error as OSError).code).toBe("EBADF");
    expect((error as OSError).message).toBe(`[Errno 9] Bad file descriptor: passFds[0] is ${fd}`);
  });

  it("preexecFn is a TypeError that says why it can't be supported", () => {
    expect(() => startMarking({ preexecFn: () => undefined })).toThrow(
      new TypeError(
        "createSubprocessExec() preexecFn is not supported: Node starts a child in native code, so no JavaScript can run in the child between fork() and exec(); use startNewSession or processGroup, or run a wrapper program",
      ),
    );
  });

  it("a NUL in the program, an argument or a shell command is a ValueError (embedded null byte)", () => {
    expect(() => createSubprocessExec("ls\0x")).toThrow(
      new ValueError("createSubprocessExec(): embedded null byte"),
    );
    expect(() => createSubprocessExec("ls", ["a\0b"])).toThrow(ValueError);
    expect(() => createSubprocessShell("echo a\0b")).toThrow(
      new ValueError("createSubprocessShell(): embedded null byte"),
    );
  });
});
