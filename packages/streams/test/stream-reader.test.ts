import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError, RuntimeError, ValueError } from "@asyncio/futures";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMIT,
  IncompleteReadError,
  isIncompleteReadError,
  isLimitOverrunError,
  LimitOverrunError,
  StreamReader,
} from "../src/index.js";
import { dec, enc } from "./helpers.js";

const DATA = enc("line1\nline2\nline3\n");

/** A transport stand-in that records pause/resume calls. */
function fakeTransport(): { calls: string[]; pauseReading(): void; resumeReading(): void } {
  const calls: string[] = [];
  return {
    calls,
    pauseReading: () => calls.push("pause"),
    resumeReading: () => calls.push("resume"),
  };
}

describe("StreamReader buffer", () => {
  it("feed_empty_data (test_streams.py::StreamTests::test_feed_empty_data)", async () => {
    await withTestLoop(() => {
      const stream = new StreamReader();
      stream.feedData(new Uint8Array(0));
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("feed_nonempty_data (test_streams.py::StreamTests::test_feed_nonempty_data)", async () => {
    await withTestLoop(() => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      expect(stream.bufferedSize).toBe(DATA.length);
    });
  });

  it("invalid_limit (test_streams.py::StreamTests::test_invalid_limit)", () => {
    expect(() => new StreamReader({ limit: 0 })).toThrow(ValueError);
    expect(() => new StreamReader({ limit: 0 })).toThrow("Limit cannot be <= 0");
    expect(() => new StreamReader({ limit: -1 })).toThrow(ValueError);
    expect(() => new StreamReader({ limit: "10" as unknown as number })).toThrow(TypeError);
  });

  it("default limit is 64 KiB (streams.py::_DEFAULT_LIMIT)", () => {
    expect(DEFAULT_LIMIT).toBe(65536);
  });

  it("feedData after feedEof is refused (streams.py::StreamReader::feed_data assertion)", () => {
    const stream = new StreamReader();
    stream.feedEof();
    expect(() => stream.feedData(enc("x"))).toThrow(RuntimeError);
  });

  it("feedData rejects non-bytes with a TypeError naming the argument", () => {
    const stream = new StreamReader();
    expect(() => stream.feedData("text" as unknown as Uint8Array)).toThrow(
      "feedData() data must be a Uint8Array",
    );
  });
});

describe("StreamReader.read", () => {
  it("read_zero (test_streams.py::StreamTests::test_read_zero)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      expect((await stream.read(0)).length).toBe(0);
      expect(stream.bufferedSize).toBe(DATA.length);
    });
  });

  it("read waits for data (test_streams.py::StreamTests::test_read)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      const task = createTask(stream.read(30));
      loop.callSoon(() => stream.feedData(DATA));
      expect(dec(await task)).toBe(dec(DATA));
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("read_line_breaks (test_streams.py::StreamTests::test_read_line_breaks)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("line1"));
      stream.feedData(enc("line2"));
      expect(dec(await stream.read(5))).toBe("line1");
      expect(dec(await stream.read(5))).toBe("line2");
    });
  });

  it("read_eof (test_streams.py::StreamTests::test_read_eof)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      const task = createTask(stream.read(1024));
      loop.callSoon(() => stream.feedEof());
      expect((await task).length).toBe(0);
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("read_until_eof (test_streams.py::StreamTests::test_read_until_eof)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      const task = createTask(stream.read(-1));
      loop.callSoon(() => {
        stream.feedData(enc("chunk1\n"));
        stream.feedData(enc("chunk2"));
        stream.feedEof();
      });
      expect(dec(await task)).toBe("chunk1\nchunk2");
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("read_exception (test_streams.py::StreamTests::test_read_exception)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("line\n"));
      expect(dec(await stream.read(2))).toBe("li");
      stream.setException(new ValueError("boom"));
      await expect(stream.read(2)).rejects.toThrow("boom");
    });
  });

  it("read_limit (test_streams.py::StreamTests::test_read_limit)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader({ limit: 3 });
      stream.feedData(enc("chunk"));
      expect(dec(await stream.read(5))).toBe("chunk");
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("read(n) with a non-integer n is a TypeError", () => {
    const stream = new StreamReader();
    expect(() => stream.read(1.5)).toThrow("read() n must be an integer, got 1.5");
  });
});

