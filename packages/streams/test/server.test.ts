import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync, writeFileSync } from "node:fs";
import type * as net from "node:net";
import { CancelledError, type Future, getRunningLoop, RuntimeError } from "@asyncio/futures";
import { createTask, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  ConnectionResetError,
  createServer,
  OSError,
  openConnection,
  openUnixConnection,
  Protocol,
  type Server,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

describe("Server", () => {
  it("start_server_1: serve_forever until cancelled (test_server.py::BaseStartServer::test_start_server_1)", async () => {
    await ioTest(async () => {
      const server = await startServer(
        async (reader, writer) => {
          const line = await reader.readline();
          writer.write(line);
          await writer.drain();
          writer.close();
        },
        "127.0.0.1",
        0,
        { startServing: false },
      );
      expect(server.isServing()).toBe(false);
      const serving = createTask(server.serveForever());
      await sleep(0);
      expect(server.isServing()).toBe(true);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("hello\n"));
      expect(dec(await reader.readline())).toBe("hello\n");
      writer.close();
      await writer.waitClosed();
      serving.cancel();
      await expect(serving).rejects.toBeInstanceOf(CancelledError);
      expect(server.isServing()).toBe(false);
      expect(server.sockets).toEqual([]);
    });
  });

  it("connections wait until startServing (base_events.py::Server::start_serving, start_serving=False)", async () => {
    await ioTest(async () => {
      const accepted: string[] = [];
      const server = await startServer(
        (_reader, writer) => {
          accepted.push("client");
          writer.close();
        },
        "127.0.0.1",
        0,
        { startServing: false },
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      await sleep(0.02);
      expect(accepted).toEqual([]);
      await server.startServing();
      await server.startServing(); // a second call is a no-op
      expect((await reader.read()).length).toBe(0);
      expect(accepted).toEqual(["client"]);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("start_unix_server_1 (test_server.py::SelectorStartServerTests::test_start_unix_server_1)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      const server = await startUnixServer(async (reader, writer) => {
        writer.write(await reader.readline());
        writer.close();
      }, path);
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("unix line\n"));
      expect(dec(await reader.readline())).toBe("unix line\n");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("a stale Unix socket file is replaced (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_existing_path_sock)", async () => {
    const path = socketPath();
    // A process that dies while listening leaves its socket file behind.
    const script = `require("node:net").createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, "SIGKILL"))`;
    expect(() => execFileSync(process.execPath, ["-e", script], { stdio: "ignore" })).toThrow();
    expect(lstatSync(path).isSocket()).toBe(true);
    await ioTest(async () => {
      const server = await startUnixServer(async (reader, writer) => {
        writer.write(await reader.readline());
        writer.close();
      }, path);
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("fresh\n"));
      expect(dec(await reader.readline())).toBe("fresh\n");
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("a path that is not a socket is left alone and reported (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_existing_path_nonsock)", async () => {
    const path = socketPath();
    writeFileSync(path, "not a socket");
    await ioTest(async () => {
      const error = await startUnixServer(() => undefined, path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OSError);
      expect((error as OSError).code).toBe("EADDRINUSE");
    });
    expect(readFileSync(path, "utf8")).toBe("not a socket");
  });

  it("wait_closed_basic: waits for close and for the connections (test_server.py::TestServer2::test_wait_closed_basic)", async () => {
    await ioTest(async () => {
      const writers: StreamWriter[] = [];
      const connected = future();
      const server = await startServer(
        (_reader, writer) => {
          writers.push(writer);
          connected.setResult();
        },
        "127.0.0.1",
        0,
      );
      const [, clientWriter] = await openConnection("127.0.0.1", portOf(server));
      await connected;
      const waiting = createTask(server.waitClosed());
      await sleep(0);
      expect(waiting.done()).toBe(false);
      server.close();
      await sleep(0);
      // Closed, but a connection is still open.
      expect(waiting.done()).toBe(false);
      writers[0]?.close();
      await waiting;
      // Once closed and empty, waitClosed returns at once.
      await server.waitClosed();
      clientWriter.close();
      await clientWriter.waitClosed();
    });
  });

  it("wait_closed_race: close and a client close scheduled together (test_server.py::TestServer2::test_wait_closed_race)", async () => {
    await ioTest(async ({ loop }) => {
      const server = await startServer(
        async (reader, writer) => {
          try {
            await reader.read();
          } finally {
            writer.close();
            await writer.waitClosed();
          }
        },
        "127.0.0.1",
        0,
      );
      const waiting = createTask(server.waitClosed());
      await sleep(0);
      expect(waiting.done()).toBe(false);
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      loop.callSoon(() => server.close());
      loop.callSoon(() => writer.close());
      await server.waitClosed();
      await waiting;
    });
  });

  it("unix_server_addr_cleanup: closing removes the socket file (test_server.py::UnixServerCleanupTests::test_unix_server_addr_cleanup)", async () => {
    const path = socketPath();
    await ioTest(async () => {
      const server = await startUnixServer(() => undefined, path);
      expect(lstatSync(path).isSocket()).toBe(true);
      server.close();
      await server.waitClosed();
    });
    expect(() => lstatSync(path)).toThrow();
  });

  it("close_clients (test_server.py::TestServer2::test_close_clients)", async () => {
    await ioTest(async () => {
      const connected = future();
      const server = await startServer(() => connected.setResult(), "127.0.0.1", 0);
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      await connected;
      expect(server.connections).toHaveLength(1);
      server.close();
      server.closeClients();
      expect((await reader.read()).length).toBe(0);
      await server.waitClosed();
      expect(server.connections).toHaveLength(0);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("abort_clients (test_server.py::TestServer2::test_abort_clients)", async () => {
    await ioTest(async () => {
      const connected = future();
      const server = await startServer(
        async (_reader, writer) => {
          writer.transport.setWriteBufferLimits(0);
          writer.write(new Uint8Array(32 * 1024 * 1024));
          connected.setResult();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      await connected;
      server.close();
      server.abortClients();
      await server.waitClosed();
      // The client sees the stream end early (EOF or a reset), not the whole 32 MiB.
      const got = await reader.read().then(
        (data) => data.length,
        () => -1,
      );
      expect(got).toBeLessThan(32 * 1024 * 1024);
      writer.close();
      await writer.waitClosed().then(
        () => undefined,
        () => undefined,
      );
    });
  });

  it("serve_forever twice is a RuntimeError, and on a closed server too (base_events.py::Server::serve_forever)", async () => {
    await ioTest(async () => {
      const server = await startServer(() => undefined, "127.0.0.1", 0);
      const first = createTask(server.serveForever());
      await sleep(0);
      await expect(server.serveForever()).rejects.toThrow(RuntimeError);
      await expect(server.serveForever()).rejects.toThrow(
        "is already being awaited on serveForever()",
      );
      server.close();
      await expect(first).rejects.toBeInstanceOf(CancelledError);
      await expect(server.serveForever()).rejects.toThrow("is closed");
    });
  });

  it("await using closes the server and waits (test_server.py::BaseStartServer::test_start_server_1 async with)", async () => {
    await ioTest(async () => {
      let kept: Server | null = null;
      {
        await using server = await startServer(() => undefined, "127.0.0.1", 0);
        kept = server;
        expect(server.isServing()).toBe(true);
      }
      expect(kept.isServing()).toBe(false);
      expect(kept.sockets).toEqual([]);
      // close() twice is harmless.
      kept.close();
    });
  });

  it("a port in use is an OSError with EADDRINUSE (test_events.py::EventLoopTestsMixin::test_create_server_addr_in_use)", async () => {
    await ioTest(async () => {
      await using server = await createServer(() => new Protocol(), "127.0.0.1", 0);
      const error = await createServer(() => new Protocol(), "127.0.0.1", portOf(server)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OSError);
      expect((error as OSError).code).toBe("EADDRINUSE");
    });
  });

  it("sockets and getLoop (test_events.py::EventLoopTestsMixin::test_create_server)", async () => {
    await ioTest(async ({ loop }) => {
      await using server = await createServer(() => new Protocol(), "127.0.0.1", 0);
      expect(server.getLoop()).toBe(loop);
      expect(server.sockets).toHaveLength(1);
      const socket = server.sockets[0];
      expect(socket?.family).toBe("inet");
      const [host, port] = server.sockets[0]!.getsockname() as [string, number];
      expect(host).toBe("127.0.0.1");
      expect(port).toBeGreaterThan(0);
      expect(String(server)).toContain("127.0.0.1");
    });
  });

  it("several hosts: one listener each (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_server_multiple_hosts_ipv4)", async () => {
    await ioTest(async () => {
      await using server = await createServer(() => new Protocol(), ["127.0.0.1", "127.0.0.1"], 0);
      expect(server.sockets).toHaveLength(2);
      const ports = server.sockets.map((s) => (s.getsockname() as [string, number])[1]);
      expect(ports[0]).not.toBe(ports[1]);
    });
  });

  it("cancelling serveForever closes the server and waits for its clients (base_events.py::Server::serve_forever)", async () => {
    await ioTest(async () => {
      const connected = future<StreamWriter>();
      const server = await startServer((_r, w) => connected.setResult(w), "127.0.0.1", 0);
      const serving = createTask(server.serveForever());
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const serverWriter = await connected;
      serving.cancel();
      await sleep(0.01);
      // Still waiting for the open connection.
      expect(serving.done()).toBe(false);
      serverWriter.close();
      await expect(serving).rejects.toBeInstanceOf(CancelledError);
      expect((await reader.read()).length).toBe(0);
      writer.close();
      await writer.waitClosed();
    });
  });
});

/** A future set (on the loop) when the server's next accepted socket emits `event`. */
function whenAcceptedSocket(server: Server, event: "end" | "close"): Future<void> {
  const loop = getRunningLoop();
  const happened = future();
  const raw = server.sockets[0]?.raw as net.Server;
  raw.once("connection", (socket: net.Socket) => {
    socket.once(event, () => loop.callSoon(() => happened.setResult()));
  });
  return happened;
}

describe("what a connection says before the server serves it", () => {
  it("an EOF sent before startServing reaches the handler (base_events.py::Server::start_serving with the peer's FIN already in)", async () => {
    await ioTest(async () => {
      const seen = future<[number, boolean]>();
      const server = await startServer(
        async (reader, writer) => {
          const data = await reader.read();
          seen.setResult([data.length, reader.atEof()]);
          writer.close();
        },
        "127.0.0.1",
        0,
        { startServing: false },
      );
      const finArrived = whenAcceptedSocket(server, "end");
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.writeEof();
      // The server's socket has read the FIN; nothing has served the connection yet.
      await finArrived;
      await server.startServing();
      expect(await seen).toEqual([0, true]);
      expect((await reader.read()).length).toBe(0);
      writer.close();
      await writer.waitClosed();
      server.close();
      await server.waitClosed();
    });
  });

  it("a reset before startServing reaches the handler as ConnectionResetError (selector_events.py::_SelectorSocketTransport::_read_ready__get_buffer on ECONNRESET)", async () => {
    await ioTest(async () => {
      const seen = future<unknown>();
      const server = await startServer(
        async (reader, writer) => {
          seen.setResult(
            await reader.read().then(
              () => null,
              (e: unknown) => e,
            ),
          );
          writer.close();
        },
        "127.0.0.1",
        0,
        { startServing: false },
      );
      const resetArrived = whenAcceptedSocket(server, "close");
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      (writer.getExtraInfo("socket") as { raw: net.Socket }).raw.resetAndDestroy();
      await resetArrived;
      await server.startServing();
      expect(await seen).toBeInstanceOf(ConnectionResetError);
      server.close();
      await server.waitClosed();
      await writer.waitClosed().then(
        () => undefined,
        () => undefined,
      );
    });
  });
});

describe("a handler that returns without closing its writer", () => {
  it("waitClosed() returns once the client has closed (streams.py::StreamWriter.__del__ closes an abandoned writer, gh-114914)", async () => {
    await ioTest(async () => {
      const handled = future();
      const server = await startServer(
        async (reader) => {
          await reader.read();
          handled.setResult();
        },
        "127.0.0.1",
        0,
      );
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.close();
      await writer.waitClosed();
      await handled;
      server.close();
      await server.waitClosed();
      expect(server.connections).toHaveLength(0);
    });
  });

  it("a client that closes after the handler returned: the connection closes, what was written arrives (gh-114914)", async () => {
    await ioTest(async () => {
      const handled = future();
      const server = await startServer(
        async (_reader, writer) => {
          writer.write(enc("bye\n"));
          handled.setResult();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      await handled;
      writer.writeEof();
      expect(dec(await reader.read())).toBe("bye\n");
      expect((await reader.read()).length).toBe(0);
      server.close();
      await server.waitClosed();
      writer.close();
      await writer.waitClosed();
    });
  });

  it("a plain handler that hands the streams to a task keeps the half-closed connection open (streams.py::StreamReaderProtocol::eof_received returns True)", async () => {
    await ioTest(async () => {
      const served: Future<void>[] = [];
      const server = await startServer(
        (reader, writer) => {
          served.push(
            createTask(async () => {
              const request = await reader.read();
              await sleep(0.01);
              writer.write(enc(`got ${dec(request)}`));
              writer.close();
            }),
          );
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      writer.write(enc("ping"));
      writer.writeEof();
      expect(dec(await reader.read())).toBe("got ping");
      await served[0];
      server.close();
      await server.waitClosed();
      writer.close();
      await writer.waitClosed();
    });
  });
});
