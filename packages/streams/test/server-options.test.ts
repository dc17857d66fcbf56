import * as net from "node:net";
import * as tls from "node:tls";
import { ValueError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  createServer,
  OSError,
  openConnection,
  openUnixConnection,
  Protocol,
  startServer,
  startUnixServer,
} from "../src/index.js";
import { dec, enc, ioTest, portOf, socketPath } from "./helpers.js";
import { useCertificates } from "./tls-certificates.js";

const certs = useCertificates();

async function listening(server: net.Server, target: net.ListenOptions): Promise<net.Server> {
  await new Promise<void>((resolve) => server.listen(target, resolve));
  return server;
}

async function echo(
  reader: { readline(): PromiseLike<Uint8Array> },
  writer: { write(d: Uint8Array): void; close(): void },
) {
  writer.write(await reader.readline());
  writer.close();
}

describe("createServer / startServer options", () => {
  it("sock: a listening net.Server is served (test_events.py::EventLoopTestsMixin::test_create_server_sock)", async () => {
    await ioTest(async () => {
      const given = await listening(net.createServer({ allowHalfOpen: true }), {
        port: 0,
        host: "127.0.0.1",
      });
      const port = (given.address() as net.AddressInfo).port;
      const server = await startServer(echo, null, null, { sock: given });
      expect(server.sockets.map((s) => s.raw)).toEqual([given]);
      expect(server.sockets[0]?.getsockname()).toEqual(["127.0.0.1", port]);
      const [reader, writer] = await openConnection("127.0.0.1", port);
      writer.write(enc("served from a given server\n"));
      expect(dec(await reader.readline())).toBe("served from a given server\n");
      writer.close();
      await writer.waitClosed();
      // Closing the Server closes the socket it was given, as Python's does.
      server.close();
      await server.waitClosed();
      expect(given.listening).toBe(false);
    });
  });

  it("sock with ssl: the given server's connections are wrapped in TLS (test_events.py::EventLoopTestsMixin::test_create_server_ssl with sock)", async () => {
    await ioTest(async () => {
      const given = await listening(net.createServer({ allowHalfOpen: true }), {
        port: 0,
        host: "127.0.0.1",
      });
      await using server = await startServer(echo, null, null, {
        sock: given,
        ssl: { key: certs.key, cert: certs.cert },
      });
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: certs.ca },
        serverHostname: "localhost",
      });
      writer.write(enc("tls over a given server\n"));
      expect(dec(await reader.readline())).toBe("tls over a given server\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("sock: a tls.Server hands over its own TLS connections", async () => {
    await ioTest(async () => {
      const given = await listening(
        tls.createServer({ key: certs.key, cert: certs.cert, allowHalfOpen: true }),
        { port: 0, host: "127.0.0.1" },
      );
      await using server = await startServer(echo, null, null, { sock: given });
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        ssl: { ca: certs.ca },
        serverHostname: "localhost",
      });
      writer.write(enc("through tls.Server\n"));
      expect(dec(await reader.readline())).toBe("through tls.Server\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("sock over a Unix socket, and a sock taken from another Server's sockets (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_server_path_sock)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      const given = await listening(net.createServer({ allowHalfOpen: true }), { path });
      await using server = await startUnixServer(echo, null, { sock: given });
      expect(server.sockets[0]?.getsockname()).toBe(path);
      const [reader, writer] = await openUnixConnection(path);
      writer.write(enc("unix sock\n"));
      expect(dec(await reader.readline())).toBe("unix sock\n");
      writer.close();
      await writer.waitClosed();
      expect(() => startUnixServer(echo, path, { sock: given })).toThrow(
        "path and sock can not be specified at the same time",
      );
    });
  });

  it("bad sock arguments (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_server_wrong_sock / test_create_server_host_port_sock)", async () => {
    await ioTest(async () => {
      const given = await listening(net.createServer(), { port: 0, host: "127.0.0.1" });
      expect(() => createServer(() => new Protocol(), "127.0.0.1", 0, { sock: given })).toThrow(
        ValueError,
      );
      expect(() => createServer(() => new Protocol(), "127.0.0.1", 0, { sock: given })).toThrow(
        "host/port and sock can not be specified at the same time",
      );
      expect(() =>
        createServer(() => new Protocol(), null, null, { sock: "socket" as never }),
      ).toThrow('createServer() A Stream Socket was expected, got "socket"');
      expect(() =>
        createServer(() => new Protocol(), null, null, { sock: net.createServer() }),
      ).toThrow("createServer() sock must be a listening server");
      given.close();
    });
  });

  it("reuse_port: two servers share a port; without it the second fails (test_events.py::EventLoopTestsMixin::test_create_server_reuse_port)", async () => {
    await ioTest(async () => {
      await using first = await createServer(() => new Protocol(), "127.0.0.1", 0, {
        reusePort: true,
      });
      const port = portOf(first);
      await using second = await createServer(() => new Protocol(), "127.0.0.1", port, {
        reusePort: true,
      });
      expect(portOf(second)).toBe(port);
      const error = await createServer(() => new Protocol(), "127.0.0.1", port).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OSError);
      expect((error as OSError).code).toBe("EADDRINUSE");
    });
  });

  it("reuse_address and reuse_port must be booleans, and are TCP-only (test_events.py::EventLoopTestsMixin::test_create_server_reuse_port, bad values)", async () => {
    await ioTest(async () => {
      expect(() =>
        createServer(() => new Protocol(), "127.0.0.1", 0, { reusePort: 1 as never }),
      ).toThrow("createServer() reusePort must be a boolean, got 1");
      expect(() =>
        createServer(() => new Protocol(), "127.0.0.1", 0, { reuseAddress: "yes" as never }),
      ).toThrow('createServer() reuseAddress must be a boolean, got "yes"');
      expect(() => startUnixServer(echo, socketPath(), { reusePort: true } as never)).toThrow(
        'startUnixServer() got an unexpected option "reusePort"',
      );
      // reuseAddress is what Node does anyway: accepted.
      await using server = await createServer(() => new Protocol(), "127.0.0.1", 0, {
        reuseAddress: true,
      });
      expect(server.isServing()).toBe(true);
    });
  });
});
