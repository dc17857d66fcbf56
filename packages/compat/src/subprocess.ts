/**
 * `asyncio.subprocess`: the pipe constants, `Process`, and the two creation functions with
 * Python's call shape — `create_subprocess_exec(program, ...args, { stdout: PIPE })`.
 */

import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import {
  createSubprocessExec,
  createSubprocessShell,
  type Process,
  type SubprocessOptions,
} from "@asyncio/subprocess";
import type { Coroutine } from "@asyncio/tasks";

export { DEVNULL, PIPE, Process, STDOUT } from "@asyncio/subprocess";

/** Python's keyword arguments of the subprocess functions this port supports. */
export interface PythonSubprocessOptions {
  stdin?: SubprocessOptions["stdin"];
  stdout?: SubprocessOptions["stdout"];
  stderr?: SubprocessOptions["stderr"];
  cwd?: SubprocessOptions["cwd"];
  env?: SubprocessOptions["env"];
  limit?: SubprocessOptions["limit"];
  start_new_session?: SubprocessOptions["startNewSession"];
  process_group?: SubprocessOptions["processGroup"];
  pass_fds?: SubprocessOptions["passFds"];
  /** Refused with the `TypeError` of `preexecFn`: see `@asyncio/subprocess`. */
  preexec_fn?: SubprocessOptions["preexecFn"];
  /** Must be false, as Python's asyncio requires (`ValueError` otherwise). */
  text?: boolean;
  universal_newlines?: boolean;
  /** Must be omitted or null, as Python's asyncio requires (`ValueError` otherwise). */
  encoding?: null;
  errors?: null;
}

/** Python's keyword names that map to the idiomatic option of the same meaning. */
const RENAMED: Readonly<Record<string, keyof SubprocessOptions>> = {
  stdin: "stdin",
  stdout: "stdout",
  stderr: "stderr",
  cwd: "cwd",
  env: "env",
  limit: "limit",
  start_new_session: "startNewSession",
  process_group: "processGroup",
  pass_fds: "passFds",
  preexec_fn: "preexecFn",
};

/** Renames Python's keywords; text mode is refused with Python's `ValueError`s. */
function adapt(options: PythonSubprocessOptions, method: string): SubprocessOptions {
  const adapted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key === "text" || key === "universal_newlines") {
      if (value) throw new ValueError(`${method}() ${key} must be False`);
    } else if (key === "encoding" || key === "errors") {
      if (value !== undefined && value !== null) {
        throw new ValueError(`${method}() ${key} must be None`);
      }
    } else if (Object.hasOwn(RENAMED, key)) {
      adapted[RENAMED[key] as string] = value;
    } else {
      throw new TypeError(
        `${method}() got an unexpected keyword argument ${JSON.stringify(key)} (known: ${Object.keys(RENAMED).join(", ")})`,
      );
    }
  }
  return adapted as SubprocessOptions;
}

function isOptions(value: unknown): value is PythonSubprocessOptions {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `asyncio.create_subprocess_exec(program, *args, stdin=..., stdout=..., ...)`: the keyword
 * arguments are a trailing object.
 *
 * @example
 * ```ts
 * const proc = await asyncio.create_subprocess_exec("ls", "-l", { stdout: asyncio.subprocess.PIPE });
 * ```
 */
export function create_subprocess_exec(
  program: string,
  ...rest: (string | PythonSubprocessOptions)[]
): Coroutine<Process> {
  const last = rest[rest.length - 1];
  const options = isOptions(last) ? last : {};
  const args = (isOptions(last) ? rest.slice(0, -1) : rest) as string[];
  return createSubprocessExec(program, args, adapt(options, "create_subprocess_exec"));
}

/** `asyncio.create_subprocess_shell(cmd, stdin=..., stdout=..., ...)`. */
export function create_subprocess_shell(
  cmd: string,
  options: PythonSubprocessOptions = {},
): Coroutine<Process> {
  if (!isOptions(options)) {
    throw new TypeError(
      `create_subprocess_shell() options must be an object, got ${describe(options)}`,
    );
  }
  return createSubprocessShell(cmd, adapt(options, "create_subprocess_shell"));
}
