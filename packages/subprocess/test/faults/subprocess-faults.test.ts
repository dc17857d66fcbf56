/**
 * The fault suite of child processes: children killed while they write or while we write to
 * them, pipes closed by the child while it runs, children that exit before reading their input,
 * and many children failing in different ways at once. Each test asserts what must not be lost:
 * the bytes a child wrote before it died arrive intact (checked against the pattern it writes),
 * every read ends with EOF, every wait() settles with the right status, and a write to a child
 * that can't read any more fails with BrokenPipeError or ConnectionResetError, never silently.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { BrokenPipeError, ConnectionResetError, type StreamReader } from "@asyncio/streams";
import { createTask, gather } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  createSubprocessExec,
  createSubprocessShell,
  DEVNULL,
  PIPE,
  type Process,
} from "../../src/index.js";

const io = <T>(body: () => Promise<T>): Promise<T> => withTestLoop(body, { realTime: true });
const dec = (bytes: Uint8Array | null): string =>
  new TextDecoder().decode(bytes ?? new Uint8Array());

/** The line `yes` repeats: what a killed writer wrote must be these lines, in order. */
const LINE = "0123456789abcdef";

/** Reads `reader` to EOF, in chunks of at most 64 KiB. */
async function readAll(reader: StreamReader): Promise<string> {
  const parts: string[] = [];
  for (;;) {
    const chunk = await reader.read(65536);
    if (chunk.length === 0) return parts.join("");
    parts.push(dec(chunk));
  }
}

/** What drain() raised while writing `total` bytes to the child, or null if all went in. */
async function writeAll(proc: Process, total: number): Promise<unknown> {
  const stdin = proc.stdin as NonNullable<Process["stdin"]>;
  try {
    for (let written = 0; written < total; written += 65536) {
      stdin.write(new Uint8Array(65536).fill(120));
      await stdin.drain();
    }
    return null;
  } catch (error) {
    return error;
  }
}

const isBrokenPipe = (error: unknown): boolean =>
  error instanceof BrokenPipeError || error instanceof ConnectionResetError;

describe("subprocess faults", { timeout: 20_000 }, () => {
  it("10 children killed while writing: every byte they wrote arrives intact, then EOF; wait() is -9", async () => {
    await io(async () => {
      const children = await gather(
        ...Array.from({ length: 10 }, () => createSubprocessExec("yes", [LINE], { stdout: PIPE })),
      );
      const received = await gather(
        ...children.map((proc) =>
          createTask(async () => {
            const reader = proc.stdout as StreamReader;
            // Let it write a good deal first, then kill it mid-stream.
            let head = "";
            while (head.length < 256 * 1024) head += dec(await reader.read(65536));
            proc.kill();
            return head + (await readAll(reader));
          }),
        ),
      );
      for (const text of received) {
        const whole = Math.floor(text.length / (LINE.length + 1)) * (LINE.length + 1);
        expect(text.slice(0, whole)).toBe(`${LINE}\n`.repeat(whole / (LINE.length + 1)));
        expect(`${LINE}\n`.startsWith(text.slice(whole))).toBe(true);
      }
      expect(await gather(...children.map((proc) => proc.wait()))).toEqual(Array(10).fill(-9));
    });
  });

  it("a child killed while we write to it: drain() raises BrokenPipeError or ConnectionResetError", async () => {
    await io(async () => {
      // It reads nothing, so its pipe fills up and drain() waits; then it is killed.
      const proc = await createSubprocessExec("sleep", ["30"], { stdin: PIPE });
      const writing = createTask(writeAll(proc, 64 * 1024 * 1024));
      proc.kill();
      expect(isBrokenPipe(await writing)).toBe(true);
      expect(await proc.wait()).toBe(-9);
    });
  });

  it("20 children that exit before reading their input: communicate() ignores the broken pipe, writes fail loudly", async () => {
    await io(async () => {
      const input = new Uint8Array(1024 * 1024).fill(97);
      const communicated = await gather(
        ...Array.from({ length: 10 }, () =>
          createTask(async () => {
            const proc = await createSubprocessExec("head", ["-c", "100"], {
              stdin: PIPE,
              stdout: PIPE,
            });
            const [out] = await proc.communicate(input);
            return [dec(out).length, proc.returncode];
          }),
        ),
      );
      expect(communicated).toEqual(Array(10).fill([100, 0]));
      const written = await gather(
        ...Array.from({ length: 10 }, () =>
          createTask(async () => {
            const proc = await createSubprocessExec("true", [], { stdin: PIPE });
            return [isBrokenPipe(await writeAll(proc, 8 * 1024 * 1024)), await proc.wait()];
          }),
        ),
      );
      expect(written).toEqual(Array(10).fill([true, 0]));
    });
  });

  it("pipes the child closes while it runs: reads end with EOF at once, the exit status still arrives", async () => {
    await io(async () => {
      const proc = await createSubprocessShell(
        "echo first; echo oops >&2; exec 1>&- 2>&- 0<&-; read nothing; exit 3",
        { stdin: PIPE, stdout: PIPE, stderr: PIPE },
      );
      expect(await readAll(proc.stdout as StreamReader)).toBe("first\n");
      expect(await readAll(proc.stderr as StreamReader)).toBe("oops\n");
      expect(isBrokenPipe(await writeAll(proc, 8 * 1024 * 1024))).toBe(true);
      expect(await proc.wait()).toBe(3);
    });
  });

  it("a child that dies in the middle of a line: readline() gives the partial line, then EOF", async () => {
    await io(async () => {
      const proc = await createSubprocessShell("printf 'one\\ntwo-and-a-ha'; kill -9 $$", {
        stdout: PIPE,
      });
      const reader = proc.stdout as StreamReader;
      const lines = [await reader.readline(), await reader.readline(), await reader.readline()];
      expect(lines.map(dec)).toEqual(["one\n", "two-and-a-ha", ""]);
      expect(await proc.wait()).toBe(-9);
    });
  });

  it("40 children failing four ways at once: each settles as it should, every checksum matches", async () => {
    await io(async () => {
      const outcomes = await gather(
        ...Array.from({ length: 40 }, (_, i) =>
          createTask(async () => {
            switch (i % 4) {
              case 0: {
                // A round trip of a payload that is different for every child.
                const payload = new TextEncoder().encode(`${i}:`.repeat(20_000 + i));
                const proc = await createSubprocessExec("cat", [], { stdin: PIPE, stdout: PIPE });
                const [out] = await proc.communicate(payload);
                return [dec(out) === dec(payload), proc.returncode];
              }
              case 1: {
                const proc = await createSubprocessExec("yes", [LINE], { stdout: PIPE });
                await (proc.stdout as StreamReader).readexactly(LINE.length + 1);
                proc.terminate();
                await readAll(proc.stdout as StreamReader);
                return [true, await proc.wait()];
              }
              case 2: {
                const proc = await createSubprocessExec("true", [], { stdin: PIPE });
                return [isBrokenPipe(await writeAll(proc, 4 * 1024 * 1024)), await proc.wait()];
              }
              default: {
                const proc = await createSubprocessShell("exec 1>&-; exit 7", {
                  stdout: PIPE,
                  stderr: DEVNULL,
                });
                return [(await readAll(proc.stdout as StreamReader)) === "", await proc.wait()];
              }
            }
          }),
        ),
      );
      expect(outcomes).toEqual(Array.from({ length: 40 }, (_, i) => [true, [0, -15, 0, 7][i % 4]]));
    });
  });
});
