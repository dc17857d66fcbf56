import { CancelledError, ValueError } from "@asyncio/futures";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  GaiError,
  IncompleteReadError,
  isOSError,
  openConnection,
  openUnixConnection,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
  TransportSocket,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

/** A line-echo handler: echoes every line, then closes at EOF. */
async function echoLines(reader: StreamReader, writer: StreamWriter): Promise<void> {
  for await (const line of reader) {
    writer.write(line);
    await writer.drain();
  }
  writer.close();
  await writer.waitClosed();
}

describe("openConnection / startServer", () => {
  it("open_connection (test_streams.py::StreamTests::test_open_connection)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("GET / HTTP/1.0\r\n\r\n"));
      expect(dec(await reader.readline())).toBe("GET / HTTP/1.0\r\n");
      expect(dec(await reader.readline())).toBe("\r\n");
      writer.writeEof();
      expect((await reader.read()).length).toBe(0);
      expect(reader.atEof()).toBe(true);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("open_unix_connection (test_streams.py::StreamTests::test_open_unix_connection)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      await using server = await startUnixServer(echoLines, path);
      expect(server.sockets[0]?.getsockname()).toBe(path);
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("over unix\n"));
      expect(dec(await reader.readline())).toBe("over unix\n");
      expect(writer.getExtraInfo("peername")).toBe(path);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("IPv6 loopback: peername is [host, port] (test_streams.py::StreamTests::test_open_connection over IPv6 loopback)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "::1", 0);
      expect(server.sockets[0]?.family).toBe("inet6");
      const port = portOf(server);
      const [reader, writer] = await openConnection("::1", port);
      expect(writer.getExtraInfo("peername")).toEqual(["::1", port]);
      writer.write(enc("v6\n"));
      expect(dec(await reader.readline())).toBe("v6\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("localhost resolves and connects (test_streams.py::StreamTests::test_open_connection with a host name)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "localhost", 0);
      const [reader, writer] = await openConnection("localhost", portOf(server));
      writer.write(enc("by name\n"));
      expect(dec(await reader.readline())).toBe("by name\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("open_connection_error: refused (test_streams.py::StreamTests::test_open_connection_error)", async () => {
    await ioTest(async () => {
      // Bind a port, then free it, so that nothing listens there.
      const server = await startServer(() => undefined, "127.0.0.1", 0);
      const port = portOf(server);
      server.close();
      await server.waitClosed();
      const error = await openConnection("127.0.0.1", port).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConnectionRefusedError);
      expect((error as ConnectionRefusedError).code).toBe("ECONNREFUSED");
      expect(isOSError(error)).toBe(true);
    });
  });

  it("a host that doesn't resolve is a GaiError, not a hang (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_no_getaddrinfo)", async () => {
    await ioTest(async () => {
      const error = await openConnection("no-such-host.invalid", 80).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GaiError);
      expect((error as GaiError).code).toBe("EAI_NONAME");
      expect((error as GaiError).message).toBe("[Errno -2] Name or service not known");
    });
  });

  it("a port out of range is a RangeError naming the port (test_base_events.py port checks)", async () => {
    await ioTest(() => {
      expect(() => openConnection("127.0.0.1", 70000)).toThrow(RangeError);
      expect(() => openConnection("127.0.0.1", 70000)).toThrow(
        "openConnection() port must be 0-65535, got 70000",
      );
      expect(() => openConnection("127.0.0.1", -1)).toThrow(RangeError);
      expect(() => openConnection("127.0.0.1", 1.5)).toThrow(TypeError);
      expect(() => startServer(() => undefined, "127.0.0.1", 65536)).toThrow(RangeError);
    });
  });

  it("a bad host is a TypeError naming the argument", async () => {
    await ioTest(() => {
      expect(() => openConnection(42 as unknown as string, 80)).toThrow(
        "openConnection() host must be a non-empty string, got 42",
      );
    });
  });

  it("start_server (test_streams.py::StreamTests::test_start_server)", async () => {
    await ioTest(async () => {
      const server = await startServer(echoLines, "127.0.0.1", 0);
      expect(server.isServing()).toBe(true);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("hello world!\n"));
      expect(dec(await reader.readline())).toBe("hello world!\n");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
      expect(server.isServing()).toBe(false);
      expect(server.sockets).toEqual([]);
    });
  });

  it("many clients at once (test_server.py::BaseStartServer::test_start_server_1 with 32 clients)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const port = portOf(server);
      const client = async (id: number): Promise<string[]> => {
        const [reader, writer] = await openConnection("127.0.0.1", port);
        const got: string[] = [];
        for (let i = 0; i < 20; i++) {
          writer.write(enc(`client ${id} line ${i}\n`));
          got.push(dec(await reader.readline()));
        }
        writer.close();
        await writer.waitClosed();
        return got;
      };
      const tasks = Array.from({ length: 32 }, (_, id) => createTask(() => client(id)));
      for (const [id, task] of tasks.entries()) {
        const lines = await task;
        expect(lines).toHaveLength(20);
        expect(lines[19]).toBe(`client ${id} line 19\n`);
      }
    });
  });

  it("half-close: the server reads EOF and can still answer (test_events.py::EventLoopTestsMixin::test_create_connection half-close)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          const all = await reader.read();
          writer.write(enc(`got ${all.length} bytes`));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      expect(writer.canWriteEof()).toBe(true);
      writer.write(enc("0123456789"));
      writer.writeEof();
      expect(dec(await reader.read())).toBe("got 10 bytes");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("write after writeEof is a RuntimeError (selector_events.py::_SelectorSocketTransport::write)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.writeEof();
      expect(() => writer.write(enc("x"))).toThrow("Cannot call write() after writeEof()");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("reader limit overrun on a connection (test_streams.py::StreamTests::test_readline_limit over a socket)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (_reader, writer) => {
          writer.write(enc(`${"x".repeat(100)}\nshort\n`));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), { limit: 16 });
      await expect(reader.readline()).rejects.toThrow(ValueError);
      expect(dec(await reader.readline())).toBe("short\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("peer disconnects mid-readexactly (test_streams.py::StreamTests::test_readexactly_eof over a socket)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (_reader, writer) => {
          writer.write(enc("only-10-b."));
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const error = await reader.readexactly(100).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IncompleteReadError);
      expect(dec((error as IncompleteReadError).partial)).toBe("only-10-b.");
      expect((error as IncompleteReadError).expected).toBe(100);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("a slow reader makes drain() wait (streams.py::StreamWriter::drain, high/low water marks)", async () => {
    await ioTest(async () => {
      const go = future();
      const received = future<number>();
      await using server = await startServer(
        async (reader, writer) => {
          await go;
          received.setResult((await reader.read()).length);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.transport.setWriteBufferLimits(1024);
      expect(writer.transport.getWriteBufferLimits()).toEqual([256, 1024]);
      const chunk = new Uint8Array(64 * 1024);
      let written = 0;
      // Nobody reads yet: the kernel's buffers fill, then ours goes over the high-water mark.
      for (let i = 0; i < 4000 && writer.transport.getWriteBufferSize() <= 1024; i++) {
        writer.write(chunk);
        written += chunk.length;
      }
      expect(writer.transport.getWriteBufferSize()).toBeGreaterThan(1024);
      for (let i = 0; i < 64; i++) writer.write(chunk);
      written += 64 * chunk.length;
      const drain = createTask(writer.drain());
      for (let i = 0; i < 5; i++) await sleep(0);
      expect(drain.done()).toBe(false);
      go.setResult();
      await drain;
      expect(writer.transport.getWriteBufferSize()).toBeLessThanOrEqual(256);
      writer.writeEof();
      expect(await received).toBe(written);
      await writer.waitClosed();
    });
  }, 20_000);

  it("cancelling drain() loses nothing: the data is still delivered", async () => {
    await ioTest(async () => {
      const received = future<number>();
      const go = future();
      await using server = await startServer(
        async (reader, writer) => {
          await go;
          received.setResult((await reader.read()).length);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.transport.setWriteBufferLimits(0);
      const big = new Uint8Array(16 * 1024 * 1024).fill(7);
      writer.write(big);
      const drain = createTask(writer.drain());
      await sleep(0);
      expect(drain.done()).toBe(false);
      drain.cancel();
      await expect(drain).rejects.toBeInstanceOf(CancelledError);
      writer.writeEof();
      go.setResult();
      expect(await received).toBe(big.length);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("writing to a closed writer drops the data and drain() raises ConnectionResetError (test_streams.py::StreamTests::test_async_writer_api_exception_after_close)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.close();
      expect(writer.isClosing()).toBe(true);
      writer.write(enc("dropped"));
      await expect(writer.drain()).rejects.toThrow(ConnectionResetError);
      await expect(writer.drain()).rejects.toThrow("Connection lost");
      await writer.waitClosed();
    });
  });

  it("drain_raises: the peer closes, write+drain in a loop raises instead of spinning (test_streams.py::StreamTests::test_drain_raises)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        (_reader, writer) => writer.transport.abort(),
        "127.0.0.1",
        0,
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const error = await (async () => {
        for (;;) {
          writer.write(enc("foo\n"));
          await writer.drain();
          await sleep(0.001);
        }
      })().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConnectionError);
      writer.close();
      await writer.waitClosed().then(
        () => undefined,
        () => undefined,
      );
    });
  });

  it("async_writer_api (test_streams.py::StreamTests::test_async_writer_api)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.writelines([enc("a"), enc("b"), enc("c\n")]);
      await writer.drain();
      expect(dec(await reader.readline())).toBe("abc\n");
      writer.close();
      await writer.waitClosed();
      expect(writer.isClosing()).toBe(true);
    });
  });

  it("wait_closed_on_close (test_streams.py::StreamTests::test_wait_closed_on_close)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("x\n"));
      expect(dec(await reader.readline())).toBe("x\n");
      expect(writer.isClosing()).toBe(false);
      writer.close();
      expect(writer.isClosing()).toBe(true);
      await writer.waitClosed();
      // The reader sees EOF once the connection is closed.
      expect(reader.atEof()).toBe(true);
    });
  });

  it("wait_closed_on_close_with_unread_data (test_streams.py::StreamTests::test_wait_closed_on_close_with_unread_data)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          writer.write(enc("unread\n"));
          await writer.drain();
          // The client's close may reach us as EOF or as a reset: either way the stream ends.
          await reader.read().then(
            () => undefined,
            () => undefined,
          );
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      expect(dec(await reader.readexactly(1))).toBe("u");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("eof_feed_when_closing_writer (test_streams.py::StreamTests::test_eof_feed_when_closing_writer)", async () => {
    await ioTest(async () => {
      await using server = await startServer(echoLines, "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.close();
      await writer.waitClosed();
      expect(reader.atEof()).toBe(true);
    });
  });

  it("getExtraInfo gives peername, sockname and socket (test_events.py::EventLoopTestsMixin::test_create_connection extra info)", async () => {
    await ioTest(async () => {
      const serverSide = future<[unknown, unknown]>();
      await using server = await startServer(
        (_reader, writer) => {
          serverSide.setResult([writer.getExtraInfo("peername"), writer.getExtraInfo("sockname")]);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const port = portOf(server);
      const [, writer] = await openConnection("127.0.0.1", port);
      const peer = writer.getExtraInfo("peername") as [string, number];
      const local = writer.getExtraInfo("sockname") as [string, number];
      expect(peer).toEqual(["127.0.0.1", port]);
      expect(local[0]).toBe("127.0.0.1");
      const [serverPeer, serverLocal] = await serverSide;
      expect(serverPeer).toEqual(local);
      expect(serverLocal).toEqual(["127.0.0.1", port]);
      const sock = writer.getExtraInfo("socket") as TransportSocket;
      expect(sock).toBeInstanceOf(TransportSocket);
      expect(sock.getpeername()).toEqual(["127.0.0.1", port]);
      expect(sock.getsockname()).toEqual(local);
      expect(writer.getExtraInfo("nonexistent", "default")).toBe("default");
      expect(writer.getExtraInfo("nonexistent")).toBeNull();
      writer.close();
      await writer.waitClosed();
    });
  });

  it("cancelling a task blocked in readline leaves the connection usable and the data buffered", async () => {
    await ioTest(async () => {
      const go = future();
      await using server = await startServer(
        async (_reader, writer) => {
          writer.write(enc("first half "));
          await writer.drain();
          await go;
          writer.write(enc("second half\n"));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const blocked = createTask(reader.readline());
      while (reader.bufferedSize === 0) await sleep(0.001);
      blocked.cancel();
      await expect(blocked).rejects.toBeInstanceOf(CancelledError);
      go.setResult();
      expect(dec(await reader.readline())).toBe("first half second half\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("an error in the client-connected callback is reported and closes the connection (streams.py::StreamReaderProtocol::connection_made, failing client_connected_cb)", async () => {
    const reported = await ioTest(
      async ({ reported }) => {
        await using server = await startServer(
          async () => {
            throw new ValueError("handler failed");
          },
          "127.0.0.1",
          0,
        );
        const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
        expect((await reader.read()).length).toBe(0);
        writer.close();
        await writer.waitClosed();
        return reported;
      },
      { allowReports: true },
    );
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toBe("Unhandled exception in client_connected_cb");
    expect(String(reported[0]?.exception)).toContain("handler failed");
  });

  it("a large transfer arrives intact (test_streams.py::StreamTests::test_read_until_eof over a socket)", async () => {
    await ioTest(async () => {
      const size = 8 * 1024 * 1024;
      await using server = await startServer(
        async (_reader, writer) => {
          const data = new Uint8Array(size);
          for (let i = 0; i < size; i++) data[i] = i % 251;
          writer.write(data);
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const all = await reader.read();
      expect(all.length).toBe(size);
      expect(all[size - 1]).toBe((size - 1) % 251);
      expect(all[12345]).toBe(12345 % 251);
      writer.close();
      await writer.waitClosed();
    });
  });
});
