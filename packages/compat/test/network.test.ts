import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventLoop } from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import * as asyncio from "../src/index.js";

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const dec = (bytes: Uint8Array | null): string =>
  new TextDecoder().decode(bytes ?? new Uint8Array());

/** Real I/O in real time; a loop a timed-out test left running is stopped after it. */
function io<T>(body: () => Promise<T>): Promise<T> {
  let loop: EventLoop | null = null;
  const result = withTestLoop(
    (testLoop) => {
      loop = testLoop.loop;
      return body();
    },
    { realTime: true },
  );
  onTestFinished(async () => {
    const running = loop as EventLoop | null;
    if (running === null || !running.isRunning()) return;
    result.catch(() => {});
    running.stop();
    for (let turn = 0; turn < 100 && running.isRunning(); turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
  return result;
}
const portOf = (server: asyncio.Server): number =>
  (server.sockets[0]!.getsockname() as [string, number])[1];

// A throw-away self-signed certificate made for this run (no key is kept in the repository).
let dir = "";
let certFile = "";
let keyFile = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "asyncio-compat-"));
  certFile = join(dir, "cert.pem");
  keyFile = join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"]
      .concat(["-addext", "subjectAltName=DNS:localhost", "-days", "1"])
      .concat(["-keyout", keyFile, "-out", certFile]),
    { stdio: "ignore" },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serverContext(): asyncio.ssl.SSLContext {
  const ctx = new asyncio.ssl.SSLContext(asyncio.ssl.PROTOCOL_TLS_SERVER);
  ctx.load_cert_chain(certFile, keyFile);
  return ctx;
}

describe("compat: TLS, sockets and name resolution under Python's names", () => {
  it("ssl.create_default_context, StreamWriter.start_tls and loop.start_tls (test_streams.py::StreamTests::test_start_tls)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const server = await asyncio.start_server(
        async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
          await reader.readline();
          writer.write(enc("OK\n"));
          await writer.start_tls(serverContext());
          writer.write(await reader.readline());
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const ctx = asyncio.ssl.create_default_context(asyncio.ssl.Purpose.SERVER_AUTH, {
        cafile: certFile,
      });
      expect(ctx.check_hostname).toBe(true);
      expect(ctx.verify_mode).toBe(asyncio.ssl.CERT_REQUIRED);
      const [reader, writer] = await asyncio.open_connection("127.0.0.1", portOf(server));
      writer.write(enc("STARTTLS\n"));
      expect(dec(await reader.readline())).toBe("OK\n");
      await writer.start_tls(ctx, { server_hostname: "localhost", ssl_handshake_timeout: 5 });
      expect(writer.get_extra_info("sslcontext")).toBe(ctx);
      writer.write(enc("secret\n"));
      expect(dec(await reader.readline())).toBe("secret\n");
      writer.close();
      await writer.wait_closed();

      // loop.start_tls on a transport, with a certificate nobody trusts.
      const untrusting = await asyncio.start_server(
        async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
          await reader.readline();
          writer.write(enc("OK\n"));
          await writer.start_tls(serverContext()).then(undefined, () => undefined);
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const got = loop.create_future<void>();
      class Client extends asyncio.Protocol {
        override data_received(): void {
          if (!got.done()) got.set_result(undefined);
        }
      }
      const [transport, protocol] = await loop.create_connection(
        () => new Client(),
        "127.0.0.1",
        portOf(untrusting),
      );
      transport.write(enc("STARTTLS\n"));
      await got;
      const error = await loop
        .start_tls(transport, protocol, asyncio.ssl.create_default_context(), {
          server_hostname: "localhost",
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(asyncio.ssl.SSLCertVerificationError);
      expect(error).toBeInstanceOf(asyncio.ssl.SSLError);
      expect(error).toBeInstanceOf(asyncio.OSError);
      for (const s of [server, untrusting]) {
        s.close();
        await s.wait_closed();
      }
    });
  });

  it("create_connection keywords: local_addr, all_errors, sock (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_*)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const server = await asyncio.start_server(
        async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
          writer.write(await reader.readline());
          writer.close();
        },
        "127.0.0.1",
        0,
        { reuse_port: true, reuse_address: true },
      );
      const port = portOf(server);
      const [reader, writer] = await asyncio.open_connection("127.0.0.1", port, {
        local_addr: ["127.0.0.1", 0],
        happy_eyeballs_delay: 0.25,
        interleave: 1,
      });
      writer.write(enc("keywords\n"));
      expect(dec(await reader.readline())).toBe("keywords\n");
      writer.close();
      await writer.wait_closed();
      server.close();
      await server.wait_closed();
      const refused = await loop
        .create_connection(() => new asyncio.Protocol(), "127.0.0.1", port, {
          all_errors: true,
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(asyncio.ExceptionGroup);
      expect((refused as asyncio.ExceptionGroup).exceptions[0]).toBeInstanceOf(
        asyncio.ConnectionRefusedError,
      );
    });
  });

  it("loop.sock_* over socket.socket, handed to start_server as sock (test_sock_lowlevel.py::BaseSockTestsMixin::test_sock_client_ops / test_sock_accept)", async () => {
    await io(async () => {
      const { socket } = asyncio;
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const listener = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      listener.setblocking(false);
      listener.bind(["127.0.0.1", 0]);
      await listener.listen();
      const client = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      const connecting = asyncio.create_task(loop.sock_connect(client, listener.getsockname()));
      const [conn, address] = await loop.sock_accept(listener);
      await connecting;
      expect(address).toEqual(client.getsockname());
      await loop.sock_sendall(client, enc("low level"));
      expect(dec(await loop.sock_recv(conn, 100))).toBe("low level");
      await loop.sock_sendall(conn, enc("back"));
      const buf = new Uint8Array(8);
      expect(await loop.sock_recv_into(client, buf)).toBe(4);
      const sock = client.getpeername();
      expect(sock).toEqual(listener.getsockname());
      for (const s of [client, conn]) s.close();
      // The listening socket serves a start_server.
      const server = await asyncio.start_server(
        async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
          writer.write(await reader.readline());
          writer.close();
        },
        null,
        null,
        { sock: listener },
      );
      const [reader, writer] = await asyncio.open_connection("127.0.0.1", portOf(server));
      writer.write(enc("served\n"));
      expect(dec(await reader.readline())).toBe("served\n");
      const transportSocket = writer.get_extra_info("socket") as asyncio.TransportSocket;
      transportSocket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1);
      expect(transportSocket.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)).toBe(1);
      writer.close();
      await writer.wait_closed();
      await asyncio.async_with(server, async () => undefined);
      expect(server.is_serving()).toBe(false);

      // UDP: sock_sendto / sock_recvfrom / sock_recvfrom_into.
      const a = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      const b = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      await a.bind(["127.0.0.1", 0]);
      await b.bind(["127.0.0.1", 0]);
      await loop.sock_sendto(a, enc("dgram"), b.getsockname());
      const [data, from] = await loop.sock_recvfrom(b, 100);
      expect([dec(data), from]).toEqual(["dgram", a.getsockname()]);
      await loop.sock_sendto(a, enc("into"), b.getsockname());
      const into = new Uint8Array(4);
      expect((await loop.sock_recvfrom_into(b, into))[0]).toBe(4);
      a.close();
      b.close();
    });
  });

  it("loop.sendfile, its fallback and SendfileNotAvailableError (test_sendfile.py::SendfileMixin::test_sendfile / test_sendfile_force_unsupported_native)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const path = join(dir, "file.bin");
      const data = randomBytes(700_000);
      writeFileSync(path, data);
      const got = loop.create_future<Uint8Array>();
      const server = await asyncio.start_server(
        async (reader: asyncio.StreamReader, writer: asyncio.StreamWriter) => {
          got.set_result(await reader.read());
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const [, writer] = await asyncio.open_connection("127.0.0.1", portOf(server));
      expect(() => loop.sendfile(writer.transport, path, 0, null, { fallback: false })).toThrow(
        asyncio.SendfileNotAvailableError,
      );
      expect(await loop.sendfile(writer.transport, path)).toBe(data.length);
      writer.write_eof();
      expect(Buffer.from(await got).equals(data)).toBe(true);
      writer.close();
      await writer.wait_closed();
      server.close();
      await server.wait_closed();
    });
  });

  it("loop.getaddrinfo / getnameinfo with socket constants (test_events.py::EventLoopTestsMixin::test_getaddrinfo / test_getnameinfo)", async () => {
    await io(async () => {
      const { socket } = asyncio;
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      expect(
        await loop.getaddrinfo("127.0.0.1", 80, {
          family: socket.AF_INET,
          type: socket.SOCK_STREAM,
        }),
      ).toEqual([[socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ["127.0.0.1", 80]]]);
      expect(
        await loop.getnameinfo(["127.0.0.1", 80], socket.NI_NUMERICHOST | socket.NI_NUMERICSERV),
      ).toEqual(["127.0.0.1", "80"]);
      const error = await loop.getaddrinfo("no-such-host.invalid", 80).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(socket.gaierror);
    });
  });

  it("create_datagram_endpoint reuse_port (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint_reuse_port)", async () => {
    await io(async () => {
      const loop = asyncio.get_running_loop() as asyncio.EventLoop;
      const [first] = await loop.create_datagram_endpoint(() => new asyncio.DatagramProtocol(), {
        local_addr: ["127.0.0.1", 0],
        reuse_port: true,
      });
      const [, port] = first.get_extra_info("sockname") as [string, number];
      const [second] = await loop.create_datagram_endpoint(() => new asyncio.DatagramProtocol(), {
        local_addr: ["127.0.0.1", port],
        reuse_port: true,
      });
      expect((second.get_extra_info("sockname") as [string, number])[1]).toBe(port);
      first.close();
      second.close();
    });
  });
});
