import type { Future } from "@asyncio/futures";
import { ValueError } from "@asyncio/futures";
import { sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import {
  createConnection,
  createServer,
  createUnixConnection,
  createUnixServer,
  FileNotFoundError,
  OSError,
  Protocol,
  type Transport,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

/** test_events.py's MyProto: records the callbacks in order and answers a request. */
class RecordingProtocol extends Protocol {
  readonly events: string[] = [];
  transport: Transport | null = null;
  received = "";
  readonly made: Future<void> = future();
  readonly lost: Future<unknown> = future<unknown>();
  readonly eof: Future<void> = future();
  keepOpen: boolean | undefined = undefined;

  override connectionMade(transport: Transport): void {
    this.events.push("made");
    this.transport = transport;
    this.made.setResult();
  }
  override dataReceived(data: Uint8Array): void {
    this.events.push("data");
    this.received += dec(data);
  }
  override eofReceived(): boolean | undefined {
    this.events.push("eof");
    this.eof.setResult();
    return this.keepOpen;
  }
  override connectionLost(exc: unknown): void {
    this.events.push("lost");
    this.lost.setResult(exc);
  }
  override pauseWriting(): void {
    this.events.push("pause");
  }
  override resumeWriting(): void {
    this.events.push("resume");
  }
}

/** Echoes what it receives and closes on EOF (the default when eofReceived returns nothing). */
class EchoProtocol extends Protocol {
  transport: Transport | null = null;
  override connectionMade(transport: Transport): void {
    this.transport = transport;
  }
  override dataReceived(data: Uint8Array): void {
    this.transport?.write(data);
  }
}

describe("createConnection / createServer with protocols", () => {
  it("create_connection: callbacks in order made, data, eof, lost (test_events.py::EventLoopTestsMixin::test_create_connection)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new EchoProtocol(), "127.0.0.1", 0);
      const [transport, protocol] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      // connectionMade has run by the time createConnection returns.
      expect(protocol.events).toEqual(["made"]);
      expect(protocol.transport).toBe(transport);
      transport.write(enc("ping"));
      transport.writeEof();
      expect(await protocol.lost).toBeNull();
      expect(protocol.received).toBe("ping");
      expect(protocol.events[0]).toBe("made");
      expect(protocol.events.slice(-2)).toEqual(["eof", "lost"]);
      expect(protocol.events.filter((e) => e !== "data")).toEqual(["made", "eof", "lost"]);
      expect(transport.isClosing()).toBe(true);
      server.close();
      await server.waitClosed();
    });
  });

  it("create_unix_connection (test_events.py::EventLoopTestsMixin::test_create_unix_connection)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      const server = await createUnixServer(() => new EchoProtocol(), path);
      const [transport, protocol] = await createUnixConnection(() => new RecordingProtocol(), path);
      transport.write(enc("unix"));
      transport.writeEof();
      await protocol.lost;
      expect(protocol.received).toBe("unix");
      expect(transport.getExtraInfo("peername")).toBe(path);
      expect(transport.getExtraInfo("sockname")).toBe("");
      server.close();
      await server.waitClosed();
    });
  });

  it("eofReceived returning true keeps the connection half-open (test_events.py::EventLoopTestsMixin::test_create_server half-close)", async () => {
    await ioTest(async () => {
      const serverProtocol = future<RecordingProtocol>();
      const server = await createServer(
        () => {
          const protocol = new RecordingProtocol();
          protocol.keepOpen = true;
          serverProtocol.setResult(protocol);
          return protocol;
        },
        "127.0.0.1",
        0,
      );
      const [transport, client] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      transport.write(enc("request"));
      transport.writeEof();
      const peer = await serverProtocol;
      await peer.eof;
      expect(peer.received).toBe("request");
      // Still open: the server answers after the client's EOF.
      expect(peer.transport?.isClosing()).toBe(false);
      peer.transport?.write(enc("response"));
      peer.transport?.close();
      expect(await client.lost).toBeNull();
      expect(client.received).toBe("response");
      expect(await peer.lost).toBeNull();
      server.close();
      await server.waitClosed();
    });
  });

  it("eofReceived returning nothing closes the transport (selector_events.py::_SelectorSocketTransport::_read_ready__on_eof)", async () => {
    await ioTest(async () => {
      const serverProtocol = future<RecordingProtocol>();
      const server = await createServer(
        () => {
          const protocol = new RecordingProtocol();
          serverProtocol.setResult(protocol);
          return protocol;
        },
        "127.0.0.1",
        0,
      );
      const [transport, client] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      transport.writeEof();
      const peer = await serverProtocol;
      await peer.lost;
      expect(peer.events).toEqual(["made", "eof", "lost"]);
      await client.lost;
      server.close();
      await server.waitClosed();
    });
  });

  it("abort drops buffered data and calls connectionLost(null) (test_selector_events.py::SelectorTransportTests::test_abort)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new Protocol(), "127.0.0.1", 0);
      const [transport, protocol] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      transport.abort();
      expect(transport.isClosing()).toBe(true);
      expect(await protocol.lost).toBeNull();
      expect(protocol.events).toEqual(["made", "lost"]);
      // A second close or abort does nothing.
      transport.close();
      transport.abort();
      await sleep(0);
      expect(protocol.events).toEqual(["made", "lost"]);
      server.closeClients();
      server.close();
      await server.waitClosed();
    });
  });

  it("close() with an empty buffer reports the loss on the next iteration (test_selector_events.py::SelectorTransportTests::test_close)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new Protocol(), "127.0.0.1", 0);
      const [transport, protocol] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      transport.close();
      expect(protocol.events).toEqual(["made"]);
      await sleep(0);
      expect(protocol.events).toEqual(["made", "lost"]);
      server.closeClients();
      server.close();
      await server.waitClosed();
    });
  });

  it("write buffer limits: defaults, validation, pause and resume (test_selector_events.py::SelectorSocketTransportTests::test_set_write_buffer_limits)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new EchoProtocol(), "127.0.0.1", 0);
      const [transport, protocol] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      expect(transport.getWriteBufferLimits()).toEqual([16384, 65536]);
      transport.setWriteBufferLimits(null, 100);
      expect(transport.getWriteBufferLimits()).toEqual([100, 400]);
      transport.setWriteBufferLimits(40);
      expect(transport.getWriteBufferLimits()).toEqual([10, 40]);
      expect(() => transport.setWriteBufferLimits(1, 2)).toThrow(ValueError);
      expect(() => transport.setWriteBufferLimits(1, 2)).toThrow(
        "high (1) must be >= low (2) must be >= 0",
      );
      expect(() => transport.setWriteBufferLimits(0, -1)).toThrow(ValueError);
      transport.setWriteBufferLimits(0);
      // Big enough that the kernel can't take it in one go: the protocol is paused at once.
      transport.write(new Uint8Array(16 * 1024 * 1024));
      expect(transport.getWriteBufferSize()).toBeGreaterThan(0);
      expect(protocol.events).toEqual(["made", "pause"]);
      while (!protocol.events.includes("resume")) await sleep(0.001);
      expect(transport.getWriteBufferSize()).toBe(0);
      transport.close();
      await protocol.lost;
      server.close();
      await server.waitClosed();
    });
  });

  it("pauseReading holds data until resumeReading, losing nothing (test_selector_events.py::SelectorSocketTransportTests::test_pause_resume_reading)", async () => {
    await ioTest(async () => {
      const serverProtocol = future<RecordingProtocol>();
      const server = await createServer(
        () => {
          const protocol = new RecordingProtocol();
          serverProtocol.setResult(protocol);
          return protocol;
        },
        "127.0.0.1",
        0,
      );
      const [transport, client] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      expect(transport.isReading()).toBe(true);
      transport.pauseReading();
      expect(transport.isReading()).toBe(false);
      transport.pauseReading(); // idempotent
      const peer = await serverProtocol;
      peer.transport?.write(enc("while paused"));
      peer.transport?.close();
      // Give the data every chance to arrive: it must not be delivered while paused.
      await sleep(0.05);
      expect(client.received).toBe("");
      transport.resumeReading();
      expect(transport.isReading()).toBe(true);
      expect(await client.lost).toBeNull();
      expect(client.received).toBe("while paused");
      expect(client.events.filter((e) => e !== "data")).toEqual(["made", "eof", "lost"]);
      server.close();
      await server.waitClosed();
    });
  });

  it("write() rejects non-bytes and writeEof is idempotent (test_selector_events.py::SelectorSocketTransportTests::test_write_no_data / test_write_eof)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new EchoProtocol(), "127.0.0.1", 0);
      const [transport, protocol] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      expect(() => transport.write("str" as unknown as Uint8Array)).toThrow(
        'write() data must be a Uint8Array, got "str"',
      );
      transport.write(new Uint8Array(0));
      expect(transport.getWriteBufferSize()).toBe(0);
      expect(transport.canWriteEof()).toBe(true);
      transport.writeEof();
      transport.writeEof();
      await protocol.lost;
      server.close();
      await server.waitClosed();
    });
  });

  it("an error in dataReceived is reported and closes the connection with it (selector_events.py::_read_ready__data_received fatal error)", async () => {
    const reported = await ioTest(
      async ({ reported }) => {
        const failure = new ValueError("bad data");
        const lost = future<unknown>();
        class Failing extends Protocol {
          override dataReceived(): void {
            throw failure;
          }
          override connectionLost(exc: unknown): void {
            lost.setResult(exc);
          }
        }
        const server = await createServer(() => new EchoProtocol(), "127.0.0.1", 0);
        const [transport] = await createConnection(
          () => new Failing(),
          "127.0.0.1",
          portOf(server),
        );
        transport.write(enc("x"));
        expect(await lost).toBe(failure);
        server.closeClients();
        server.close();
        await server.waitClosed();
        return reported;
      },
      { allowReports: true },
    );
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toBe("Fatal error: protocol.dataReceived() call failed.");
  });

  it("a failing protocol factory destroys the socket and raises (base_events.py::_create_connection_transport)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new Protocol(), "127.0.0.1", 0);
      await expect(
        createConnection(
          () => {
            throw new ValueError("no protocol");
          },
          "127.0.0.1",
          portOf(server),
        ),
      ).rejects.toThrow("no protocol");
      server.closeClients();
      server.close();
      await server.waitClosed();
    });
  });

  it("bad arguments: protocol factory, host, path (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_host_port_sock)", async () => {
    await ioTest(() => {
      expect(() => createConnection(null as unknown as () => Protocol, "h", 1)).toThrow(
        "createConnection() protocolFactory must be a function, got null",
      );
      expect(() => createConnection(() => new Protocol(), "", 1)).toThrow(TypeError);
      expect(() => createUnixConnection(() => new Protocol(), "")).toThrow(
        "createUnixConnection() path must be a non-empty string",
      );
      expect(() => createServer(() => new Protocol(), "127.0.0.1", 0, { backlog: -1 })).toThrow(
        "createServer() backlog must be a non-negative integer, got -1",
      );
    });
  });

  it("a Unix socket path that doesn't exist is FileNotFoundError, an OSError with Node's code (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_connection_pathlib)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      const failure = await createUnixConnection(() => new Protocol(), path).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(FileNotFoundError);
      expect(failure).toBeInstanceOf(OSError);
      expect((failure as OSError).code).toBe("ENOENT");
      expect((failure as Error).name).toBe("FileNotFoundError");
    });
  });

  it("setProtocol switches where data goes (test_sslproto.py / transports.py::BaseTransport::set_protocol)", async () => {
    await ioTest(async () => {
      const server = await createServer(() => new EchoProtocol(), "127.0.0.1", 0);
      const [transport, first] = await createConnection(
        () => new RecordingProtocol(),
        "127.0.0.1",
        portOf(server),
      );
      const second = new RecordingProtocol();
      transport.setProtocol(second);
      expect(transport.getProtocol()).toBe(second);
      transport.write(enc("to second"));
      transport.writeEof();
      await second.lost;
      expect(second.received).toBe("to second");
      expect(first.received).toBe("");
      server.close();
      await server.waitClosed();
    });
  });
});