describe("StreamReader.readline", () => {
  it("readline (test_streams.py::StreamTests::test_readline)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      stream.feedData(enc("chunk1 "));
      const task = createTask(stream.readline());
      loop.callSoon(() => {
        stream.feedData(enc("chunk2 "));
        stream.feedData(enc("chunk3 "));
        stream.feedData(enc("\n chunk4"));
      });
      expect(dec(await task)).toBe("chunk1 chunk2 chunk3 \n");
      expect(stream.bufferedSize).toBe(7);
    });
  });

  it("readline_limit_with_existing_data (test_streams.py::StreamTests::test_readline_limit_with_existing_data)", async () => {
    await withTestLoop(async () => {
      let stream = new StreamReader({ limit: 3 });
      stream.feedData(enc("li"));
      stream.feedData(enc("ne1\nline2\n"));
      await expect(stream.readline()).rejects.toThrow(ValueError);
      // The overlong line is dropped with its newline; the rest stays.
      expect(dec(await stream.read(6))).toBe("line2\n");

      stream = new StreamReader({ limit: 3 });
      stream.feedData(enc("li"));
      stream.feedData(enc("ne1"));
      stream.feedData(enc("li"));
      await expect(stream.readline()).rejects.toThrow(ValueError);
      // No newline in sight: the buffer is cleared.
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("at_eof (test_streams.py::StreamTests::test_at_eof)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      expect(stream.atEof()).toBe(false);
      stream.feedData(enc("some data\n"));
      expect(stream.atEof()).toBe(false);
      await stream.readline();
      expect(stream.atEof()).toBe(false);
      stream.feedData(enc("some data\n"));
      stream.feedEof();
      await stream.readline();
      expect(stream.atEof()).toBe(true);
    });
  });

  it("readline_limit (test_streams.py::StreamTests::test_readline_limit)", async () => {
    await withTestLoop(async ({ loop }) => {
      let stream = new StreamReader({ limit: 7 });
      loop.callSoon(() => {
        stream.feedData(enc("chunk1"));
        stream.feedData(enc("chunk2"));
        stream.feedData(enc("chunk3\n"));
        stream.feedEof();
      });
      await expect(stream.readline()).rejects.toThrow(ValueError);
      expect(stream.bufferedSize).toBe(0);

      stream = new StreamReader({ limit: 7 });
      loop.callSoon(() => {
        stream.feedData(enc("chunk1"));
        stream.feedData(enc("chunk2\n"));
        stream.feedData(enc("chunk3\n"));
        stream.feedEof();
      });
      await expect(stream.readline()).rejects.toThrow(ValueError);
      expect(dec(await stream.read(-1))).toBe("chunk3\n");

      stream = new StreamReader({ limit: 7 });
      stream.feedData(enc("1234567\n"));
      expect(dec(await stream.readline())).toBe("1234567\n");
      stream.feedData(enc("12345678\n"));
      await expect(stream.readline()).rejects.toThrow(
        "Separator is found, but chunk is longer than limit",
      );
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("readline_nolimit_nowait (test_streams.py::StreamTests::test_readline_nolimit_nowait)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA.subarray(0, 6));
      stream.feedData(DATA.subarray(6));
      expect(dec(await stream.readline())).toBe("line1\n");
      expect(stream.bufferedSize).toBe(12);
    });
  });

  it("a buffered line is returned without a loop iteration, as an async def that never suspends (streams.py::StreamReader::readline)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      stream.feedData(enc("ready\nnext"));
      let ran = false;
      loop.callSoon(() => {
        ran = true;
      });
      expect(dec(await stream.readline())).toBe("ready\n");
      expect(dec(await stream.readexactly(2))).toBe("ne");
      expect(dec(await stream.read(10))).toBe("xt");
      expect(ran).toBe(false);
      await sleep(0);
      expect(ran).toBe(true);
    });
  });

  it("readline_eof (test_streams.py::StreamTests::test_readline_eof)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("some data"));
      stream.feedEof();
      expect(dec(await stream.readline())).toBe("some data");
    });
  });

  it("readline_empty_eof (test_streams.py::StreamTests::test_readline_empty_eof)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedEof();
      expect((await stream.readline()).length).toBe(0);
    });
  });

  it("readline_read_byte_count (test_streams.py::StreamTests::test_readline_read_byte_count)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      await stream.readline();
      expect(dec(await stream.read(7))).toBe("line2\nl");
      expect(stream.bufferedSize).toBe(DATA.length - 6 - 7);
    });
  });

  it("readline_exception (test_streams.py::StreamTests::test_readline_exception)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("line\n"));
      expect(dec(await stream.readline())).toBe("line\n");
      stream.setException(new ValueError("bad"));
      await expect(stream.readline()).rejects.toThrow(ValueError);
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("async iteration yields lines until EOF (streams.py::StreamReader::__anext__)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("a\nbb\nccc"));
      stream.feedEof();
      const lines: string[] = [];
      for await (const line of stream) lines.push(dec(line));
      expect(lines).toEqual(["a\n", "bb\n", "ccc"]);
    });
  });
});

