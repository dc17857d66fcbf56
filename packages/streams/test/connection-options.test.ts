import * as net from "node:net";
import { ExceptionGroup, ValueError } from "@asyncio/futures";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AddrInfo,
  AF_INET,
  AF_INET6,
  ConnectionRefusedError,
  createConnection,
  createUnixConnection,
  IPPROTO_TCP,
  OSError,
  openConnection,
  openUnixConnection,
  Protocol,
  SOCK_STREAM,
  startServer,
  startUnixServer,
  type TransportSocket,
} from "../src/index.js";
import { nameResolver, type ResolvedAddress } from "../src/internal/name-resolver.js";
import { interleaveAddrInfos } from "../src/internal/open-tcp.js";
import { dec, enc, ioTest, portOf, socketPath } from "./helpers.js";

const realLookup = nameResolver.lookup;
afterEach(() => {
  nameResolver.lookup = realLookup;
});

/** Makes `name` resolve to `addresses`, in that order (as CPython's tests mock getaddrinfo). */
function resolveTo(name: string, addresses: ResolvedAddress[]): void {
  nameResolver.lookup = async (host, family, hints) => {
    if (host !== name) return realLookup(host, family, hints);
    return addresses.filter((a) => family === 0 || a.family === family);
  };
}

/** A port nobody listens on (on every loopback address used here). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function echoServer(host: string | readonly string[], port = 0) {
  return startServer(
    async (reader, writer) => {
      writer.write(await reader.readline());
      writer.close();
    },
    host,
    port,
  );
}

describe("createConnection / openConnection options", () => {
  it("local_addr binds the client's address (test_events.py::EventLoopTestsMixin::test_create_connection_local_addr)", async () => {
    await ioTest(async () => {
      await using server = await echoServer("127.0.0.1");
      const local = await closedPort();
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server), {
        localAddr: ["127.0.0.1", local],
      });
      expect(writer.getExtraInfo("sockname")).toEqual(["127.0.0.1", local]);
      writer.write(enc("bound\n"));
      expect(dec(await reader.readline())).toBe("bound\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("local_addr in use is an OSError with EADDRINUSE (test_events.py::EventLoopTestsMixin::test_create_connection_local_addr_in_use)", async () => {
    await ioTest(async () => {
      await using server = await echoServer("127.0.0.1");
      const error = await createConnection(() => new Protocol(), "127.0.0.1", portOf(server), {
        localAddr: ["127.0.0.1", portOf(server)],
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OSError);
      expect((error as OSError).code).toBe("EADDRINUSE");
    });
  });

  it("no local address of the remote's family (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_no_local_addr)", async () => {
    await ioTest(async () => {
      const error = await createConnection(() => new Protocol(), "::1", await closedPort(), {
        localAddr: ["127.0.0.1", 0],
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OSError);
      expect((error as Error).message).toBe("no matching local address with family=10 found");
    });
  });

  it("sock: a connected socket is used as it is (test_events.py::EventLoopTestsMixin::test_create_connection_sock)", async () => {
    await ioTest(async () => {
      await using server = await echoServer("127.0.0.1");
      const sock = net.connect(portOf(server), "127.0.0.1");
      await new Promise((resolve) => sock.once("connect", resolve));
      const [reader, writer] = await openConnection(null, null, { sock });
      expect(writer.getExtraInfo("peername")).toEqual(["127.0.0.1", portOf(server)]);
      expect((writer.getExtraInfo("socket") as TransportSocket).raw).toBe(sock);
      writer.write(enc("handed over\n"));
      expect(dec(await reader.readline())).toBe("handed over\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("sock over a Unix socket (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_connection_path_sock)", async () => {
    await ioTest(async () => {
      const path = socketPath();
      await using server = await startUnixServer(async (reader, writer) => {
        writer.write(await reader.readline());
        writer.close();
      }, path);
      const sock = net.connect(path);
      await new Promise((resolve) => sock.once("connect", resolve));
      expect(() => openUnixConnection(path, { sock })).toThrow(ValueError);
      expect(() => openUnixConnection(path, { sock })).toThrow(
        "path and sock can not be specified at the same time",
      );
      const [reader, writer] = await openUnixConnection(null, { sock });
      expect((writer.getExtraInfo("socket") as TransportSocket).family).toBe("unix");
      writer.write(enc("unix, handed over\n"));
      expect(dec(await reader.readline())).toBe("unix, handed over\n");
      writer.close();
      await writer.waitClosed();
      expect(server.isServing()).toBe(true);
    });
  });

  it("host/port and sock together, or none of them, are ValueErrors (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_host_port_sock / test_create_connection_no_host_port_sock)", async () => {
    await ioTest(async () => {
      const sock = new net.Socket();
      expect(() => createConnection(() => new Protocol(), "127.0.0.1", 1, { sock })).toThrow(
        "createConnection() sock must be a connected socket",
      );
      await using server = await echoServer("127.0.0.1");
      const connected = net.connect(portOf(server), "127.0.0.1");
      await new Promise((resolve) => connected.once("connect", resolve));
      expect(() =>
        createConnection(() => new Protocol(), "127.0.0.1", 1, { sock: connected }),
      ).toThrow("host/port and sock can not be specified at the same time");
      expect(() => createConnection(() => new Protocol())).toThrow(
        "host and port was not specified and no sock specified",
      );
      expect(() =>
        createConnection(() => new Protocol(), null, null, { sock: {} as never }),
      ).toThrow("createConnection() A Stream Socket was expected, got");
      expect(() => createUnixConnection(() => new Protocol())).toThrow(
        "no path and sock were specified",
      );
      expect(() =>
        createConnection(() => new Protocol(), null, null, { sock: connected, ssl: true }),
      ).toThrow("You must set server_hostname when using ssl without a host");
      connected.destroy();
    });
  });

  it("family, proto and flags are checked at the call (base_events.py::BaseEventLoop::create_connection)", async () => {
    await ioTest(async () => {
      const call = (options: object) => () =>
        createConnection(() => new Protocol(), "127.0.0.1", 1, options);
      expect(call({ family: 99 })).toThrow(
        "createConnection() family must be AF_UNSPEC, AF_INET or AF_INET6, got 99",
      );
      expect(call({ proto: 17 })).toThrow(
        "createConnection() proto must be 0 or IPPROTO_TCP (6), got 17",
      );
      expect(call({ flags: "x" })).toThrow('createConnection() flags must be an integer, got "x"');
      expect(call({ happyEyeballsDelay: -1 })).toThrow(
        "createConnection() happyEyeballsDelay must not be negative, got -1",
      );
      expect(call({ interleave: 1.5 })).toThrow(
        "createConnection() interleave must be a non-negative integer, got 1.5",
      );
      expect(call({ allErrors: 1 })).toThrow(
        "createConnection() allErrors must be a boolean, got 1",
      );
      expect(call({ localAddr: "127.0.0.1" })).toThrow(
        'createConnection() localAddr must be [host, port], got "127.0.0.1"',
      );
    });
  });

  it("family=AF_INET6 picks the host's IPv6 address (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_ipv6_scope / family)", async () => {
    await ioTest(async () => {
      resolveTo("dual.test", [
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ]);
      await using server4 = await echoServer("127.0.0.1");
      const port = portOf(server4);
      await using server6 = await echoServer("::1", port);
      expect(server6.isServing()).toBe(true);
      const [, writer6] = await openConnection("dual.test", port, { family: AF_INET6 });
      expect((writer6.getExtraInfo("peername") as [string, number])[0]).toBe("::1");
      writer6.close();
      const [, writer4] = await openConnection("dual.test", port, {
        family: AF_INET,
        proto: IPPROTO_TCP,
      });
      expect((writer4.getExtraInfo("peername") as [string, number])[0]).toBe("127.0.0.1");
      writer4.close();
      await writer6.waitClosed();
      await writer4.waitClosed();
    });
  });

  it("addresses are tried in turn until one connects (base_events.py::BaseEventLoop::create_connection, sequential)", async () => {
    await ioTest(async () => {
      await using server = await echoServer("::1");
      resolveTo("second.test", [
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ]);
      // Nobody listens on 127.0.0.1 at this port: that attempt is refused, ::1 answers.
      const [reader, writer] = await openConnection("second.test", portOf(server));
      expect((writer.getExtraInfo("peername") as [string, number])[0]).toBe("::1");
      writer.write(enc("second address\n"));
      expect(dec(await reader.readline())).toBe("second address\n");
      writer.close();
      await writer.waitClosed();
    });
  });

  it("every address failing: one error, Python's 'Multiple exceptions', or an ExceptionGroup with all_errors (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_multiple_errors / test_create_connection_connect_err_all_errors)", async () => {
    await ioTest(async () => {
      const port = await closedPort();
      resolveTo("refusing.test", [
        { address: "127.0.0.1", family: 4 },
        { address: "127.0.0.2", family: 4 },
        { address: "::1", family: 6 },
      ]);
      const attempt = (options: object) =>
        createConnection(() => new Protocol(), "refusing.test", port, options).then(
          () => null,
          (e: unknown) => e,
        );
      const multiple = await attempt({});
      expect(multiple).toBeInstanceOf(OSError);
      expect(multiple).not.toBeInstanceOf(ConnectionRefusedError);
      expect((multiple as Error).message).toBe(
        `Multiple exceptions: connect ECONNREFUSED 127.0.0.1:${port}, connect ECONNREFUSED 127.0.0.2:${port}, connect ECONNREFUSED ::1:${port}`,
      );
      const group = await attempt({ allErrors: true });
      expect(group).toBeInstanceOf(ExceptionGroup);
      expect((group as ExceptionGroup).message).toBe("create_connection failed");
      const errors = (group as ExceptionGroup).exceptions as Error[];
      expect(errors.every((e) => e instanceof ConnectionRefusedError)).toBe(true);
      // interleave=1: one address of each family in turn.
      const interleaved = await attempt({ allErrors: true, interleave: 1 });
      expect(((interleaved as ExceptionGroup).exceptions as Error[]).map((e) => e.message)).toEqual(
        [
          `connect ECONNREFUSED 127.0.0.1:${port}`,
          `connect ECONNREFUSED ::1:${port}`,
          `connect ECONNREFUSED 127.0.0.2:${port}`,
        ],
      );
      // A single address: its own error.
      const single = await createConnection(() => new Protocol(), "127.0.0.1", port).then(
        () => null,
        (e: unknown) => e,
      );
      expect(single).toBeInstanceOf(ConnectionRefusedError);
    });
  });

  it("happy eyeballs: a failed attempt starts the next at once, interleaved by family; the first to connect wins (test_base_events.py::BaseEventLoopWithSelectorTests::test_create_connection_happy_eyeballs)", async () => {
    await ioTest(async () => {
      await using v4 = await echoServer("127.0.0.1");
      const port = portOf(v4);
      let v6Connections = 0;
      await using v6 = await startServer(
        (_reader, writer) => {
          v6Connections++;
          writer.close();
        },
        "::1",
        port,
      );
      expect(v6.isServing()).toBe(true);
      resolveTo("eyeballs.test", [
        { address: "127.0.0.3", family: 4 },
        { address: "127.0.0.1", family: 4 },
        { address: "::1", family: 6 },
      ]);
      // Interleaved: 127.0.0.3 (refused: nothing listens there) then ::1 at once — long
      // before the 30 s delay.
      const [, writer] = await openConnection("eyeballs.test", port, { happyEyeballsDelay: 30 });
      expect((writer.getExtraInfo("peername") as [string, number])[0]).toBe("::1");
      writer.close();
      await writer.waitClosed();
      // interleave=2: two IPv4 addresses first; 127.0.0.1 connects and ::1 is never tried.
      const before = v6Connections;
      const [reader2, writer2] = await openConnection("eyeballs.test", port, {
        happyEyeballsDelay: 30,
        interleave: 2,
      });
      expect((writer2.getExtraInfo("peername") as [string, number])[0]).toBe("127.0.0.1");
      writer2.write(enc("v4\n"));
      expect(dec(await reader2.readline())).toBe("v4\n");
      writer2.close();
      await writer2.waitClosed();
      expect(v6Connections).toBe(before);
    });
  });

  it("_interleave_addrinfos (test_base_events.py::BaseEventTests::test__interleave_addrinfos)", () => {
    const info = (family: number, host: string): AddrInfo => [
      family,
      SOCK_STREAM,
      6,
      "",
      [host, 80],
    ];
    const SIX_A = info(AF_INET6, "::1");
    const SIX_B = info(AF_INET6, "::2");
    const SIX_C = info(AF_INET6, "::3");
    const SIX_D = info(AF_INET6, "::4");
    const FOUR_A = info(AF_INET, "1.0.0.1");
    const FOUR_B = info(AF_INET, "1.0.0.2");
    const FOUR_C = info(AF_INET, "1.0.0.3");
    const FOUR_D = info(AF_INET, "1.0.0.4");
    const addrinfos = [SIX_A, SIX_B, SIX_C, FOUR_A, FOUR_B, FOUR_C, FOUR_D, SIX_D];
    expect(interleaveAddrInfos(addrinfos, 1)).toEqual([
      SIX_A,
      FOUR_A,
      SIX_B,
      FOUR_B,
      SIX_C,
      FOUR_C,
      SIX_D,
      FOUR_D,
    ]);
    expect(interleaveAddrInfos(addrinfos, 2)).toEqual([
      SIX_A,
      SIX_B,
      FOUR_A,
      SIX_C,
      FOUR_B,
      SIX_D,
      FOUR_C,
      FOUR_D,
    ]);
    expect(interleaveAddrInfos(addrinfos, 3)).toEqual([
      SIX_A,
      SIX_B,
      SIX_C,
      FOUR_A,
      SIX_D,
      FOUR_B,
      FOUR_C,
      FOUR_D,
    ]);
    expect(interleaveAddrInfos(addrinfos, 4)).toEqual([
      SIX_A,
      SIX_B,
      SIX_C,
      SIX_D,
      FOUR_A,
      FOUR_B,
      FOUR_C,
      FOUR_D,
    ]);
  });
});
