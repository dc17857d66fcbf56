import { PassThrough } from "node:stream";
import { withTestLoop } from "@asyncio/core/testing";
import { CancelledError } from "@asyncio/futures";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  connectReadPipe,
  connectWritePipe,
  FlowControlProtocol,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
} from "../src/index.js";
import { dec, enc } from "./helpers.js";

const io = <T>(body: Parameters<typeof withTestLoop<T>>[0]): Promise<T> =>
  withTestLoop(body, { realTime: true });

describe("connectReadPipe / connectWritePipe", () => {
  it("read_all_from_pipe_reader (test_streams.py::StreamTests::test_read_all_from_pipe_reader)", async () => {
    await io(async ({ loop }) => {
      const pipe = new PassThrough();
      const reader = new StreamReader({ loop });
      const [transport, protocol] = await connectReadPipe(
        () => new StreamReaderProtocol(reader, null, loop),
        pipe,
      );
      expect(protocol).toBeInstanceOf(StreamReaderProtocol);
      expect(transport.getExtraInfo("pipe")).toBe(pipe);
      pipe.write("line1\n");
      pipe.end("rest");
      expect(dec(await reader.read())).toBe("line1\nrest");
      expect(reader.atEof()).toBe(true);
    });
  });

  it("a read pipe transport pauses and resumes (test_unix_events.py::UnixReadPipeTransportTests::test_pause_reading / test_resume_reading)", async () => {
    await io(async ({ loop }) => {
      const pipe = new PassThrough();
      const reader = new StreamReader({ loop });
      const [transport] = await connectReadPipe(
        () => new StreamReaderProtocol(reader, null, loop),
        pipe,
      );
      transport.pauseReading();
      expect(transport.isReading()).toBe(false);
      pipe.write("held\n");
      await sleep(0.01);
      expect(reader.bufferedSize).toBe(0);
      transport.resumeReading();
      expect(dec(await reader.readline())).toBe("held\n");
      transport.close();
      expect(transport.isClosing()).toBe(true);
      expect((await reader.read()).length).toBe(0);
    });
  });

  it("write pipe: writes arrive, writeEof ends the stream (test_unix_events.py::UnixWritePipeTransportTests::test_write / test_write_eof)", async () => {
    await io(async ({ loop }) => {
      const pipe = new PassThrough();
      const chunks: string[] = [];
      pipe.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
      const ended = new Promise<void>((resolve) => pipe.on("end", resolve));
      const [transport, protocol] = await connectWritePipe(
        () => new FlowControlProtocol(loop),
        pipe,
      );
      const writer = new StreamWriter(transport, protocol, null, loop);
      writer.write(enc("one "));
      writer.writelines([enc("two "), enc("three")]);
      await writer.drain();
      expect(writer.canWriteEof()).toBe(true);
      writer.writeEof();
      await ended;
      expect(chunks.join("")).toBe("one two three");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("multiple_drain: every waiting drain() resumes together (test_streams.py::StreamTests::test_multiple_drain, over a pipe)", async () => {
    await io(async ({ loop }) => {
      const pipe = new PassThrough({ highWaterMark: 16 });
      const [transport, protocol] = await connectWritePipe(
        () => new FlowControlProtocol(loop),
        pipe,
      );
      const writer = new StreamWriter(transport, protocol, null, loop);
      transport.setWriteBufferLimits(64);
      writer.write(new Uint8Array(4096));
      await sleep(0);
      expect(transport.getWriteBufferSize()).toBeGreaterThan(64);
      const drains = [1, 2, 3].map(() => createTask(writer.drain()));
      await sleep(0.01);
      expect(drains.map((d) => d.done())).toEqual([false, false, false]);
      // A slow reader takes everything: all three waiters go on.
      pipe.resume();
      for (const d of drains) await d;
      expect(transport.getWriteBufferSize()).toBeLessThanOrEqual(16);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("a cancelled drain on a pipe leaves the data to be written (streams.py::FlowControlMixin::_drain_helper, cancelled)", async () => {
    await io(async ({ loop }) => {
      const pipe = new PassThrough({ highWaterMark: 16 });
      const [transport, protocol] = await connectWritePipe(
        () => new FlowControlProtocol(loop),
        pipe,
      );
      const writer = new StreamWriter(transport, protocol, null, loop);
      transport.setWriteBufferLimits(64);
      writer.write(enc("x".repeat(1000)));
      const drain = createTask(writer.drain());
      await sleep(0.01);
      drain.cancel();
      await expect(drain).rejects.toBeInstanceOf(CancelledError);
      let got = "";
      pipe.on("data", (chunk: Buffer) => {
        got += chunk.toString();
      });
      writer.writeEof();
      await new Promise<void>((resolve) => pipe.on("end", resolve));
      expect(got).toBe("x".repeat(1000));
      writer.close();
      await writer.waitClosed();
    });
  });

  it("bad pipes are TypeErrors naming the argument", async () => {
    await io(({ loop }) => {
      expect(() =>
        connectReadPipe(
          () => new StreamReaderProtocol(new StreamReader(), null, loop),
          {} as never,
        ),
      ).toThrow("connectReadPipe() pipe must be a Node Readable stream, got");
      expect(() => connectWritePipe(() => new FlowControlProtocol(loop), null as never)).toThrow(
        "connectWritePipe() pipe must be a Node Writable stream, got null",
      );
      expect(() => connectWritePipe(5 as never, new PassThrough())).toThrow(
        "connectWritePipe() protocolFactory must be a function, got 5",
      );
    });
  });
});
