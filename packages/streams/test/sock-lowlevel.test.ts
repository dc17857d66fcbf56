import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CancelledError, ValueError } from "@asyncio/futures";
import { createTask, sleep } from "@asyncio/tasks";
import { afterAll, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AF_UNIX,
  ConnectionRefusedError,
  createConnection,
  createServer,
  OSError,
  openConnection,
  Protocol,
  SHUT_WR,
  SOCK_DGRAM,
  SOCK_STREAM,
  Socket,
  sockAccept,
  sockConnect,
  sockRecv,
  sockRecvfrom,
  sockRecvfromInto,
  sockRecvInto,
  sockSendall,
  sockSendfile,
  sockSendto,
  startServer,
  type Transport,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "asyncio-sock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads until the peer's EOF. */
async function recvAll(sock: Socket): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (;;) {
    const chunk = await sockRecv(sock, 65536);
    if (chunk.length === 0) return Buffer.concat(chunks);
    chunks.push(chunk);
  }
}

async function listeningSocket(
  family = AF_INET,
  address: [string, number] | string = ["127.0.0.1", 0],
) {
  const sock = new Socket(family, SOCK_STREAM);
  sock.bind(address);
  await sock.listen();
  return sock;
}

describe("sock_* coroutines over Socket", () => {
  it("sock_client_ops: connect, sendall, recv, recv_into (test_sock_lowlevel.py::BaseSockTestsMixin::test_sock_client_ops)", async () => {
    await ioTest(async () => {
      await using server = await startServer(
        async (reader, writer) => {
          writer.write(await reader.readexactly(4));
          writer.write(await reader.readexactly(4));
          writer.close();
        },
        "127.0.0.1",
        0,
      );
      const sock = new Socket();
      sock.setblocking(false);
      await sockConnect(sock, ["127.0.0.1", portOf(server)]);
      expect(sock.getpeername()).toEqual(["127.0.0.1", portOf(server)]);
      expect((sock.getsockname() as [string, number])[0]).toBe("127.0.0.1");
      await sockSendall(sock, enc("ping"));
      expect(dec(await sockRecv(sock, 1024))).toBe("ping");
      await sockSendall(sock, enc("pong"));
      const buf = new Uint8Array(10);
      expect(await sockRecvInto(sock, buf)).toBe(4);
      expect(dec(buf.subarray(0, 4))).toBe("pong");
      expect(await sockRecv(sock, 1024)).toHaveLength(0);
      sock.close();
      expect(sock.isClosed).toBe(true);
    });
  });

  it("sock_client_fail: a refused connect (test_sock_lowlevel.py::BaseSockTestsMixin::test_sock_client_fail)", async () => {
    await ioTest(async () => {
      // A port nobody listens on: a server that listened there and closed.
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      const { port } = probe.address() as net.AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const sock = new Socket();
      await expect(sockConnect(sock, ["127.0.0.1", port])).rejects.toBeInstanceOf(
        ConnectionRefusedError,
      );
      sock.close();
    });
  });

  it("sock_accept, with the connection's address (test_sock_lowlevel.py::BaseSockTestsMixin::test_sock_accept)", async () => {
    await ioTest(async () => {
      const listener = await listeningSocket();
      const [host, port] = listener.getsockname() as [string, number];
      expect(host).toBe("127.0.0.1");
      expect(port).toBeGreaterThan(0);
      const client = new Socket();
      const connecting = createTask(sockConnect(client, ["127.0.0.1", port]));
      const [conn, address] = await sockAccept(listener);
      await connecting;
      expect(address).toEqual(client.getsockname());
      expect(conn.getblocking()).toBe(false);
      await sockSendall(client, enc("hello"));
      client.shutdown(SHUT_WR);
      expect(dec(await recvAll(conn))).toBe("hello");
      conn.close();
      expect(await sockRecv(client, 10)).toHaveLength(0);
      client.close();
      listener.close();
    });
  });

  it("cancel_sock_accept, and a cancelled recv consumes nothing (test_sock_lowlevel.py::BaseSockTestsMixin::test_cancel_sock_accept / test_sock_client_racing)", async () => {
    await ioTest(async () => {
      const listener = await listeningSocket();
      const accepting = createTask(sockAccept(listener));
      await sleep(0);
      accepting.cancel();
      await expect(accepting).rejects.toBeInstanceOf(CancelledError);
      const client = new Socket();
      const connecting = createTask(sockConnect(client, listener.getsockname()));
      const [conn] = await sockAccept(listener);
      await connecting;
      const receiving = createTask(sockRecv(conn, 100));
      await sleep(0);
      receiving.cancel();
      await expect(receiving).rejects.toBeInstanceOf(CancelledError);
      await sockSendall(client, enc("kept"));
      expect(dec(await sockRecv(conn, 100))).toBe("kept");
      for (const s of [client, conn, listener]) s.close();
    });
  });

  it("huge_content: 8 MB each way, recv and recv_into (test_sock_lowlevel.py::BaseSockTestsMixin::test_huge_content / test_huge_content_recvinto)", async () => {
    await ioTest(async () => {
      const data = randomBytes(8 * 1024 * 1024);
      const listener = await listeningSocket();
      const client = new Socket();
      const connecting = createTask(sockConnect(client, listener.getsockname()));
      const [conn] = await sockAccept(listener);
      await connecting;
      const sending = createTask(async () => {
        await sockSendall(client, data);
        client.shutdown(SHUT_WR);
      });
      const chunks: Uint8Array[] = [];
      const buf = new Uint8Array(100_000);
      for (;;) {
        const n = await sockRecvInto(conn, buf);
        if (n === 0) break;
        chunks.push(buf.slice(0, n));
      }
      await sending;
      const got = Buffer.concat(chunks);
      expect(createHash("sha256").update(got).digest("hex")).toBe(
        createHash("sha256").update(data).digest("hex"),
      );
      for (const s of [client, conn, listener]) s.close();
    });
  });

  it("unix_sock_client_ops (test_sock_lowlevel.py::BaseSockTestsMixin::test_unix_sock_client_ops)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      const listener = await listeningSocket(AF_UNIX, path);
      expect(listener.getsockname()).toBe(path);
      const client = new Socket(AF_UNIX, SOCK_STREAM);
      const connecting = createTask(sockConnect(client, path));
      const [conn] = await sockAccept(listener);
      await connecting;
      await sockSendall(client, enc("over unix"));
      expect(dec(await sockRecv(conn, 100))).toBe("over unix");
      for (const s of [client, conn, listener]) s.close();
    });
  });

  it("sock_sendto / sock_recvfrom / sock_recvfrom_into over UDP (test_sock_lowlevel.py::BaseSockTestsMixin::test_sock_sendto_recvfrom / test_sock_recvfrom_into)", async () => {
    await ioTest(async () => {
      const server = new Socket(AF_INET, SOCK_DGRAM);
      await server.bind(["127.0.0.1", 0]);
      const client = new Socket(AF_INET, SOCK_DGRAM);
      await client.bind(["127.0.0.1", 0]);
      const address = server.getsockname() as [string, number];
      expect(await sockSendto(client, enc("datagram one"), address)).toBe(12);
      const [data, from] = await sockRecvfrom(server, 1024);
      expect(dec(data)).toBe("datagram one");
      expect(from).toEqual(client.getsockname());
      // A datagram longer than the buffer is cut, as the kernel cuts it.
      await sockSendto(client, enc("a longer datagram"), address);
      expect(dec((await sockRecvfrom(server, 8))[0])).toBe("a longer");
      await sockSendto(client, enc("into"), address);
      const buf = new Uint8Array(10);
      const [n, from2] = await sockRecvfromInto(server, buf);
      expect([n, dec(buf.subarray(0, n)), from2]).toEqual([4, "into", client.getsockname()]);
      expect(() => sockRecvfromInto(server, buf, 11)).toThrow(
        "nbytes is greater than the length of the buffer",
      );
      // A connected UDP socket receives only from its peer.
      await sockConnect(client, address);
      expect(client.getpeername()).toEqual(address);
      server.close();
      client.close();
    });
  });

  it("sock_sendfile (test_sock_lowlevel.py / test_sendfile.py::SockSendfileMixin::test_sock_sendfile_success)", async () => {
    await ioTest(async () => {
      const path = join(dir, "file.bin");
      const data = randomBytes(600_000);
      writeFileSync(path, data);
      const listener = await listeningSocket();
      const client = new Socket();
      const connecting = createTask(sockConnect(client, listener.getsockname()));
      const [conn] = await sockAccept(listener);
      await connecting;
      expect(await sockSendfile(client, path, 100, 500_000)).toBe(500_000);
      client.shutdown(SHUT_WR);
      expect(Buffer.from(await recvAll(conn)).equals(data.subarray(100, 500_100))).toBe(true);
      for (const s of [client, conn, listener]) s.close();
    });
  });

  it("a Socket hands over to createConnection and createServer (sock=, test_events.py::EventLoopTestsMixin::test_create_connection_sock / test_create_server_sock)", async () => {
    await ioTest(async () => {
      const listener = await listeningSocket(AF_INET6, ["::1", 0]);
      const [, port] = listener.getsockname() as [string, number];
      // A connection the listener accepted before it was handed over is served too.
      const accepted = new Promise((resolve) =>
        (listener._peekRaw() as net.Server).once("connection", resolve),
      );
      const early = new Socket(AF_INET6);
      await sockConnect(early, ["::1", port]);
      await accepted;
      const seen: string[] = [];
      await using server = await startServer(
        async (reader, writer) => {
          const line = dec(await reader.readline());
          seen.push(line);
          writer.write(enc(line));
          writer.close();
        },
        null,
        null,
        { sock: listener },
      );
      expect(listener.isClosed).toBe(true);
      await sockSendall(early, enc("early\n"));
      expect(dec(await recvAll(early))).toBe("early\n");
      early.close();
      const client = new Socket(AF_INET6);
      await sockConnect(client, ["::1", port]);
      const [reader, writer] = await openConnection(null, null, { sock: client });
      writer.write(enc("handed over\n"));
      expect(dec(await reader.readline())).toBe("handed over\n");
      writer.close();
      await writer.waitClosed();
      expect(seen).toEqual(["early\n", "handed over\n"]);
      expect(server.isServing()).toBe(true);
    });
  });

  it("closed, blocking and unconnected sockets, and bad arguments (socket semantics the sock_* coroutines check)", async () => {
    await ioTest(async () => {
      const sock = new Socket();
      await expect(sockRecv(sock, 10)).rejects.toBeInstanceOf(OSError);
      await expect(sockRecv(sock, 10)).rejects.toThrow(
        "[Errno 107] Transport endpoint is not connected",
      );
      sock.setblocking(true);
      expect(() => sockRecv(sock, 10)).toThrow(ValueError);
      expect(() => sockRecv(sock, 10)).toThrow("the socket must be non-blocking");
      sock.setblocking(false);
      expect(() => sockAccept(sock)).toThrow("[Errno 22] Invalid argument");
      expect(() => sockRecv(sock, -1)).toThrow("negative buffersize in recv");
      expect(() => sockRecv({} as never, 1)).toThrow(
        "sockRecv() sock must be a Socket, got an object",
      );
      expect(() => sockSendall(sock, "x" as never)).toThrow(
        'sockSendall() data must be a Uint8Array, got "x"',
      );
      expect(() => new Socket(99)).toThrow(
        "Socket() family must be AF_INET, AF_INET6 or AF_UNIX, got 99",
      );
      expect(() => new Socket(AF_UNIX, SOCK_DGRAM)).toThrow(
        "Socket() Unix datagram sockets are not available in Node",
      );
      sock.close();
      expect(() => sockRecv(sock, 10)).toThrow("[Errno 9] Bad file descriptor");
      // A Socket that isn't connected can't be handed to createConnection.
      expect(() =>
        createConnection(() => new Protocol(), null, null, { sock: new Socket() }),
      ).toThrow("createConnection() sock must be a connected socket");
      expect(() => createServer(() => new Protocol(), null, null, { sock: new Socket() })).toThrow(
        "createServer() sock must be a listening server",
      );
      // A waiting recv fails when the socket is closed under it.
      const listener = await listeningSocket();
      const client = new Socket();
      const connecting = createTask(sockConnect(client, listener.getsockname()));
      const [conn] = await sockAccept(listener);
      await connecting;
      const receiving = createTask(sockRecv(conn, 10));
      await sleep(0);
      conn.close();
      await expect(receiving).rejects.toThrow("[Errno 9] Bad file descriptor");
      const lost = future<unknown>();
      class Watch extends Protocol {
        override connectionLost(exc: unknown): void {
          lost.setResult(exc);
        }
      }
      const [transport] = (await createConnection(() => new Watch(), null, null, {
        sock: client,
      })) as [Transport, Watch];
      expect(await lost).toBeNull();
      expect(transport.isClosing()).toBe(true);
      listener.close();
    });
  });

  it("a Socket left open is closed with its loop (base_events.py::BaseEventLoop::close)", async () => {
    let raw: unknown = null;
    await ioTest(async () => {
      const listener = await listeningSocket();
      raw = listener._peekRaw();
      expect((raw as { listening: boolean }).listening).toBe(true);
    });
    expect((raw as { listening: boolean }).listening).toBe(false);
  });
});
