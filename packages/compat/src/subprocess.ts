/**
 * `asyncio.subprocess`: the pipe constants, `Process`, and the two creation functions with
 * Python's call shape — `create_subprocess_exec(program, ...args, { stdout: PIPE })`.
 */
import {
  createSubprocessExec,
  createSubprocessShell,
  type Process,
  type SubprocessOptions,
} from "@asyncio/subprocess";
import type { Coroutine } from "@asyncio/tasks";

export { DEVNULL, PIPE, Process, STDOUT } from "@asyncio/subprocess";

/** Python's keyword arguments of the subprocess functions this port supports. */
export type PythonSubprocessOptions = SubprocessOptions;

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
  return createSubprocessExec(program, args, options);
}

/** `asyncio.create_subprocess_shell(cmd, stdin=..., stdout=..., ...)`. */
export function create_subprocess_shell(
  cmd: string,
  options: PythonSubprocessOptions = {},
): Coroutine<Process> {
  return createSubprocessShell(cmd, options);
}
