/**
 * The options of `createSubprocessExec`/`createSubprocessShell`, checked all at once before
 * anything is started: a bad option must never leave a child behind.
 */
import { fstatSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { OSError } from "@asyncio/streams";
import { DEVNULL, PIPE, STDOUT, type StdioOption } from "./constants.js";

/**
 * The options of `createSubprocessExec` and `createSubprocessShell`: Python's keyword arguments of
 * `asyncio.create_subprocess_exec()`, in camelCase. Bad options throw before any child starts.
 */
export interface SubprocessOptions {
  /**
   * The child's stdin: `PIPE` (then `process.stdin` writes to it), `DEVNULL`, a file descriptor,
   * or omitted to inherit the parent's.
   */
  stdin?: StdioOption;
  /**
   * The child's stdout: `PIPE` (then `process.stdout` reads it), `DEVNULL`, a file descriptor, or
   * omitted to inherit the parent's.
   */
  stdout?: StdioOption;
  /** The child's stderr: as `stdout`, or `STDOUT` to send it where stdout goes. */
  stderr?: StdioOption;
  /** The working directory of the child (a path or a `file:` URL). */
  cwd?: string | URL;
  /** The whole environment of the child (the parent's by default). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The buffer limit of the `stdout`/`stderr` readers (64 KiB by default). */
  limit?: number;
  /** Start the child in a new session (`setsid()`), as Python's `start_new_session`. */
  startNewSession?: boolean;
  /**
   * `0` puts the child in a new process group of its own, as Python's `process_group=0`. Node
   * can only do that with `setsid()`, so the child also gets a session of its own; joining an
   * existing group (a number above 0) is not possible (`ValueError`).
   */
  processGroup?: number;
  /** File descriptors of this process that the child keeps, at the same numbers (`pass_fds`). */
  passFds?: readonly number[];
  /**
   * Not supported: Node starts a child in native code, so no JavaScript can run in it between
   * `fork()` and `exec()`. Any value is a `TypeError` that says so.
   */
  preexecFn?: never;
}

/** How one standard stream is given to Node's `spawn`. */
type Spec = "pipe" | "ignore" | "inherit" | number;

/** The options once checked, in the shape `spawn` needs. @internal */
export interface CheckedOptions {
  /** stdin, stdout, stderr, then the passed descriptors at their own numbers. */
  readonly stdio: Spec[];
  /** stderr goes into the stdout pipe: Node can't share one pipe, so a shell joins them. */
  readonly mergeStderr: boolean;
  readonly cwd: string | undefined;
  readonly env: Record<string, string> | undefined;
  readonly limit: number | undefined;
  /** `setsid()` in the child (`startNewSession`, or `processGroup: 0`). */
  readonly newSession: boolean;
}

const KNOWN = new Set([
  "stdin",
  "stdout",
  "stderr",
  "cwd",
  "env",
  "limit",
  "startNewSession",
  "processGroup",
  "passFds",
  "preexecFn",
]);

function stdioSpec(value: unknown, name: string, method: string): Spec {
  if (value === null || value === undefined) return "inherit";
  if (value === PIPE) return "pipe";
  if (value === DEVNULL) return "ignore";
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (value === STDOUT) {
    throw new ValueError(`${method}() STDOUT can only be used for stderr, not ${name}`);
  }
  throw new TypeError(
    `${method}() ${name} must be PIPE, DEVNULL, STDOUT (stderr only), a file descriptor or null, got ${describe(value)}`,
  );
}

function checkCwd(cwd: unknown, method: string): string | undefined {
  if (cwd === undefined) return undefined;
  if (cwd instanceof URL) {
    if (cwd.protocol !== "file:") {
      throw new TypeError(`${method}() cwd must be a path or a file: URL, got ${cwd.href}`);
    }
    return fileURLToPath(cwd);
  }
  if (typeof cwd !== "string") {
    throw new TypeError(`${method}() cwd must be a string or a file: URL, got ${describe(cwd)}`);
  }
  if (cwd.includes("\0")) throw new ValueError(`${method}() cwd: embedded null byte`);
  return cwd;
}

function checkEnv(env: unknown, method: string): Record<string, string> | undefined {
  if (env === undefined) return undefined;
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw new TypeError(`${method}() env must be an object of strings, got ${describe(env)}`);
  }
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (typeof value !== "string") {
      throw new TypeError(
        `${method}() env[${JSON.stringify(key)}] must be a string, got ${describe(value)}`,
      );
    }
    if (key === "" || key.includes("=")) {
      throw new ValueError(`${method}() env: illegal environment variable name ${describe(key)}`);
    }
    if (key.includes("\0") || value.includes("\0")) {
      throw new ValueError(`${method}() env[${JSON.stringify(key)}]: embedded null byte`);
    }
    checked[key] = value;
  }
  return checked;
}

