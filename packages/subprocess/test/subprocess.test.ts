import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, ValueError } from "@asyncio/futures";
import { BrokenPipeError, ConnectionResetError } from "@asyncio/streams";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  FileNotFoundError,
  PIPE,
  ProcessLookupError,
  STDOUT,
} from "../src/index.js";

const io = <T>(body: () => Promise<T>): Promise<T> => withTestLoop(body, { realTime: true });
const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const dec = (bytes: Uint8Array | null): string =>
  new TextDecoder().decode(bytes ?? new Uint8Array());
const node = process.execPath;

describe("createSubprocessExec / createSubprocessShell", () => {
  it("stdin_stdout: a child that echoes its input (test_subprocess.py::SubprocessMixin::test_stdin_stdout)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      expect(proc.pid).toBeGreaterThan(0);
      expect(proc.returncode).toBeNull();
      proc.stdin?.write(enc("python is fun\n"));
      await proc.stdin?.drain();
      expect(dec((await proc.stdout?.readline()) ?? null)).toBe("python is fun\n");
      proc.stdin?.close();
      expect(await proc.wait()).toBe(0);
      expect(proc.returncode).toBe(0);
    });
  });

  it("communicate (test_subprocess.py::SubprocessMixin::test_communicate)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const [out, err] = await proc.communicate(enc("some data"));
      expect(dec(out)).toBe("some data");
      expect(err).toBeNull();
      expect(proc.returncode).toBe(0);
    });
  });

  it("communicate_none_input (test_subprocess.py::SubprocessMixin::test_communicate_none_input)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const [out] = await proc.communicate();
      expect(dec(out)).toBe("");
      expect(proc.returncode).toBe(0);
    });
  });

  it("shell (test_subprocess.py::SubprocessMixin::test_shell)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("exit 7");
      expect(await proc.wait()).toBe(7);
    });
  });

  it("shell with both pipes (subprocess.py::create_subprocess_shell, stdout and stderr PIPE)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("echo out; echo err >&2", {
        stdout: PIPE,
        stderr: PIPE,
      });
      const [out, err] = await proc.communicate();
      expect(dec(out)).toBe("out\n");
      expect(dec(err)).toBe("err\n");
    });
  });

  it("kill: killed by SIGKILL has returncode -9 (test_subprocess.py::SubprocessMixin::test_kill)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("sleep", ["60"]);
      proc.kill();
      expect(await proc.wait()).toBe(-9);
    });
  });

  it("terminate gives -SIGTERM (test_subprocess.py::SubprocessMixin::test_terminate)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("sleep", ["60"]);
      proc.terminate();
      expect(await proc.wait()).toBe(-15);
    });
  });

  it("send_signal (test_subprocess.py::SubprocessMixin::test_send_signal)", async () => {
    await io(async () => {
      // The child says it is ready, then waits; SIGHUP kills it.
      const proc = await createSubprocessExec(
        node,
        ["-e", "console.log('ready'); setInterval(() => {}, 1000)"],
        {
          stdout: PIPE,
        },
      );
      expect(dec((await proc.stdout?.readline()) ?? null)).toBe("ready\n");
      proc.sendSignal("SIGHUP");
      const [out] = await proc.communicate();
      expect(dec(out)).toBe("");
      expect(proc.returncode).toBe(-1);
    });
  });

  it("a signal to an exited process is ProcessLookupError (test_subprocess.py::SubprocessTransportTests::test_proc_exited)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("true");
      expect(await proc.wait()).toBe(0);
      expect(() => proc.kill()).toThrow(ProcessLookupError);
      expect(() => proc.terminate()).toThrow(ProcessLookupError);
      expect(() => proc.sendSignal("SIGINT")).toThrow(`process ${proc.pid} has already exited`);
    });
  });

  it("stdout and stderr each several megabytes without deadlock (subprocess.py::Process::communicate, both pipes at once)", async () => {
    await io(async () => {
      const script =
        "const a = Buffer.alloc(3 << 20, 97), b = Buffer.alloc(2 << 20, 98);" +
        "process.stdout.write(a); process.stderr.write(b);";
      const proc = await createSubprocessExec(node, ["-e", script], { stdout: PIPE, stderr: PIPE });
      const [out, err] = await proc.communicate();
      expect(out?.length).toBe(3 << 20);
      expect(err?.length).toBe(2 << 20);
      expect(out?.[12345]).toBe(97);
      expect(err?.[12345]).toBe(98);
      expect(proc.returncode).toBe(0);
    });
  });

  it("large input and output at once (test_subprocess.py::SubprocessMixin::test_communicate with 4 MiB)", async () => {
    await io(async () => {
      const input = new Uint8Array(4 << 20);
      for (let i = 0; i < input.length; i++) input[i] = i % 256;
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const [out] = await proc.communicate(input);
      expect(out?.length).toBe(input.length);
      expect(out?.[input.length - 1]).toBe((input.length - 1) % 256);
    });
  });

  it("communicate_ignore_broken_pipe: a child that doesn't read its input (test_subprocess.py::SubprocessMixin::test_communicate_ignore_broken_pipe)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("true", [], { stdin: PIPE });
      const [out, err] = await proc.communicate(new Uint8Array(8 << 20));
      expect(out).toBeNull();
      expect(err).toBeNull();
      expect(proc.returncode).toBe(0);
    });
  });

  it("stderr=STDOUT merges the streams (subprocess.py::create_subprocess_exec, stderr=STDOUT)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec(
        node,
        ["-e", "process.stdout.write('one\\n'); process.stderr.write('two\\n')"],
        { stdout: PIPE, stderr: STDOUT },
      );
      const [out, err] = await proc.communicate();
      expect(dec(out).split("\n").sort()).toEqual(["", "one", "two"]);
      expect(err).toBeNull();
      expect(proc.stderr).toBeNull();
    });
  });

  it("shell with stderr=STDOUT (subprocess.py::create_subprocess_shell, stderr=STDOUT)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("echo a; echo b >&2", {
        stdout: PIPE,
        stderr: STDOUT,
      });
      const [out] = await proc.communicate();
      expect(dec(out)).toBe("a\nb\n");
    });
  });

  it("DEVNULL (test_subprocess.py::SubprocessMixin::test_devnull_input / test_devnull_output)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("cat; echo done", {
        stdin: DEVNULL,
        stdout: PIPE,
        stderr: DEVNULL,
      });
      const [out] = await proc.communicate();
      expect(dec(out)).toBe("done\n");
      expect(proc.stdin).toBeNull();
    });
  });

  it("communicate() without pipes waits and gives [null, null] (subprocess.py::Process::communicate, no pipes)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("true", [], { stdout: DEVNULL });
      expect(await proc.communicate()).toEqual([null, null]);
      expect(proc.returncode).toBe(0);
    });
  });

  it("communicate(input) without a stdin pipe is a ValueError", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("true");
      expect(() => proc.communicate(enc("x"))).toThrow(ValueError);
      expect(() => proc.communicate(enc("x"))).toThrow("stdin is not PIPE");
      expect(() => proc.communicate("x" as unknown as Uint8Array)).toThrow(TypeError);
      await proc.wait();
    });
  });

  it("a program that doesn't exist is FileNotFoundError (subprocess.py::create_subprocess_exec, missing program)", async () => {
    await io(async () => {
      const error = await createSubprocessExec("/nonexistent/program").then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FileNotFoundError);
      expect((error as FileNotFoundError).code).toBe("ENOENT");
    });
  });

  it("cwd and env (test_subprocess.py::SubprocessMixin::test_create_subprocess_env_shell, with cwd)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell('pwd; echo "$GREETING"', {
        stdout: PIPE,
        cwd: "/",
        env: { GREETING: "hello", PATH: process.env.PATH },
      });
      const [out] = await proc.communicate();
      expect(dec(out)).toBe("/\nhello\n");
    });
  });

  it("bad arguments are TypeError/ValueError naming them (test_subprocess.py::SubprocessMixin::test_create_subprocess_exec_text_mode_fails, argument checks)", async () => {
    await io(async () => {
      expect(() => createSubprocessExec("")).toThrow("program must be a non-empty string");
      expect(() => createSubprocessExec("ls", "x" as unknown as string[])).toThrow(
        "args must be an array of strings",
      );
      expect(() => createSubprocessExec("ls", [], { stdin: STDOUT })).toThrow(ValueError);
      expect(() => createSubprocessExec("ls", [], { stdout: "pipe" as unknown as number })).toThrow(
        "stdout must be PIPE, DEVNULL, STDOUT (stderr only), a file descriptor or null",
      );
      expect(() => createSubprocessShell(42 as unknown as string)).toThrow(TypeError);
      expect(() => createSubprocessShell("true", { cwd: 5 as unknown as string })).toThrow(
        "cwd must be a string",
      );
    });
  });

  it("reading stdout line by line as it comes (subprocess.py::Process::stdout as a StreamReader)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("for i in 1 2 3; do echo line $i; done", {
        stdout: PIPE,
      });
      const lines: string[] = [];
      for await (const line of proc.stdout!) lines.push(dec(line));
      expect(lines).toEqual(["line 1\n", "line 2\n", "line 3\n"]);
      expect(await proc.wait()).toBe(0);
    });
  });

  it("cancel_process_wait: a cancelled wait leaves the child running (test_subprocess.py::SubprocessMixin::test_cancel_process_wait)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("sleep", ["60"]);
      const waiting = createTask(proc.wait());
      await sleep(0.01);
      waiting.cancel();
      await expect(waiting).rejects.toBeInstanceOf(CancelledError);
      expect(proc.returncode).toBeNull();
      proc.kill();
      expect(await proc.wait()).toBe(-9);
    });
  });

  it("a cancelled communicate keeps the output buffered (subprocess.py::Process::communicate, cancelled)", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("echo partial; exec sleep 60", { stdout: PIPE });
      const stdout = proc.stdout!;
      const talking = createTask(proc.communicate());
      while (stdout.bufferedSize === 0) await sleep(0.005);
      talking.cancel();
      await expect(talking).rejects.toBeInstanceOf(CancelledError);
      expect(proc.returncode).toBeNull();
      expect(dec(await stdout.readline())).toBe("partial\n");
      proc.kill();
      expect(await proc.wait()).toBe(-9);
    });
  });

  it("spawn 20 processes, 8 at a time (subprocess.py::create_subprocess_shell, concurrent workers)", async () => {
    await io(async () => {
      let running = 0;
      let peak = 0;
      const codes: number[] = [];
      const worker = async (count: number): Promise<void> => {
        for (let i = 0; i < count; i++) {
          running++;
          peak = Math.max(peak, running);
          const proc = await createSubprocessShell(`exit ${codes.length % 3}`);
          codes.push(await proc.wait());
          running--;
        }
      };
      const workers = [3, 3, 3, 3, 2, 2, 2, 2].map((n) => createTask(() => worker(n)));
      for (const w of workers) await w;
      expect(codes).toHaveLength(20);
      expect(peak).toBeLessThanOrEqual(8);
      expect(new Set(codes)).toEqual(new Set([0, 1, 2]));
    });
  });

  it("cancel_make_subprocess_transport_exec: cancelling the start leaves no child running (test_subprocess.py::SubprocessMixin::test_cancel_make_subprocess_transport_exec)", async () => {
    await io(async () => {
      const starting = createTask(createSubprocessExec("sleep", ["60"], { stdout: PIPE }));
      await sleep(0);
      starting.cancel();
      await expect(starting).rejects.toBeInstanceOf(CancelledError);
      // The child was killed: nothing of it is left for the test loop to wait on.
      await sleep(0.05);
    });
  });

  it("stdin_broken_pipe: drain() on the stdin of a child that exited raises (test_subprocess.py::SubprocessMixin::test_stdin_broken_pipe)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("true", [], { stdin: PIPE });
      await proc.wait();
      const stdin = proc.stdin as NonNullable<typeof proc.stdin>;
      const error = await (async () => {
        for (let i = 0; i < 100; i++) {
          stdin.write(new Uint8Array(1 << 20));
          await stdin.drain();
        }
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error instanceof BrokenPipeError || error instanceof ConnectionResetError).toBe(true);
    });
  });

  it("empty_input (test_subprocess.py::SubprocessMixin::test_empty_input)", async () => {
    await io(async () => {
      const code =
        "let n = 0; process.stdin.on('data', (d) => { n += d.length; }).on('end', () => console.log(n));";
      const proc = await createSubprocessExec(node, ["-e", code], {
        stdin: PIPE,
        stdout: PIPE,
        stderr: PIPE,
      });
      const [out] = await proc.communicate(new Uint8Array(0));
      expect(dec(out).trim()).toBe("0");
      expect(proc.returncode).toBe(0);
    });
  });

  it("devnull_error (test_subprocess.py::SubprocessMixin::test_devnull_error)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("cat", [], {
        stdin: PIPE,
        stdout: PIPE,
        stderr: DEVNULL,
      });
      const [out, err] = await proc.communicate(enc("abc"));
      expect(dec(out)).toBe("abc");
      expect(err).toBeNull();
      expect(proc.returncode).toBe(0);
    });
  });

  it("read_stdout_after_process_exit (test_subprocess.py::SubprocessMixin::test_read_stdout_after_process_exit)", async () => {
    await io(async () => {
      const code =
        "for (let i = 0; i < 64; i++) process.stdout.write('x'.repeat(4096)); process.exitCode = 1;";
      const proc = await createSubprocessExec(node, ["-e", code], { stdout: PIPE });
      const stdout = proc.stdout as NonNullable<typeof proc.stdout>;
      let total = 0;
      for (;;) {
        const data = await stdout.read(65536);
        if (data.length === 0) break;
        total += data.length;
        await sleep(0.01);
      }
      expect(total).toBe(64 * 4096);
      expect(await proc.wait()).toBe(1);
    });
  });

  it("subprocess_concurrent_wait: many waits get the same returncode (test_subprocess.py::SubprocessMixin::test_subprocess_concurrent_wait)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
      const [out] = await proc.communicate(enc("some data"));
      expect(dec(out)).toBe("some data");
      const waits = Array.from({ length: 10 }, () => createTask(proc.wait()));
      const codes: number[] = [];
      for (const w of waits) codes.push(await w);
      expect(codes).toEqual(Array(10).fill(0));
    });
  });

  it("toString shows pid and returncode (test_subprocess.py::SubprocessTransportTests::test_subprocess_repr)", async () => {
    await io(async () => {
      const proc = await createSubprocessExec("sleep", ["60"]);
      expect(String(proc)).toBe(`<Process ${proc.pid}>`);
      proc.kill();
      await proc.wait();
      expect(String(proc)).toBe(`<Process ${proc.pid} returncode=-9>`);
    });
  });
});