describe("StreamReader.readuntil", () => {
  it("readuntil_separator (test_streams.py::StreamTests::test_readuntil_separator)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      expect(() => stream.readuntil(new Uint8Array(0))).toThrow(
        "Separator should be at least one-byte string",
      );
      expect(() => stream.readuntil(42 as unknown as Uint8Array)).toThrow(TypeError);
    });
  });

  it("readuntil_multi_chunks (test_streams.py::StreamTests::test_readuntil_multi_chunks)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("lineAAA"));
      expect(dec(await stream.readuntil(enc("AAA")))).toBe("lineAAA");
      expect(stream.bufferedSize).toBe(0);
      stream.feedData(enc("lineAAA"));
      expect(dec(await stream.readuntil("AAA"))).toBe("lineAAA");
      stream.feedData(enc("lineAAAxxx"));
      expect(dec(await stream.readuntil("AAA"))).toBe("lineAAA");
      expect(stream.bufferedSize).toBe(3);
    });
  });

  it("readuntil_multi_chunks_1 (test_streams.py::StreamTests::test_readuntil_multi_chunks_1)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      stream.feedData(enc("QWEaa"));
      stream.feedData(enc("XYaa"));
      stream.feedData(enc("a"));
      expect(dec(await stream.readuntil("aaa"))).toBe("QWEaaXYaaa");
      stream.feedData(enc("XYa"));
      stream.feedData(enc("aa"));
      expect(dec(await stream.readuntil("aaa"))).toBe("XYaaa");
      // The separator split across chunks that arrive while the reader waits.
      const task = createTask(stream.readuntil("aaa"));
      loop.callSoon(() => stream.feedData(enc("Xa")));
      loop.callSoon(() => stream.feedData(enc("a")));
      loop.callSoon(() => stream.feedData(enc("aY")));
      expect(dec(await task)).toBe("Xaaa");
      expect(dec(await stream.read(1))).toBe("Y");
    });
  });

  it("readuntil with several separators: the shortest result wins (streams.py::StreamReader::readuntil, 3.13 tuple form)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      expect(() => stream.readuntil([])).toThrow("Separator should contain at least one element");
      expect(() => stream.readuntil(["A", ""])).toThrow(
        "Separator should be at least one-byte string",
      );
      stream.feedData(enc("line1\nline2\r\nline3\r"));
      expect(dec(await stream.readuntil(["\n", "\r\n"]))).toBe("line1\n");
      expect(dec(await stream.readuntil(["\r\n", "\n"]))).toBe("line2\r\n");
      // Both end at the same place here: "\r" wins over "3\r" by being shorter.
      expect(dec(await stream.readuntil(["3\r", "\r"]))).toBe("line3\r");
      const task = createTask(stream.readuntil([enc("XYZ"), enc("Q")]));
      loop.callSoon(() => stream.feedData(enc("abcXY")));
      loop.callSoon(() => stream.feedData(enc("Zdef")));
      expect(dec(await task)).toBe("abcXYZ");
      stream.feedEof();
      const error = await stream.readuntil(["Q", "W"]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IncompleteReadError);
      expect(dec((error as IncompleteReadError).partial)).toBe("def");
    });
  });

  it("readuntil with several separators respects the limit (streams.py::StreamReader::readuntil, 3.13 tuple form)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader({ limit: 3 });
      stream.feedData(enc("some dataA"));
      await expect(stream.readuntil(["A", "BB"])).rejects.toBeInstanceOf(LimitOverrunError);
      await expect(stream.readuntil(["Z", "YY"])).rejects.toThrow(
        "Separator is not found, and chunk exceed the limit",
      );
      expect(stream.bufferedSize).toBe(10);
    });
  });

  it("readuntil_eof (test_streams.py::StreamTests::test_readuntil_eof)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("some dataAA"));
      stream.feedEof();
      const error = await stream.readuntil("AAA").then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IncompleteReadError);
      const incomplete = error as IncompleteReadError;
      expect(dec(incomplete.partial)).toBe("some dataAA");
      expect(incomplete.expected).toBeNull();
      expect(incomplete.message).toBe("11 bytes read on a total of undefined expected bytes");
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("readuntil_limit_found_sep (test_streams.py::StreamTests::test_readuntil_limit_found_sep)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader({ limit: 3 });
      stream.feedData(enc("some dataAA"));
      const first = await stream.readuntil("AAA").then(
        () => null,
        (e: unknown) => e,
      );
      expect(first).toBeInstanceOf(LimitOverrunError);
      expect((first as Error).message).toBe("Separator is not found, and chunk exceed the limit");
      expect((first as LimitOverrunError).consumed).toBe(9);
      // Nothing is consumed.
      expect(stream.bufferedSize).toBe(11);
      stream.feedData(enc("A"));
      const second = await stream.readuntil("AAA").then(
        () => null,
        (e: unknown) => e,
      );
      expect(isLimitOverrunError(second)).toBe(true);
      expect((second as Error).message).toBe("Separator is found, but chunk is longer than limit");
      expect(stream.bufferedSize).toBe(12);
    });
  });
});

