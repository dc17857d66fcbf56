import { type Future, ValueError } from "@asyncio/futures";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionRefusedError,
  createDatagramEndpoint,
  createServer,
  type DatagramAddress,
  type DatagramProtocol,
  type DatagramTransport,
  IPPROTO_TCP,
  IPPROTO_UDP,
  OSError,
  openConnection,
  openUnixConnection,
  Protocol,
  SO_BROADCAST,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_RCVBUF,
  SO_REUSEADDR,
  SO_REUSEPORT,
  SO_SNDBUF,
  SO_TYPE,
  SOCK_DGRAM,
  SOCK_STREAM,
  SOL_SOCKET,
  startServer,
  startUnixServer,
  TCP_NODELAY,
  TransportSocket,
} from "../src/index.js";
import { dec, enc, future, ioTest, portOf, socketPath } from "./helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

class Recorder implements DatagramProtocol {
  transport: DatagramTransport | null = null;
  readonly received: [string, DatagramAddress][] = [];
  readonly errors: unknown[] = [];
  readonly lost: Future<unknown> = future<unknown>();
  next: Future<void> = future();
  connectionMade(transport: unknown): void {
    this.transport = transport as DatagramTransport;
  }
  datagramReceived(data: Uint8Array, addr: DatagramAddress): void {
    this.received.push([dec(data), addr]);
    if (!this.next.done()) this.next.setResult();
  }
  errorReceived(exc: unknown): void {
    this.errors.push(exc);
    if (!this.next.done()) this.next.setResult();
  }
  connectionLost(exc: unknown): void {
    this.lost.setResult(exc);
  }
  async nextEvent(): Promise<void> {
    await this.next;
    this.next = future();
  }
}

describe("TransportSocket options (trsock.py::TransportSocket.getsockopt / setsockopt)", () => {
  it("TCP: TCP_NODELAY and SO_KEEPALIVE set and read back; SO_TYPE; what Node can't do is ENOPROTOOPT (test_sock_lowlevel.py / test_selector_events.py::test_set_nodelay)", async () => {
    await ioTest(async () => {
      await using server = await startServer(async (_r, w) => w.close(), "127.0.0.1", 0);
      const [, writer] = await openConnection("127.0.0.1", portOf(server));
      const sock = writer.getExtraInfo("socket") as TransportSocket;
      expect(sock).toBeInstanceOf(TransportSocket);
      expect([sock.type, sock.proto, sock.family]).toEqual([SOCK_STREAM, IPPROTO_TCP, "inet"]);
      // Python's TCP transports turn Nagle's algorithm off (selector_events.py::_set_nodelay).
      expect(sock.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(1);
      sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 0);
      expect(sock.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(0);
      sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, true);
      expect(sock.getsockopt(IPPROTO_TCP, TCP_NODELAY)).toBe(1);
      sock.setsockopt(SOL_SOCKET, SO_KEEPALIVE, true);
      expect(sock.getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
      // Another TransportSocket over the same Node socket sees the same values.
      expect(new TransportSocket(sock.raw).getsockopt(SOL_SOCKET, SO_KEEPALIVE)).toBe(1);
      expect(sock.getsockopt(SOL_SOCKET, SO_TYPE)).toBe(SOCK_STREAM);
      expect(sock.getsockopt(SOL_SOCKET, SO_ERROR)).toBe(0);
      const cannot = (() => {
        try {
          sock.setsockopt(SOL_SOCKET, SO_SNDBUF, 65536);
        } catch (error) {
          return error;
        }
        return null;
      })();
      expect(cannot).toBeInstanceOf(OSError);
      expect((cannot as OSError).code).toBe("ENOPROTOOPT");
      expect((cannot as Error).message).toBe(
        "[Errno 92] Protocol not available: SO_SNDBUF can't be set on this socket through Node",
      );
      expect(() => sock.getsockopt(SOL_SOCKET, SO_RCVBUF)).toThrow(
        "[Errno 92] Protocol not available: SO_RCVBUF can't be read from this socket through Node",
      );
      expect(() => sock.setsockopt("1" as never, TCP_NODELAY, 1)).toThrow(
        'setsockopt() level must be an integer, got "1"',
      );
      expect(() => sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, "1" as never)).toThrow(
        'setsockopt() value must be an integer or a boolean, got "1"',
      );
      writer.close();
      await writer.waitClosed();
    });
  });

  it("servers: SO_REUSEADDR is on, SO_REUSEPORT as asked (test_events.py::EventLoopTestsMixin::test_create_server_reuse_port)", async () => {
    await ioTest(async () => {
      await using plain = await createServer(() => new Protocol(), "127.0.0.1", 0);
      await using shared = await createServer(() => new Protocol(), "127.0.0.1", 0, {
        reusePort: true,
      });
      const [plainSock] = plain.sockets;
      const [sharedSock] = shared.sockets;
      expect(plainSock?.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
      expect(plainSock?.getsockopt(SOL_SOCKET, SO_REUSEPORT)).toBe(0);
      expect(sharedSock?.getsockopt(SOL_SOCKET, SO_REUSEPORT)).toBe(1);
    });
  });

  it("Unix sockets have no TCP options (trsock.py over AF_UNIX)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      await using server = await startUnixServer(async (_r, w) => w.close(), path);
      const [, writer] = await openUnixConnection(path);
      const sock = writer.getExtraInfo("socket") as TransportSocket;
      expect([sock.family, sock.proto]).toEqual(["unix", 0]);
      expect(() => sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)).toThrow(OSError);
      writer.close();
      await writer.waitClosed();
      expect(server.isServing()).toBe(true);
    });
  });

  it("UDP: SO_BROADCAST from allow_broadcast and setsockopt, the kernel's buffer sizes (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint_sock / allow_broadcast)", async () => {
    await ioTest(async () => {
      const [endpoint] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
        allowBroadcast: true,
        reuseAddress: true,
      });
      const sock = endpoint.getExtraInfo("socket") as TransportSocket;
      expect([sock.type, sock.proto]).toEqual([SOCK_DGRAM, IPPROTO_UDP]);
      expect(sock.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(1);
      expect(sock.getsockopt(SOL_SOCKET, SO_REUSEADDR)).toBe(1);
      sock.setsockopt(SOL_SOCKET, SO_BROADCAST, 0);
      expect(sock.getsockopt(SOL_SOCKET, SO_BROADCAST)).toBe(0);
      sock.setsockopt(SOL_SOCKET, SO_RCVBUF, 65536);
      // Linux doubles what it is given, as Python would show too.
      expect(sock.getsockopt(SOL_SOCKET, SO_RCVBUF)).toBe(131072);
      sock.setsockopt(SOL_SOCKET, SO_SNDBUF, 32768);
      expect(sock.getsockopt(SOL_SOCKET, SO_SNDBUF)).toBe(65536);
      expect(sock.getsockname()).toEqual(endpoint.getExtraInfo("sockname"));
      endpoint.close();
    });
  });
});

