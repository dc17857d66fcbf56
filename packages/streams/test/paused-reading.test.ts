/**
 * A transport whose reading is paused still hears that its connection is gone: a loss caused by
 * an error goes past the data waiting to be read, a clean end waits behind it until reading
 * resumes, and closing or aborting the transport lets any loss through.
 */
import type * as net from "node:net";
import { PassThrough } from "node:stream";
import { withTestLoop } from "@asyncio/core/testing";
import type { Future } from "@asyncio/futures";
import { sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  ConnectionResetError,
  connectReadPipe,
  openConnection,
  Protocol,
  type ReadTransport,
  type StreamWriter,
  startServer,
} from "../src/index.js";
import { dec, future, ioTest, portOf } from "./helpers.js";

const io = <T>(body: Parameters<typeof withTestLoop<T>>[0]): Promise<T> =>
  withTestLoop(body, { realTime: true });

/** Records its callbacks, and pauses reading after the first chunk. */
class PausingProtocol extends Protocol {
  readonly events: string[] = [];
  transport: ReadTransport | null = null;
  readonly lost: Future<unknown> = future<unknown>();

  override connectionMade(transport: never): void {
    this.transport = transport;
  }
  override dataReceived(data: Uint8Array): void {
    if (this.events.length === 0) this.transport?.pauseReading();
    this.events.push(`data:${dec(data)}`);
  }
  override eofReceived(): undefined {
    this.events.push("eof");
    return undefined;
  }
  override connectionLost(exc: unknown): void {
    this.events.push("lost");
    this.lost.setResult(exc);
  }
}

/** Resolves once `stream` has emitted `close` (our own listener, added after the transport's). */
const closed = (stream: PassThrough): Promise<void> =>
  new Promise((resolve) => stream.once("close", () => resolve()));

describe("a loss while reading is paused", () => {
  it("a loss with an error goes past the data waiting (selector_events.py::_SelectorTransport::_fatal_error while paused)", async () => {
    await io(async () => {
      const pipe = new PassThrough();
      const [, protocol] = await connectReadPipe(() => new PausingProtocol(), pipe);
      const broken = Object.assign(new Error("reset by peer"), { code: "ECONNRESET" });
      pipe.write("a");
      pipe.write("b");
      pipe.destroy(broken);
      const exc = await protocol.lost;
      expect(exc).toBeInstanceOf(ConnectionResetError);
      expect((exc as Error).cause).toBe(broken);
      expect(protocol.events).toEqual(["data:a", "lost"]);
    });
  });

  it("a clean end waits behind the data until reading resumes: nothing is lost (selector_events.py::_SelectorSocketTransport::resume_reading)", async () => {
    await io(async () => {
      const pipe = new PassThrough();
      const [transport, protocol] = await connectReadPipe(() => new PausingProtocol(), pipe);
      pipe.write("a");
      pipe.write("b");
      pipe.end();
      await closed(pipe);
      await sleep(0);
      expect(protocol.events).toEqual(["data:a"]);
      expect(transport.isReading()).toBe(false);
      transport.resumeReading();
      expect(await protocol.lost).toBeNull();
      expect(protocol.events).toEqual(["data:a", "data:b", "eof", "lost"]);
    });
  });

  it("abort() delivers a loss queued behind paused data (selector_events.py::_SelectorTransport::abort)", async () => {
    await io(async () => {
      const pipe = new PassThrough();
      const [transport, protocol] = await connectReadPipe(() => new PausingProtocol(), pipe);
      pipe.write("a");
      pipe.write("b");
      pipe.end();
      await closed(pipe);
      await sleep(0);
      expect(protocol.events).toEqual(["data:a"]);
      (transport as unknown as { abort(): void }).abort();
      expect(await protocol.lost).toBeNull();
      expect(protocol.events).toEqual(["data:a", "lost"]);
    });
  });

  it("close() delivers a loss queued behind paused data (selector_events.py::_SelectorTransport::close)", async () => {
    await io(async () => {
      const pipe = new PassThrough();
      const [transport, protocol] = await connectReadPipe(() => new PausingProtocol(), pipe);
      pipe.write("a");
      pipe.write("b");
      pipe.end();
      await closed(pipe);
      await sleep(0);
      transport.close();
      expect(await protocol.lost).toBeNull();
      expect(protocol.events).toEqual(["data:a", "lost"]);
    });
  });
});

/**
 * A server connection that does not read (its reader's buffer is full, so reading is paused)
 * and writes until `drain()` blocks; `blocked` is set when it does.
 */
function stuckWriter(blocked: Future<void>, failure: Future<unknown>) {
  return async (
    reader: { readexactly(n: number): PromiseLike<Uint8Array> },
    writer: StreamWriter,
  ) => {
    await reader.readexactly(1);
    const chunk = new Uint8Array(256 * 1024);
    try {
      for (;;) {
        writer.write(chunk);
        if (!blocked.done() && writer.transport.getWriteBufferSize() > 64 * 1024) {
          blocked.setResult();
        }
        await writer.drain();
      }
    } catch (error) {
      failure.setResult(error);
    }
    writer.close();
  };
}

describe("a peer lost while the server's reading is paused", () => {
  it("drain() raises once the peer resets (test_streams.py::StreamTests::test_drain_raises)", async () => {
    await ioTest(async () => {
      const blocked = future();
      const failure = future<unknown>();
      const server = await startServer(stuckWriter(blocked, failure), "127.0.0.1", 0, {
        limit: 1024,
      });
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(new Uint8Array(512 * 1024));
      await blocked;
      (writer.getExtraInfo("socket") as { raw: net.Socket }).raw.resetAndDestroy();
      // A reset peer makes the next send fail with ECONNRESET, as in Python.
      const error = await failure;
      expect(error).toBeInstanceOf(ConnectionResetError);
      expect((error as ConnectionResetError).code).toBe("ECONNRESET");
      server.close();
      await server.waitClosed();
      await writer.waitClosed().then(
        () => undefined,
        () => undefined,
      );
    });
  });

  it("abortClients() reaches connections whose reading is paused (test_server.py::TestServer2::test_abort_clients, paused)", async () => {
    await ioTest(async () => {
      const blocked = future();
      const failure = future<unknown>();
      const server = await startServer(stuckWriter(blocked, failure), "127.0.0.1", 0, {
        limit: 1024,
      });
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(new Uint8Array(512 * 1024));
      await blocked;
      server.close();
      server.abortClients();
      await server.waitClosed();
      // An abort is a loss with no error: the blocked drain() goes on, the next one raises.
      expect(await failure).toBeInstanceOf(ConnectionResetError);
      await reader.read().then(
        () => undefined,
        () => undefined,
      );
      writer.close();
      await writer.waitClosed().then(
        () => undefined,
        () => undefined,
      );
    });
  });
});