describe("StreamReader buffer reuse", () => {
  it("a separator straddling the end of the data is not found in stale bytes (byte-buffer reuse)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      stream.feedData(enc("abcabc\n"));
      expect(dec(await stream.readexactly(7))).toBe("abcabc\n");
      // The storage is reused: "ab" now sits before the stale "cabc\n".
      stream.feedData(enc("ab"));
      const task = createTask(stream.readuntil("bc"));
      await sleep(0);
      await sleep(0);
      expect(task.done()).toBe(false);
      loop.callSoon(() => stream.feedData(enc("c")));
      expect(dec(await task)).toBe("abc");
      stream.feedData(enc("x"));
      const line = createTask(stream.readline());
      await sleep(0);
      expect(line.done()).toBe(false);
      stream.feedEof();
      expect(dec(await line)).toBe("x");
    });
  });
});

describe("StreamReader.readexactly", () => {
  it("readexactly_zero_or_less (test_streams.py::StreamTests::test_readexactly_zero_or_less)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(DATA);
      expect((await stream.readexactly(0)).length).toBe(0);
      expect(stream.bufferedSize).toBe(DATA.length);
      expect(() => stream.readexactly(-1)).toThrow(ValueError);
      expect(() => stream.readexactly(-1)).toThrow("readexactly size can not be less than zero");
      expect(stream.bufferedSize).toBe(DATA.length);
    });
  });

  it("readexactly (test_streams.py::StreamTests::test_readexactly)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      const n = 2 * DATA.length;
      const task = createTask(stream.readexactly(n));
      loop.callSoon(() => {
        stream.feedData(DATA);
        stream.feedData(DATA);
        stream.feedData(DATA);
      });
      expect(dec(await task)).toBe(dec(DATA) + dec(DATA));
      expect(stream.bufferedSize).toBe(DATA.length);
    });
  });

  it("readexactly_limit (test_streams.py::StreamTests::test_readexactly_limit)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader({ limit: 3 });
      stream.feedData(enc("chunk"));
      expect(dec(await stream.readexactly(5))).toBe("chunk");
    });
  });

  it("readexactly_eof (test_streams.py::StreamTests::test_readexactly_eof)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      const n = 2 * DATA.length;
      const task = createTask(stream.readexactly(n));
      loop.callSoon(() => {
        stream.feedData(DATA);
        stream.feedEof();
      });
      const error = await task.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isIncompleteReadError(error)).toBe(true);
      const incomplete = error as IncompleteReadError;
      expect(dec(incomplete.partial)).toBe(dec(DATA));
      expect(incomplete.expected).toBe(n);
      expect(incomplete.message).toBe(`18 bytes read on a total of ${n} expected bytes`);
      expect(stream.bufferedSize).toBe(0);
    });
  });

  it("readexactly_exception (test_streams.py::StreamTests::test_readexactly_exception)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("line\n"));
      expect(dec(await stream.readexactly(2))).toBe("li");
      stream.setException(new ValueError("x"));
      await expect(stream.readexactly(2)).rejects.toThrow(ValueError);
    });
  });
});

