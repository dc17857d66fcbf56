import { afterEach, describe, expect, it } from "vitest";
import {
  AF_INET,
  AF_INET6,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  GaiError,
  getaddrinfo,
  getnameinfo,
  IPPROTO_IP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NI_NAMEREQD,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
} from "../src/index.js";
import { nameResolver } from "../src/internal/name-resolver.js";
import { ioTest } from "./helpers.js";

const realLookup = nameResolver.lookup;
afterEach(() => {
  nameResolver.lookup = realLookup;
});

async function failure(work: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(work).then(
    () => null,
    (e: unknown) => e,
  );
}

describe("getaddrinfo", () => {
  it("CPython's result shape: [family, type, proto, canonname, sockaddr] (test_events.py::EventLoopTestsMixin::test_getaddrinfo)", async () => {
    await ioTest(async () => {
      expect(await getaddrinfo("127.0.0.1", 80, { type: SOCK_STREAM })).toEqual([
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 80]],
      ]);
      // type=0: one entry per socket type, as Linux lists them.
      expect(await getaddrinfo("127.0.0.1", "8080")).toEqual([
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 8080]],
        [AF_INET, SOCK_DGRAM, IPPROTO_UDP, "", ["127.0.0.1", 8080]],
        [AF_INET, SOCK_RAW, IPPROTO_IP, "", ["127.0.0.1", 8080]],
      ]);
      // IPv6 sockaddrs are [host, port, flowinfo, scope_id].
      expect(await getaddrinfo("::1", 443, { type: SOCK_DGRAM })).toEqual([
        [AF_INET6, SOCK_DGRAM, IPPROTO_UDP, "", ["::1", 443, 0, 0]],
      ]);
      expect(await getaddrinfo("localhost", 22, { family: AF_INET, proto: IPPROTO_TCP })).toEqual([
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 22]],
      ]);
    });
  });

  it("no host: the loopback, or the wildcard with AI_PASSIVE; AI_CANONNAME names the first entry (socket.getaddrinfo semantics)", async () => {
    await ioTest(async () => {
      expect(await getaddrinfo(null, 0, { family: AF_INET, type: SOCK_STREAM })).toEqual([
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 0]],
      ]);
      expect(await getaddrinfo(null, 8000, { type: SOCK_STREAM, flags: AI_PASSIVE })).toEqual([
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["0.0.0.0", 8000]],
        [AF_INET6, SOCK_STREAM, IPPROTO_TCP, "", ["::", 8000, 0, 0]],
      ]);
      nameResolver.lookup = async () => [
        { address: "10.0.0.1", family: 4 },
        { address: "10.0.0.2", family: 4 },
      ];
      expect(await getaddrinfo("two.test", 1, { type: SOCK_STREAM, flags: AI_CANONNAME })).toEqual([
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "two.test", ["10.0.0.1", 1]],
        [AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["10.0.0.2", 1]],
      ]);
    });
  });

  it("failures are gaierrors with glibc's numbers and texts (test_events.py::EventLoopTestsMixin::test_getaddrinfo, unknown host)", async () => {
    await ioTest(async () => {
      const unknown = await failure(getaddrinfo("no-such-host.invalid", 80));
      expect(unknown).toBeInstanceOf(GaiError);
      expect((unknown as GaiError).message).toBe("[Errno -2] Name or service not known");
      expect((unknown as GaiError).code).toBe("EAI_NONAME");
      const numeric = await failure(getaddrinfo("localhost", 80, { flags: AI_NUMERICHOST }));
      expect((numeric as GaiError).message).toBe("[Errno -2] Name or service not known");
      const wrongFamily = await failure(getaddrinfo("127.0.0.1", 80, { family: AF_INET6 }));
      expect((wrongFamily as GaiError).message).toBe(
        "[Errno -9] Address family for hostname not supported",
      );
      // Service names: Node has no getservbyname.
      expect(() => getaddrinfo("127.0.0.1", "http")).toThrow(
        "[Errno -8] Servname not supported for ai_socktype",
      );
      expect(() => getaddrinfo("127.0.0.1", "x", { flags: AI_NUMERICSERV })).toThrow(
        "[Errno -2] Name or service not known",
      );
      expect(() => getaddrinfo("127.0.0.1", 80, { family: 99 })).toThrow(
        "[Errno -6] ai_family not supported",
      );
      expect(() => getaddrinfo("127.0.0.1", 80, { type: 99 })).toThrow(
        "[Errno -7] ai_socktype not supported",
      );
      expect(() => getaddrinfo(42 as never, 80)).toThrow(
        "getaddrinfo() host must be a string or null, got 42",
      );
      expect(() => getaddrinfo("127.0.0.1", 80, { flag: 1 } as never)).toThrow(
        'getaddrinfo() got an unexpected option "flag" (it takes family, type, proto, flags)',
      );
      expect(() => getaddrinfo("127.0.0.1", 70000)).toThrow(RangeError);
    });
  });
});

describe("getnameinfo", () => {
  it("[host, service]; numeric on request (test_events.py::EventLoopTestsMixin::test_getnameinfo)", async () => {
    await ioTest(async () => {
      expect(await getnameinfo(["127.0.0.1", 22], NI_NUMERICHOST | NI_NUMERICSERV)).toEqual([
        "127.0.0.1",
        "22",
      ]);
      const [host, service] = await getnameinfo(["127.0.0.1", 22]);
      expect(host).toBe("localhost");
      expect(service).toBe("ssh");
      expect(await getnameinfo(["127.0.0.1", 22], NI_NUMERICSERV)).toEqual(["localhost", "22"]);
      expect(await getnameinfo(["::1", 80, 0, 0], NI_NUMERICHOST | NI_NUMERICSERV)).toEqual([
        "::1",
        "80",
      ]);
      // A name given as the address is resolved first.
      expect(await getnameinfo(["localhost", 80], NI_NUMERICHOST | NI_NUMERICSERV)).toEqual([
        "127.0.0.1",
        "80",
      ]);
    });
  });

  it("NI_NAMEREQD with no name, and bad arguments (socket.getnameinfo semantics)", async () => {
    await ioTest(async () => {
      nameResolver.lookupService = async () => {
        throw Object.assign(new Error("getnameinfo ENOTFOUND 192.0.2.1"), { code: "ENOTFOUND" });
      };
      try {
        expect(await getnameinfo(["192.0.2.1", 80], NI_NUMERICSERV)).toEqual(["192.0.2.1", "80"]);
        const error = await failure(getnameinfo(["192.0.2.1", 80], NI_NAMEREQD));
        expect(error).toBeInstanceOf(GaiError);
        expect((error as Error).message).toBe("[Errno -2] Name or service not known");
      } finally {
        nameResolver.lookupService = realLookupService;
      }
      expect(() => getnameinfo("127.0.0.1" as never)).toThrow(
        'getnameinfo() argument 1 must be a [host, port] array, got "127.0.0.1"',
      );
      expect(() => getnameinfo(["127.0.0.1", -1])).toThrow(
        "getnameinfo() port must be 0-65535, got -1",
      );
      expect(() => getnameinfo(["127.0.0.1", 1], 1 << 10)).toThrow(
        "getnameinfo() flags has unknown bits: 1024",
      );
    });
  });
});

const realLookupService = nameResolver.lookupService;
