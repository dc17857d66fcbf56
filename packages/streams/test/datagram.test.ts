import { type Future, ValueError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  createDatagramEndpoint,
  type DatagramAddress,
  type DatagramProtocol,
  DatagramTransport,
  GaiError,
} from "../src/index.js";
import { dec, enc, future, ioTest } from "./helpers.js";

/** test_events.py's MyDatagramProto: records what arrives; echoes when asked to. */
class Recorder implements DatagramProtocol {
  transport: DatagramTransport | null = null;
  readonly received: [string, DatagramAddress][] = [];
  readonly lost: Future<unknown> = future<unknown>();
  next: Future<void> = future();
  constructor(readonly echo = false) {}
  connectionMade(transport: unknown): void {
    this.transport = transport as DatagramTransport;
  }
  datagramReceived(data: Uint8Array, addr: DatagramAddress): void {
    this.received.push([dec(data), addr]);
    if (this.echo) this.transport?.sendto(enc(`echo:${dec(data)}`), addr);
    if (!this.next.done()) this.next.setResult();
  }
  connectionLost(exc: unknown): void {
    this.lost.setResult(exc);
  }
  async nextDatagram(): Promise<void> {
    await this.next;
    this.next = future();
  }
}

describe("createDatagramEndpoint", () => {
  it("create_datagram_endpoint: echo over loopback (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint)", async () => {
    await ioTest(async () => {
      const [server, serverProto] = await createDatagramEndpoint(() => new Recorder(true), {
        localAddr: ["127.0.0.1", 0],
      });
      expect(server).toBeInstanceOf(DatagramTransport);
      const address = server.getExtraInfo("sockname") as DatagramAddress;
      expect(address[0]).toBe("127.0.0.1");
      const [client, clientProto] = await createDatagramEndpoint(() => new Recorder(), {
        remoteAddr: address,
      });
      expect(client.getExtraInfo("peername")).toEqual(address);
      client.sendto(enc("xxx"));
      await clientProto.nextDatagram();
      expect(serverProto.received.map(([d]) => d)).toEqual(["xxx"]);
      expect(clientProto.received).toEqual([["echo:xxx", address]]);
      // The server saw the client's address as the sender.
      expect(serverProto.received[0]?.[1]).toEqual(client.getExtraInfo("sockname"));
      client.close();
      expect(client.isClosing()).toBe(true);
      expect(await clientProto.lost).toBeNull();
      server.close();
      expect(await serverProto.lost).toBeNull();
    });
  });

  it("sendto with an explicit address on an unconnected endpoint (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint_sock)", async () => {
    await ioTest(async () => {
      const [server, serverProto] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      const address = server.getExtraInfo("sockname") as DatagramAddress;
      const [client] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      client.sendto(enc("one"), address);
      await serverProto.nextDatagram();
      client.sendto(enc("two"), address);
      await serverProto.nextDatagram();
      expect(serverProto.received.map(([d]) => d)).toEqual(["one", "two"]);
      client.close();
      server.close();
    });
  });

  it("sendto to another address on a connected endpoint is a ValueError (test_selector_events.py::SelectorDatagramTransportTests::test_sendto_connected_addr)", async () => {
    await ioTest(async () => {
      const [server] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      const address = server.getExtraInfo("sockname") as DatagramAddress;
      const [client] = await createDatagramEndpoint(() => new Recorder(), { remoteAddr: address });
      expect(() => client.sendto(enc("x"), ["127.0.0.1", 1])).toThrow(ValueError);
      expect(() => client.sendto(enc("x"), ["127.0.0.1", 1])).toThrow("Invalid address");
      client.sendto(enc("x"), address); // the remote address itself is fine
      expect(() => client.sendto("x" as unknown as Uint8Array)).toThrow(TypeError);
      client.close();
      server.close();
    });
  });

  it("bad arguments (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_datagram_endpoint_wrong_sock / _addr_error)", async () => {
    await ioTest(async () => {
      expect(() => createDatagramEndpoint(() => new Recorder(), {})).toThrow(
        "unexpected address family",
      );
      expect(() =>
        createDatagramEndpoint(() => new Recorder(), { localAddr: "127.0.0.1" as never }),
      ).toThrow("createDatagramEndpoint() localAddr must be [host, port]");
      expect(() =>
        createDatagramEndpoint(() => new Recorder(), { remoteAddr: ["127.0.0.1", 99999] }),
      ).toThrow(RangeError);
      await expect(
        createDatagramEndpoint(() => new Recorder(), { remoteAddr: ["no-such-host.invalid", 53] }),
      ).rejects.toBeInstanceOf(GaiError);
    });
  });

  it("an unconnected endpoint needs an address for sendto", async () => {
    await ioTest(async () => {
      const [endpoint, proto] = await createDatagramEndpoint(() => new Recorder(), {
        localAddr: ["127.0.0.1", 0],
      });
      expect(() => endpoint.sendto(enc("x"))).toThrow(ValueError);
      endpoint.close();
      await proto.lost;
      // After close, datagrams are dropped silently.
      endpoint.sendto(enc("late"), ["127.0.0.1", 9]);
    });
  });
});