describe("StreamReader errors and waiters", () => {
  it("exception (test_streams.py::StreamTests::test_exception)", () => {
    const stream = new StreamReader();
    expect(stream.exception()).toBeNull();
    const error = new ValueError();
    stream.setException(error);
    expect(stream.exception()).toBe(error);
  });

  it("exception_waiter (test_streams.py::StreamTests::test_exception_waiter)", async () => {
    await withTestLoop(async ({ loop }) => {
      const stream = new StreamReader();
      const task = createTask(stream.readline());
      loop.callSoon(() => stream.setException(new ValueError("from feeder")));
      await expect(task).rejects.toThrow("from feeder");
    });
  });

  it("exception_cancel (test_streams.py::StreamTests::test_exception_cancel)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      const task = createTask(stream.readline());
      await sleep(0);
      task.cancel();
      await sleep(0);
      // The cancelled waiter is not failed by a later setException.
      stream.setException(new RuntimeError("message"));
      await sleep(0);
      expect(task.cancelled()).toBe(true);
    });
  });

  it("two readers at once: the second gets RuntimeError (streams.py::_wait_for_data)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      const first = createTask(stream.read(1));
      await sleep(0);
      await expect(stream.readline()).rejects.toThrow(
        "readuntil() called while another coroutine is already waiting for incoming data",
      );
      stream.feedData(enc("x"));
      expect(dec(await first)).toBe("x");
    });
  });

  it("a cancelled readline loses no data: the next one gets the whole line", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("partial "));
      const task = createTask(stream.readline());
      await sleep(0);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      stream.feedData(enc("line\nnext"));
      expect(dec(await stream.readline())).toBe("partial line\n");
      expect(stream.bufferedSize).toBe(4);
    });
  });

  it("a cancelled readexactly keeps what was buffered", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader();
      stream.feedData(enc("abc"));
      const task = createTask(stream.readexactly(6));
      await sleep(0);
      task.cancel();
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      stream.feedData(enc("def"));
      expect(dec(await stream.readexactly(6))).toBe("abcdef");
    });
  });

  it("pauses the transport above 2 x limit and resumes at limit (streams.py::StreamReader::feed_data)", async () => {
    await withTestLoop(async () => {
      const stream = new StreamReader({ limit: 4 });
      const transport = fakeTransport();
      stream.setTransport(transport);
      stream.feedData(enc("12345678"));
      expect(transport.calls).toEqual([]);
      stream.feedData(enc("9"));
      expect(transport.calls).toEqual(["pause"]);
      await stream.read(3);
      expect(transport.calls).toEqual(["pause"]);
      await stream.read(2);
      expect(transport.calls).toEqual(["pause", "resume"]);
    });
  });

  it("setTransport twice is a RuntimeError", () => {
    const stream = new StreamReader();
    stream.setTransport(fakeTransport());
    expect(() => stream.setTransport(fakeTransport())).toThrow("Transport already set");
  });

  it("IncompleteReadError and LimitOverrunError carry their fields (test_streams.py::StreamTests::test_IncompleteReadError_pickleable)", () => {
    const incomplete = new IncompleteReadError(enc("abc"), 10);
    expect(incomplete.name).toBe("IncompleteReadError");
    expect(dec(incomplete.partial)).toBe("abc");
    expect(incomplete.expected).toBe(10);
    expect(isIncompleteReadError(incomplete)).toBe(true);
    const overrun = new LimitOverrunError("message", 10);
    expect(overrun.name).toBe("LimitOverrunError");
    expect(overrun.consumed).toBe(10);
    expect(isLimitOverrunError(new Error())).toBe(false);
  });

  it("toString describes the state (test_streams.py::StreamTests::test___repr__)", () => {
    const stream = new StreamReader({ limit: 123 });
    expect(String(stream)).toBe("<StreamReader limit=123>");
    stream.feedData(enc("data"));
    stream.feedEof();
    expect(String(stream)).toBe("<StreamReader 4 bytes eof limit=123>");
  });
});
