/**
 * `Process`: a running child, as Python's `asyncio.subprocess.Process`. Its pipes are streams
 * (`stdin` a `StreamWriter`, `stdout`/`stderr` `StreamReader`s); `wait()` waits for the exit,
 * `communicate()` feeds stdin and collects the output without deadlocking on full pipes.
 */
import type { ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { type EventLoopContract, Future, isCancelledError, ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import {
  BrokenPipeError,
  ConnectionResetError,
  type StreamReader,
  type StreamWriter,
} from "@asyncio/streams";
import { Coroutine, createTask, type Task } from "@asyncio/tasks";
import { ProcessLookupError } from "./errors.js";

/** `[stdout, stderr]`: the bytes read, or `null` for a stream that is not a pipe. */
export type CommunicateResult = [stdout: Uint8Array | null, stderr: Uint8Array | null];

/**
 * Python's `asyncio.subprocess.Process`: a child started by `createSubprocessExec` or
 * `createSubprocessShell`, with its pipes as streams. `wait()` waits for it to exit;
 * `communicate()` writes its input and reads its output without deadlocking on full pipes.
 *
 * @example
 * ```ts
 * const proc = await createSubprocessExec("ls", ["-l"], { stdout: PIPE });
 * const [out] = await proc.communicate();
 * console.log(proc.returncode, new TextDecoder().decode(out!));
 * ```
 */
export class Process {
  /** The child's process id. */
  readonly pid: number;
  /** A writer to the child's stdin when it is `PIPE`, else `null`. */
  readonly stdin: StreamWriter | null;
  /** A reader of the child's stdout when it is `PIPE`, else `null`. */
  readonly stdout: StreamReader | null;
  /** A reader of the child's stderr when it is `PIPE`, else `null`. */
  readonly stderr: StreamReader | null;
  private readonly child: ChildProcess;
  private readonly loop: EventLoopContract;
  private code: number | null = null;
  private finished = false;
  private readonly waiters: Future<number>[] = [];

  /** @internal */
  constructor(
    loop: EventLoopContract,
    child: ChildProcess,
    pipes: { stdin: StreamWriter | null; stdout: StreamReader | null; stderr: StreamReader | null },
  ) {
    this.loop = loop;
    this.child = child;
    this.pid = child.pid as number;
    this.stdin = pipes.stdin;
    this.stdout = pipes.stdout;
    this.stderr = pipes.stderr;
  }

  /** @internal Called (on the loop) when the child exits. */
  _exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.code !== null) return;
    this.code = code ?? -(signal === null ? 0 : (constants.signals[signal] ?? 0));
  }

  /** @internal Called (on the loop) when the child has exited and its pipes are closed. */
  _finished(): void {
    this.finished = true;
    const code = this.code as number;
    for (const waiter of this.waiters.splice(0)) if (!waiter.done()) waiter.setResult(code);
  }

  /**
   * The exit status once the child has exited, else `null`; `-N` when signal `N` killed it.
   */
  get returncode(): number | null {
    return this.code;
  }

  /**
   * Waits for the child to exit and returns its `returncode`. With `stdout`/`stderr` as `PIPE`,
   * read them (or use `communicate()`): a child blocked on a full pipe never exits. A cancelled
   * wait leaves the child running.
   */
  wait(): Coroutine<number> {
    return new Coroutine(async () => {
      if (this.code !== null && this.finished) return this.code;
      const waiter = new Future<number>({ loop: this.loop });
      this.waiters.push(waiter);
      return await waiter;
    });
  }

  /**
   * Writes `input` to stdin (then closes it), reads stdout and stderr to their end, waits for the
   * exit, and resolves to `[stdout, stderr]`. If cancelled, whatever was read stays in
   * `process.stdout`/`stderr` (nothing is consumed) and the child keeps running.
   */
  communicate(input: Uint8Array | null = null): Coroutine<CommunicateResult> {
    if (input !== null && !(input instanceof Uint8Array)) {
      throw new TypeError(
        `communicate() input must be a Uint8Array or null, got ${describe(input)}`,
      );
    }
    if (input !== null && this.stdin === null) {
      throw new ValueError("communicate() got input, but the process's stdin is not PIPE");
    }
    return new Coroutine(async () => {
      const jobs: Task<unknown>[] = [];
      const stdin = this.stdin;
      const stdout = this.stdout;
      const stderr = this.stderr;
      const feeding = stdin === null ? null : createTask(() => feedStdin(stdin, input));
      const reading = [stdout, stderr].map((reader) =>
        reader === null ? null : createTask(() => reader._readToEof()),
      );
      for (const job of [feeding, ...reading]) if (job !== null) jobs.push(job);
      let out: Uint8Array | null = null;
      let err: Uint8Array | null = null;
      try {
        if (feeding !== null) await feeding;
        if (reading[0]) out = await reading[0];
        if (reading[1]) err = await reading[1];
      } finally {
        for (const job of jobs) if (!job.done()) job.cancel();
      }
      await this.wait();
      return [out, err] as CommunicateResult;
    });
  }

  /**
   * Sends `signal` (a name such as `"SIGHUP"` or a number) to the child; `ProcessLookupError` if
   * it has already exited, `ValueError` for a signal this system doesn't have.
   */
  sendSignal(signal: NodeJS.Signals | number): void {
    if (typeof signal === "string") {
      if (!Object.hasOwn(constants.signals, signal)) {
        throw new ValueError(`sendSignal() got an unknown signal ${describe(signal)}`);
      }
    } else if (typeof signal === "number" && Number.isInteger(signal) && signal >= 0) {
      if (signal !== 0 && !Object.values(constants.signals).includes(signal)) {
        throw new ValueError(`sendSignal() got an unknown signal ${signal}`);
      }
    } else {
      throw new TypeError(
        `sendSignal() signal must be a signal name or number, got ${describe(signal)}`,
      );
    }
    if (this.code !== null || !this.child.kill(signal)) {
      throw new ProcessLookupError(`process ${this.pid} has already exited`, "ESRCH");
    }
  }

  /** Sends `SIGTERM`. */
  terminate(): void {
    this.sendSignal("SIGTERM");
  }

  /** Sends `SIGKILL`. */
  kill(): void {
    this.sendSignal("SIGKILL");
  }

  toString(): string {
    return `<Process ${this.pid}${this.code === null ? "" : ` returncode=${this.code}`}>`;
  }
}

async function feedStdin(stdin: StreamWriter, input: Uint8Array | null): Promise<void> {
  if (input !== null && input.length > 0) stdin.write(input);
  try {
    await stdin.drain();
  } catch (error) {
    // A child that exits without reading all its input is not an error of communicate().
    if (isCancelledError(error)) throw error;
    if (!(error instanceof BrokenPipeError || error instanceof ConnectionResetError)) throw error;
  }
  stdin.close();
}
