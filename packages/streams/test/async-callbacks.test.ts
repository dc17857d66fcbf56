/**
 * Protocol callbacks that return a thenable (`async` methods, `coroutine()` functions): they are
 * run, and a rejection is reported exactly as a throw would have been — never an unhandled
 * rejection. A protocol factory must return the protocol itself.
 */
import { PassThrough } from "node:stream";
import { type Future, ValueError } from "@asyncio/futures";
import type { ExceptionContext } from "@asyncio/futures/contract";
import { coroutine, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  connectReadPipe,
  connectWritePipe,
  createConnection,
  createDatagramEndpoint,
  type DatagramAddress,
  type DatagramTransport,
  Protocol,
  startServer,
  type Transport,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf } from "./helpers.js";

/** Runs `body` and returns what reached the exception handler. */
async function reportsOf(body: () => Promise<void>): Promise<ExceptionContext[]> {
  return ioTest(
    async ({ reported }) => {
      await body();
      return reported;
    },
    { allowReports: true },
  );
}

class Lost extends Protocol {
  readonly lost: Future<unknown> = future<unknown>();
  override connectionLost(exc: unknown): void {
    this.lost.setResult(exc);
  }
}

describe("protocol callbacks that return a thenable", () => {
  it("an async dataReceived that rejects is a fatal error, as a throw (selector_events.py::_SelectorSocketTransport::_read_ready__data_received)", async () => {
    const failure = new ValueError("bad data");
    const reported = await reportsOf(async () => {
      class AsyncData extends Lost {
        override async dataReceived(): Promise<void> {
          await sleep(0);
          throw failure;
        }
      }
      const pipe = new PassThrough();
      const [, protocol] = await connectReadPipe(() => new AsyncData(), pipe);
      pipe.write("x");
      expect(await protocol.lost).toBe(failure);
      expect(pipe.destroyed).toBe(true);
    });
    expect(reported.map((r) => [r.message, r.exception])).toEqual([
      ["Fatal error: protocol.dataReceived() call failed.", failure],
    ]);
  });

  it("a coroutine() dataReceived is run, and its failure reported (coroutines.py: a coroutine function as a callback)", async () => {
    const failure = new ValueError("second chunk");
    const received: string[] = [];
    const reported = await reportsOf(async () => {
      class CoroutineData extends Lost {
        override dataReceived = coroutine(async (data: Uint8Array) => {
          received.push(dec(data));
          if (received.length === 2) throw failure;
        }) as unknown as (data: Uint8Array) => void;
      }
      const pipe = new PassThrough();
      const [transport, protocol] = await connectReadPipe(() => new CoroutineData(), pipe);
      pipe.write("one");
      await sleep(0.01);
      expect(received).toEqual(["one"]);
      expect(transport.isClosing()).toBe(false);
      pipe.write("two");
      expect(await protocol.lost).toBe(failure);
    });
    expect(received).toEqual(["one", "two"]);
    expect(reported.map((r) => r.message)).toEqual([
      "Fatal error: protocol.dataReceived() call failed.",
    ]);
  });

  it("an async eofReceived decides when it settles: false closes, true keeps the connection half-open (selector_events.py::_SelectorSocketTransport::_read_ready__on_eof)", async () => {
    await ioTest(async () => {
      for (const keepOpen of [false, true]) {
        const got = future<string>();
        await using server = await startServer(
          async (reader, writer) => {
            writer.write(enc("hi"));
            writer.writeEof();
            got.setResult(dec(await reader.read()));
            writer.close();
          },
          "127.0.0.1",
          0,
        );
        const decided = future();
        class AsyncEof extends Lost {
          override async eofReceived(): Promise<boolean> {
            await sleep(0);
            decided.setResult();
            return keepOpen;
          }
        }
        const [transport, protocol] = await createConnection(
          () => new AsyncEof(),
          "127.0.0.1",
          portOf(server),
        );
        await decided;
        // The decision runs in the loop callback queued when the promise settled, before the
        // one this sleep(0) queues.
        await sleep(0);
        expect(transport.isClosing()).toBe(!keepOpen);
        if (keepOpen) {
          transport.write(enc("still writing"));
          transport.writeEof();
          expect(await got).toBe("still writing");
        } else {
          expect(await got).toBe("");
        }
        expect(await protocol.lost).toBeNull();
      }
    });
  });

  it("an async connectionMade that rejects is reported; the connection goes on (base_events.py: Handle._run reports a failing connection_made)", async () => {
    const failure = new ValueError("made");
    const reported = await reportsOf(async () => {
      const received = future<string>();
      class AsyncMade extends Lost {
        override async connectionMade(): Promise<void> {
          throw failure;
        }
        override dataReceived(data: Uint8Array): void {
          received.setResult(dec(data));
        }
      }
      const pipe = new PassThrough();
      await connectReadPipe(() => new AsyncMade(), pipe);
      pipe.write("after");
      expect(await received).toBe("after");
      pipe.end();
    });
    expect(reported.map((r) => [r.message, r.exception])).toEqual([
      ["Exception in callback protocol.connectionMade()", failure],
    ]);
  });

  it("an async connectionLost that rejects is reported (base_events.py: Handle._run reports a failing connection_lost)", async () => {
    const failure = new ValueError("lost");
    const reported = await reportsOf(async () => {
      const called = future();
      class AsyncLost extends Protocol {
        override async connectionLost(): Promise<void> {
          called.setResult();
          await sleep(0);
          throw failure;
        }
      }
      const pipe = new PassThrough();
      await connectReadPipe(() => new AsyncLost(), pipe);
      pipe.end();
      await called;
      await sleep(0.01);
    });
    expect(reported.map((r) => [r.message, r.exception])).toEqual([
      ["Exception in callback protocol.connectionLost()", failure],
    ]);
  });

  it("an async pauseWriting that rejects is reported (selector_events.py::_FlowControlMixin::_maybe_pause_protocol)", async () => {
    const failure = new ValueError("pause");
    const reported = await reportsOf(async () => {
      class AsyncPause extends Protocol {
        override async pauseWriting(): Promise<void> {
          throw failure;
        }
      }
      const pipe = new PassThrough({ highWaterMark: 16 });
      const [transport] = await connectWritePipe(() => new AsyncPause(), pipe);
      transport.setWriteBufferLimits(64);
      transport.write(new Uint8Array(4096));
      await sleep(0.01);
      transport.abort();
    });
    expect(reported.map((r) => [r.message, r.exception])).toEqual([
      ["protocol.pauseWriting() failed", failure],
    ]);
  });

  it("an async datagramReceived that rejects is a fatal error (selector_events.py::_SelectorDatagramTransport::_read_ready)", async () => {
    const failure = new ValueError("datagram");
    const reported = await reportsOf(async () => {
      const lost = future<unknown>();
      const [server] = await createDatagramEndpoint(
        () => ({
          async datagramReceived(): Promise<void> {
            throw failure;
          },
          connectionLost(exc: unknown): void {
            lost.setResult(exc);
          },
        }),
        { localAddr: ["127.0.0.1", 0] },
      );
      const [client] = await createDatagramEndpoint(() => ({}), {
        remoteAddr: server.getExtraInfo("sockname") as DatagramAddress,
      });
      (client as DatagramTransport).sendto(enc("x"));
      expect(await lost).toBeNull();
      client.close();
    });
    expect(reported.map((r) => [r.message, r.exception])).toEqual([
      ["Fatal error: protocol.datagramReceived() call failed.", failure],
    ]);
  });

  it("an async protocol factory is a TypeError naming it; its rejection is still reported", async () => {
    const failure = new ValueError("factory");
    const reported = await reportsOf(async () => {
      const pipe = new PassThrough();
      const asyncFactory = (async () => new Protocol()) as unknown as () => Protocol;
      expect(() => connectReadPipe(asyncFactory, pipe)).toThrow(
        "connectReadPipe() protocolFactory must return a protocol object, got a Promise object",
      );
      const rejecting = (async () => {
        throw failure;
      }) as unknown as () => Protocol;
      expect(() => connectReadPipe(rejecting, pipe)).toThrow(TypeError);
      // The rejection is reported by a loop callback it queued, ahead of this sleep's.
      await sleep(0);
    });
    expect(reported.map((r) => [r.message, r.exception])).toEqual([
      ["connectReadPipe() protocolFactory failed", failure],
    ]);
  });

  it("a server's async protocol factory: the connection is refused and reported, the server goes on (base_events.py::_accept_connection2)", async () => {
    const reported = await reportsOf(async () => {
      const { createServer } = await import("../src/index.js");
      const server = await createServer(
        (async () => new Protocol()) as unknown as () => Protocol,
        "127.0.0.1",
        0,
      );
      const [transport, protocol] = await createConnection(
        () => new Lost(),
        "127.0.0.1",
        portOf(server),
      );
      expect(await protocol.lost).toBeNull();
      expect((transport as Transport).isClosing()).toBe(true);
      server.close();
      await server.waitClosed();
    });
    expect(reported.map((r) => [r.message, String(r.exception)])).toEqual([
      [
        "Error on transport creation for incoming connection",
        "TypeError: createServer() protocolFactory must return a protocol object, got a Promise object",
      ],
    ]);
  });
});