function checkLimit(limit: unknown, method: string): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== "number" || Number.isNaN(limit)) {
    throw new TypeError(`${method}() limit must be a number of bytes, got ${describe(limit)}`);
  }
  if (limit <= 0) throw new ValueError(`${method}() limit must be greater than 0, got ${limit}`);
  return limit;
}

function checkFlag(value: unknown, name: string, method: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(`${method}() ${name} must be true or false, got ${describe(value)}`);
  }
  return value;
}

function checkProcessGroup(value: unknown, method: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new TypeError(
      `${method}() processGroup must be a process group id (an integer >= 0), got ${describe(value)}`,
    );
  }
  if (value !== 0) {
    throw new ValueError(
      `${method}() processGroup ${value}: Node can't move a child into an existing process group; only 0 (a new group of its own) is supported`,
    );
  }
  return true;
}

function checkPassFds(value: unknown, method: string): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${method}() passFds must be an array of file descriptors, got ${describe(value)}`,
    );
  }
  const fds: number[] = [];
  for (const [i, fd] of value.entries()) {
    if (typeof fd !== "number" || !Number.isInteger(fd) || fd < 0) {
      throw new TypeError(
        `${method}() passFds[${i}] must be a file descriptor (an integer >= 0), got ${describe(fd)}`,
      );
    }
    if (fd <= 2) {
      throw new ValueError(
        `${method}() passFds[${i}] is ${fd}, a standard stream: use stdin, stdout or stderr for it`,
      );
    }
    try {
      fstatSync(fd);
    } catch (error) {
      const code = (error as { code?: string }).code ?? null;
      throw new OSError(`[Errno 9] Bad file descriptor: passFds[${i}] is ${fd}`, code, {
        cause: error,
      });
    }
    fds.push(fd);
  }
  return fds;
}

/**
 * Checks every option of `method` and returns them ready for `spawn`; throws a `TypeError` or
 * `ValueError` naming the option and quoting the bad value. @internal
 */
export function checkOptions(options: unknown, method: string): CheckedOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${method}() options must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) {
      throw new TypeError(
        `${method}() got an unknown option ${JSON.stringify(key)} (known: ${[...KNOWN].join(", ")})`,
      );
    }
  }
  const given = options as Record<string, unknown>;
  if (given.preexecFn !== undefined) {
    throw new TypeError(
      `${method}() preexecFn is not supported: Node starts a child in native code, so no JavaScript can run in the child between fork() and exec(); use startNewSession or processGroup, or run a wrapper program`,
    );
  }
  const stdin = stdioSpec(given.stdin, "stdin", method);
  const stdout = stdioSpec(given.stdout, "stdout", method);
  let stderr: Spec;
  let mergeStderr = false;
  if (given.stderr === STDOUT) {
    if (stdout === "pipe") {
      mergeStderr = true;
      stderr = "ignore";
    } else {
      stderr = stdout === "inherit" ? 1 : stdout;
    }
  } else {
    stderr = stdioSpec(given.stderr, "stderr", method);
  }
  const cwd = checkCwd(given.cwd, method);
  const env = checkEnv(given.env, method);
  const limit = checkLimit(given.limit, method);
  const startNewSession = checkFlag(given.startNewSession, "startNewSession", method);
  const newGroup = checkProcessGroup(given.processGroup, method);
  const passFds = checkPassFds(given.passFds, method);
  const stdio: Spec[] = [stdin, stdout, stderr];
  // A descriptor keeps its number in the child: the slots in between stay closed.
  for (const fd of [...passFds].sort((a, b) => a - b)) {
    while (stdio.length < fd) stdio.push("ignore");
    stdio[fd] = fd;
  }
  return { stdio, mergeStderr, cwd, env, limit, newSession: startNewSession || newGroup };
}
