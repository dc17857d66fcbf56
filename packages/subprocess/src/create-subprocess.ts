/**
 * Starting children, as Python's `asyncio.create_subprocess_exec()` and
 * `create_subprocess_shell()`, on Node's `child_process.spawn`.
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import { type EventLoopContract, Future, getRunningLoop, ValueError } from "@asyncio/futures";
import { describe, executionFrames } from "@asyncio/futures/contract";
import {
  connectReadPipe,
  connectWritePipe,
  FlowControlProtocol,
  StreamReader,
  StreamReaderProtocol,
  type StreamTransport,
  StreamWriter,
} from "@asyncio/streams";
import { Coroutine } from "@asyncio/tasks";
import { fromSpawnError } from "./errors.js";
import { checkProgram } from "./find-program.js";
import { ChildResource } from "./internal/child-resource.js";
import { describeChild } from "./internal/describe-child.js";
import { type CheckedOptions, checkOptions, type SubprocessOptions } from "./options.js";
import { Process } from "./process.js";

interface Launch {
  /** What the program is called in errors (the program, or the shell command). */
  readonly program: string;
  /** A program to look up first, when the shell would hide that it is missing. */
  readonly checkFirst: string | null;
  readonly file: string;
  readonly args: string[];
  readonly options: CheckedOptions;
}

/** Builds the spawn arguments; `stderr: STDOUT` into a stdout pipe needs a shell to dup the fd. */
function plan(
  command: { file: string; args: string[] } | { shell: string },
  options: CheckedOptions,
): Launch {
  if ("shell" in command) {
    const script = options.mergeStderr ? `exec 2>&1\n${command.shell}` : command.shell;
    return {
      program: "/bin/sh",
      checkFirst: null,
      file: "/bin/sh",
      args: ["-c", script],
      options,
    };
  }
  if (options.mergeStderr) {
    return {
      program: command.file,
      checkFirst: command.file,
      file: "/bin/sh",
      args: ["-c", 'exec 2>&1; exec "$0" "$@"', command.file, ...command.args],
      options,
    };
  }
  return {
    program: command.file,
    checkFirst: null,
    file: command.file,
    args: command.args,
    options,
  };
}

async function launch(launchPlan: Launch): Promise<Process> {
  const loop = getRunningLoop();
  const { options } = launchPlan;
  if (launchPlan.checkFirst !== null) checkProgram(launchPlan.checkFirst, options.env, options.cwd);
  // Outside the task's frame, so that Node's callbacks for the child never look like the task.
  const child: ChildProcess = executionFrames.exit(() =>
    spawn(launchPlan.file, launchPlan.args, {
      stdio: options.stdio as StdioOptions,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.newSession ? { detached: true } : {}),
    }),
  );
  // From now on the loop owns the child: closing the loop kills it if it still runs.
  const resource = new ChildResource(loop, child);
  // Starting is real work (virtual time waits for it), and so is waiting on the running child.
  const starting = loop._realWork?.hold(() => `starting ${describeChild(child)}`);
  const started = new Future<void>({ loop });
  let process: Process | null = null;
  const exitEvents: (() => void)[] = [];
  const onLoop = (callback: () => void): void => {
    if (loop.isClosed()) return;
    loop.callSoon(() => {
      if (process === null) exitEvents.push(callback);
      else callback();
    });
  };
  child.once("spawn", () =>
    loop.isClosed() ? undefined : loop.callSoon(() => started.done() || started.setResult()),
  );
  child.on("error", (error) => {
    if (!loop.isClosed()) {
      const failure = fromSpawnError(error, launchPlan.program, options.cwd);
      loop.callSoon(() => started.done() || started.setException(failure));
    }
  });
  child.once("exit", (code, signal) => {
    // Waits on the child held virtual time while it ran: they hold it no longer.
    loop._realWork?.recheck();
    onLoop(() => process?._exited(code, signal));
  });
  child.once("close", (code, signal) => {
    // Whether or not a Process was made, the loop has nothing of this child left to close.
    resource.release();
    onLoop(() => {
      process?._exited(code, signal);
      process?._finished();
    });
  });
  // Take the pipes over before anything else can run: see connectReadPipe.
  const connecting = connectPipes(loop, child, options.limit);
  let pipes: Pipes;
  try {
    await started;
    pipes = await connecting;
  } catch (error) {
    starting?.release();
    // Failed to start, or cancelled while starting: leave no child or pipe behind.
    if (resource.isRunning()) child.kill("SIGKILL");
    for (const pipe of [child.stdin, child.stdout, child.stderr]) pipe?.destroy();
    connecting.close();
    if (child.pid === undefined) resource.release();
    throw error;
  }
  starting?.release();
  process = new Process(loop, child, pipes);
  for (const callback of exitEvents.splice(0)) callback();
  return process;
}

