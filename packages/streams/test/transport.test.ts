/**
 * What the transports of this package do beyond the transport suite of `@asyncio/testkit`
 * (`conformance.test.ts`, which covers the protocol callbacks, closing, flow control and
 * `setProtocol` over TCP, Unix sockets and TLS): a Unix connection's addresses, a failing
 * protocol factory, and the checks of the connection functions' arguments.
 */
import type { Future } from "@asyncio/futures";
import { ValueError } from "@asyncio/futures";
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
});
