/**
 * Starting children, as Python's `asyncio.create_subprocess_exec()` and
 * `create_subprocess_shell()`, on Node's `child_process.spawn`.
 */
import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import {
  describe,
  type EventLoopContract,
  executionFrames,
  Future,
  getRunningLoop,
  ValueError,
} from "@asyncio/futures";
import {
  connectReadPipe,
  connectWritePipe,
  FlowControlProtocol,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
} from "@asyncio/streams";
import { Coroutine } from "@asyncio/tasks";
import { DEVNULL, PIPE, STDOUT, type StdioOption } from "./constants.js";
import { fromSpawnError } from "./errors.js";
import { Process } from "./process.js";

export interface SubprocessOptions {
  stdin?: StdioOption;
  stdout?: StdioOption;
  stderr?: StdioOption;
  /** The working directory of the child. */
  cwd?: string;
  /** The whole environment of the child (the parent's by default). */
  env?: Record<string, string | undefined>;
  /** The buffer limit of the `stdout`/`stderr` readers (64 KiB by default). */
  limit?: number;
}

type Spec = "pipe" | "ignore" | "inherit" | number;

function stdioSpec(value: unknown, name: string): Spec {
  if (value === null || value === undefined) return "inherit";
  if (value === PIPE) return "pipe";
  if (value === DEVNULL) return "ignore";
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (value === STDOUT) throw new ValueError(`STDOUT can only be used for stderr, not ${name}`);
  throw new TypeError(
    `${name} must be PIPE, DEVNULL, STDOUT (stderr only), a file descriptor or null, got ${describe(value)}`,
  );
}

function checkOptions(options: SubprocessOptions, method: string): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${method}() options must be an object, got ${describe(options)}`);
  }
  if (options.cwd !== undefined && typeof options.cwd !== "string") {
    throw new TypeError(`${method}() cwd must be a string, got ${describe(options.cwd)}`);
  }
  if (options.env !== undefined && (typeof options.env !== "object" || options.env === null)) {
    throw new TypeError(`${method}() env must be an object, got ${describe(options.env)}`);
  }
}

interface Launch {
  file: string;
  args: string[];
  stdio: [Spec, Spec, Spec];
}

/** Builds the spawn arguments; `stderr: STDOUT` into a stdout pipe needs a shell to dup the fd. */
function plan(
  command: { file: string; args: string[] } | { shell: string },
  options: SubprocessOptions,
): Launch {
  const stdin = stdioSpec(options.stdin, "stdin");
  const stdout = stdioSpec(options.stdout, "stdout");
  let stderr: Spec;
  let merge = false;
  if (options.stderr === STDOUT) {
    if (stdout === "pipe") {
      merge = true;
      stderr = "ignore";
    } else {
      stderr = stdout === "inherit" ? 1 : stdout;
    }
  } else {
    stderr = stdioSpec(options.stderr, "stderr");
  }
  if ("shell" in command) {
    const script = merge ? `exec 2>&1\n${command.shell}` : command.shell;
    return { file: "/bin/sh", args: ["-c", script], stdio: [stdin, stdout, stderr] };
  }
  if (merge) {
    return {
      file: "/bin/sh",
      args: ["-c", 'exec 2>&1; exec "$0" "$@"', command.file, ...command.args],
      stdio: [stdin, stdout, stderr],
    };
  }
  return { file: command.file, args: command.args, stdio: [stdin, stdout, stderr] };
}

async function launch(launchPlan: Launch, options: SubprocessOptions): Promise<Process> {
  const loop = getRunningLoop();
  const limit = options.limit;
  // Outside the task's frame, so that Node's callbacks for the child never look like the task.
  const child: ChildProcess = executionFrames.exit(() =>
    spawn(launchPlan.file, launchPlan.args, {
      stdio: launchPlan.stdio as StdioOptions,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
    }),
  );
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
      loop.callSoon(() => started.done() || started.setException(fromSpawnError(error)));
    }
  });
  child.once("exit", (code, signal) => onLoop(() => process?._exited(code, signal)));
  child.once("close", (code, signal) =>
    onLoop(() => {
      process?._exited(code, signal);
      process?._finished();
    }),
  );
  // Take the pipes over before anything else can run: see connectReadPipe.
  const connecting = connectPipes(loop, child, limit);
  let pipes: Pipes;
  try {
    await started;
    pipes = await connecting;
  } catch (error) {
    // Failed to start, or cancelled while starting: leave no child or pipe behind.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
    }
    for (const pipe of [child.stdin, child.stdout, child.stderr]) pipe?.destroy();
    connecting.close();
    throw error;
  }
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
  const reader = (pipe: ChildProcess["stdout"]): [StreamReader, Coroutine<unknown>] | null => {
    if (pipe === null) return null;
    const stream = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    return [stream, connectReadPipe(() => new StreamReaderProtocol(stream, null, loop), pipe)];
  };
  const out = reader(child.stdout);
  const err = reader(child.stderr);
  return new Coroutine(async () => {
    let stdin: StreamWriter | null = null;
    if (writing !== null) {
      const [transport, protocol] = await writing;
      stdin = new StreamWriter(transport, protocol, null, loop);
    }
    if (out !== null) await out[1];
    if (err !== null) await err[1];
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
  checkOptions(options, "createSubprocessExec");
  const launchPlan = plan({ file: program, args: [...args] }, options);
  return new Coroutine(() => launch(launchPlan, options));
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
  checkOptions(options, "createSubprocessShell");
  const launchPlan = plan({ shell: cmd }, options);
  return new Coroutine(() => launch(launchPlan, options));
}