type Pipes = {
  stdin: StreamWriter | null;
  stdout: StreamReader | null;
  stderr: StreamReader | null;
};

/**
 * Connects the child's pipes now (the transports take them over at once); the returned
 * coroutine, awaited once the child runs, waits for every protocol to be made.
 */
function connectPipes(
  loop: EventLoopContract,
  child: ChildProcess,
  limit: number | undefined,
): Coroutine<Pipes> {
  const writing =
    child.stdin === null
      ? null
      : connectWritePipe(() => new FlowControlProtocol(loop), child.stdin);
  const reader = (
    pipe: ChildProcess["stdout"],
  ): [StreamReader, Coroutine<[unknown, unknown]>] | null => {
    if (pipe === null) return null;
    const stream = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    return [stream, connectReadPipe(() => new StreamReaderProtocol(stream, null, loop), pipe)];
  };
  const out = reader(child.stdout);
  const err = reader(child.stderr);
  // The child is outside the loop: reading its output and writing its input hold virtual time
  // while it runs.
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const facing = (transport: unknown, pipe: string): void =>
    (transport as StreamTransport)._setPeer(() => `${pipe} of ${describeChild(child)}`, running);
  return new Coroutine(async () => {
    let stdin: StreamWriter | null = null;
    if (writing !== null) {
      const [transport, protocol] = await writing;
      facing(transport, "stdin");
      stdin = new StreamWriter(transport, protocol, null, loop);
    }
    if (out !== null) facing((await out[1])[0], "stdout");
    if (err !== null) facing((await err[1])[0], "stderr");
    return { stdin, stdout: out?.[0] ?? null, stderr: err?.[0] ?? null };
  });
}

/**
 * Runs `program` with `args` (no shell) and resolves to a `Process` once it has started;
 * a program that can't be started raises `FileNotFoundError`/`PermissionError`.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessExec("echo", ["hi"], { stdout: PIPE });
 * console.log(await proc.stdout!.readline()); // "hi\n"
 * await proc.wait();
 * ```
 */
export function createSubprocessExec(
  program: string,
  args: readonly string[] = [],
  options: SubprocessOptions = {},
): Coroutine<Process> {
  if (typeof program !== "string" || program === "") {
    throw new TypeError(
      `createSubprocessExec() program must be a non-empty string, got ${describe(program)}`,
    );
  }
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) {
    throw new TypeError(
      `createSubprocessExec() args must be an array of strings, got ${describe(args)}`,
    );
  }
  if (program.includes("\0") || args.some((arg) => arg.includes("\0"))) {
    throw new ValueError("createSubprocessExec(): embedded null byte");
  }
  const launchPlan = plan(
    { file: program, args: [...args] },
    checkOptions(options, "createSubprocessExec"),
  );
  return new Coroutine(() => launch(launchPlan));
}

/**
 * Runs `cmd` through `/bin/sh -c` and resolves to a `Process`.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessShell("echo hi; exit 3", { stdout: PIPE });
 * const [out] = await proc.communicate();
 * console.log(proc.returncode); // 3
 * ```
 */
export function createSubprocessShell(
  cmd: string,
  options: SubprocessOptions = {},
): Coroutine<Process> {
  if (typeof cmd !== "string" || cmd === "") {
    throw new TypeError(
      `createSubprocessShell() cmd must be a non-empty string, got ${describe(cmd)}`,
    );
  }
  if (cmd.includes("\0")) throw new ValueError("createSubprocessShell(): embedded null byte");
  const launchPlan = plan({ shell: cmd }, checkOptions(options, "createSubprocessShell"));
  return new Coroutine(() => launch(launchPlan));
}