describe("UDP endpoints", () => {
  it("reuse_port: two endpoints bind one port (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint_reuse_port)", async () => {
    await ioTest(async () => {
      const [first] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
        reusePort: true,
      });
      const [, port] = first.getExtraInfo("sockname") as DatagramAddress;
      const [second] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", port],
        reusePort: true,
      });
      expect((second.getExtraInfo("sockname") as DatagramAddress)[1]).toBe(port);
      expect(
        (second.getExtraInfo("socket") as TransportSocket).getsockopt(SOL_SOCKET, SO_REUSEPORT),
      ).toBe(1);
      const error = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", port],
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as OSError).code).toBe("EADDRINUSE");
      expect(() =>
        createDatagramEndpoint(() => new Recorder(), {
          localAddr: ["127.0.0.1", 0],
          reusePort: "y" as never,
        }),
      ).toThrow('createDatagramEndpoint() reusePort must be a boolean, got "y"');
      first.close();
      second.close();
    });
  });

  it("a connected endpoint whose peer is gone: the error reaches error_received, the endpoint stays open (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint, ICMP port unreachable)", async () => {
    await ioTest(async () => {
      const [gone, goneProto] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      const address = gone.getExtraInfo("sockname") as DatagramAddress;
      gone.close();
      // Lost once its socket is closed: nothing listens on that port any more.
      await goneProto.lost;
      const [client, proto] = await createDatagramEndpoint(() => new Recorder(), {
        remoteAddr: address,
      });
      client.sendto(enc("anyone?"));
      await proto.nextEvent();
      expect(proto.errors).toHaveLength(1);
      expect(proto.errors[0]).toBeInstanceOf(ConnectionRefusedError);
      expect(client.isClosing()).toBe(false);
      client.close();
      expect(await proto.lost).toBeNull();
    });
  });

  it("sendto after close: a connected endpoint drops and counts, warning from the fifth (test_selector_events.py::SelectorDatagramTransportTests::test_sendto_closing / test_sendto_lost)", async () => {
    await ioTest(async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const [server, serverProto] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      const address = server.getExtraInfo("sockname") as DatagramAddress;
      const [client, clientProto] = await createDatagramEndpoint(() => new Recorder(), {
        remoteAddr: address,
      });
      client.close();
      for (let i = 0; i < 4; i++) client.sendto(enc(`late ${i}`));
      expect(warn).not.toHaveBeenCalled();
      client.sendto(enc("fifth"));
      expect(warn).toHaveBeenCalledWith("asyncio: socket.send() raised exception.");
      expect(await clientProto.lost).toBeNull();
      // An empty datagram is not sent at all, as in Python.
      server.sendto(new Uint8Array(0), address);
      expect(() => client.sendto(enc("x"), ["127.0.0.1", 1])).toThrow(ValueError);
      server.close();
      await serverProto.lost;
      expect(serverProto.received).toEqual([]);
    });
  });

  it("sendto right after close on an unconnected endpoint still goes out, as Python closes the socket on the next iteration (selector_events.py::_SelectorTransport::close)", async () => {
    await ioTest(async () => {
      const [server, serverProto] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      const address = server.getExtraInfo("sockname") as DatagramAddress;
      const [client, clientProto] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      client.close();
      client.sendto(enc("just in time"), address);
      expect(await clientProto.lost).toBeNull();
      await serverProto.nextEvent();
      expect(serverProto.received.map(([d]) => d)).toEqual(["just in time"]);
      // After the loss: dropped.
      client.sendto(enc("too late"), address);
      server.close();
      await serverProto.lost;
    });
  });
});
