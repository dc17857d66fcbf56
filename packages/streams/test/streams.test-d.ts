/** Type tests: the stream and transport API resolves to the shapes Python's does. */
import type { Coroutine } from "@asyncio/tasks";
import { describe, expectTypeOf, it } from "vitest";
import {
  type AddrInfo,
  createConnection,
  createDatagramEndpoint,
  createServer,
  type DatagramProtocol,
  type DatagramTransport,
  getaddrinfo,
  getnameinfo,
  openConnection,
  Protocol,
  type Server,
  type Socket,
  type SocketAddressLike,
  type StreamReader,
  type StreamWriter,
  sendfile,
  sockAccept,
  sockRecv,
  sockRecvfrom,
  startServer,
  startTls,
  type Transport,
} from "../src/index.js";

class Echo extends Protocol {
  marker = true;
}

describe("streams types", () => {
  it("openConnection resolves to [StreamReader, StreamWriter]", () => {
    expectTypeOf(openConnection("h", 1)).toEqualTypeOf<Coroutine<[StreamReader, StreamWriter]>>();
  });

  it("reads are Uint8Array coroutines and the reader iterates lines", () => {
    const reader = {} as StreamReader;
    expectTypeOf(reader.readline()).toEqualTypeOf<Coroutine<Uint8Array>>();
    expectTypeOf(reader.readexactly(3)).toEqualTypeOf<Coroutine<Uint8Array>>();
    expectTypeOf(reader[Symbol.asyncIterator]).returns.toEqualTypeOf<AsyncIterator<Uint8Array>>();
  });

  it("createConnection keeps the protocol's own type", () => {
    expectTypeOf(createConnection(() => new Echo(), "h", 1)).toEqualTypeOf<
      Coroutine<[Transport, Echo]>
    >();
  });

  it("servers and datagram endpoints", () => {
    expectTypeOf(startServer(() => undefined, "h", 0)).toEqualTypeOf<Coroutine<Server>>();
    expectTypeOf(createServer(() => new Echo())).toEqualTypeOf<Coroutine<Server>>();
    const factory = (): DatagramProtocol => ({});
    expectTypeOf(createDatagramEndpoint(factory, { localAddr: ["h", 0] })).toEqualTypeOf<
      Coroutine<[DatagramTransport, DatagramProtocol]>
    >();
    expectTypeOf<Server>().toHaveProperty(Symbol.asyncDispose);
  });

  it("the I/O additions resolve to Python's shapes", () => {
    const transport = {} as Transport;
    const sock = {} as Socket;
    expectTypeOf(startTls(transport, new Echo(), {})).toEqualTypeOf<Coroutine<Transport>>();
    expectTypeOf(sendfile(transport, "/tmp/f")).toEqualTypeOf<Coroutine<number>>();
    expectTypeOf(getaddrinfo("h", 1)).toEqualTypeOf<Coroutine<AddrInfo[]>>();
    expectTypeOf(getnameinfo(["h", 1])).toEqualTypeOf<Coroutine<[host: string, service: string]>>();
    expectTypeOf(sockRecv(sock, 1)).toEqualTypeOf<Coroutine<Uint8Array>>();
    expectTypeOf(sockAccept(sock)).toEqualTypeOf<Coroutine<[Socket, SocketAddressLike]>>();
    expectTypeOf(sockRecvfrom(sock, 1)).toEqualTypeOf<Coroutine<[Uint8Array, [string, number]]>>();
  });
});
