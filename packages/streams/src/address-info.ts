/**
 * Name resolution as Python's `loop.getaddrinfo()` and `loop.getnameinfo()`, with their result
 * shapes: `getaddrinfo` gives `[family, type, proto, canonname, sockaddr]` entries (a sockaddr is
 * `[host, port]` for IPv4 and `[host, port, flowinfo, scopeId]` for IPv6), on Node's `dns`.
 */
import * as dns from "node:dns";
import { isIP } from "node:net";
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { fromNodeError, GaiError } from "./errors.js";
import { nameResolver } from "./internal/name-resolver.js";
import { checkOptionNames } from "./internal/options.js";
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  AI_ADDRCONFIG,
  AI_ALL,
  AI_CANONNAME,
  AI_NUMERICHOST,
  AI_NUMERICSERV,
  AI_PASSIVE,
  AI_V4MAPPED,
  IPPROTO_IP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  NI_DGRAM,
  NI_NAMEREQD,
  NI_NOFQDN,
  NI_NUMERICHOST,
  NI_NUMERICSERV,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
} from "./socket-constants.js";

/** `[host, port]` for IPv4, `[host, port, flowinfo, scopeId]` for IPv6. */
export type SockAddr =
  | [host: string, port: number]
  | [host: string, port: number, flowinfo: number, scopeId: number];

/** One entry of `getaddrinfo`: `[family, type, proto, canonname, sockaddr]`. */
export type AddrInfo = [
  family: number,
  type: number,
  proto: number,
  canonname: string,
  sockaddr: SockAddr,
];

/**
 * What `getaddrinfo` looks up: Python's `family`, `type`, `proto` and `flags` arguments of
 * `loop.getaddrinfo()`; each narrows the results.
 */
export interface GetaddrinfoOptions {
  /** `AF_INET`, `AF_INET6` or `AF_UNSPEC` (0, the default: both). */
  family?: number;
  /** `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW` or 0 (all three). */
  type?: number;
  /** `IPPROTO_TCP`, `IPPROTO_UDP` or 0 (the type's own). */
  proto?: number;
  /** `AI_*` flags, or-ed. */
  flags?: number;
}

/** Python's `socket.gaierror` codes and texts (glibc's). */
const EAI = {
  NONAME: [-2, "Name or service not known"],
  SERVICE: [-8, "Servname not supported for ai_socktype"],
  FAMILY: [-6, "ai_family not supported"],
  SOCKTYPE: [-7, "ai_socktype not supported"],
  AGAIN: [-3, "Temporary failure in name resolution"],
  NODATA: [-5, "No address associated with hostname"],
  FAIL: [-4, "Non-recoverable failure in name resolution"],
  ADDRFAMILY: [-9, "Address family for hostname not supported"],
} as const;

function gaiError(kind: keyof typeof EAI, cause?: unknown): GaiError {
  const [errno, text] = EAI[kind];
  return new GaiError(
    `[Errno ${errno}] ${text}`,
    `EAI_${kind}`,
    cause === undefined ? undefined : { cause },
  );
}

/** Node's resolver errors as Python's `gaierror`s. */
function fromLookupError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOTFOUND" || code === "EAI_NONAME") return gaiError("NONAME", error);
  if (code === "EAI_AGAIN") return gaiError("AGAIN", error);
  if (code === "ENODATA" || code === "EAI_NODATA") return gaiError("NODATA", error);
  if (code === "EAI_FAIL") return gaiError("FAIL", error);
  return fromNodeError(error);
}

function integer(value: unknown, name: string, method: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${method}() ${name} must be an integer, got ${describe(value)}`);
  }
  return value;
}

/** The port of a service given as a number or a numeric string (Node can't look names up). */
function portOf(port: unknown, flags: number, method: string): number {
  if (port === null || port === undefined) return 0;
  if (typeof port === "number" && Number.isInteger(port)) {
    if (port < 0 || port > 65535)
      throw new RangeError(`${method}() port must be 0-65535, got ${port}`);
    return port;
  }
  if (typeof port === "string") {
    if (/^\d+$/.test(port) && Number(port) <= 65535) return Number(port);
    if (flags & AI_NUMERICSERV || port === "") throw gaiError("NONAME");
    throw gaiError("SERVICE");
  }
  throw new TypeError(
    `${method}() port must be an integer, a string or null, got ${describe(port)}`,
  );
}

/** Checked arguments of `getaddrinfo`. @internal */
export interface AddrInfoQuery {
  host: string | null;
  port: number;
  family: number;
  type: number;
  proto: number;
  flags: number;
}

/** Checks `getaddrinfo`'s arguments before anything starts. @internal */
function checkAddrInfoQuery(
  host: unknown,
  port: unknown,
  options: unknown,
  method: string,
): AddrInfoQuery {
  if (host !== null && host !== undefined && typeof host !== "string") {
    throw new TypeError(`${method}() host must be a string or null, got ${describe(host)}`);
  }
  if (typeof host === "string" && host.includes("\0")) {
    throw new TypeError(`${method}() host: embedded null character in ${describe(host)}`);
  }
  const record = checkOptionNames(options, ["family", "type", "proto", "flags"], method);
  const family = integer(record.family, "family", method);
  const type = integer(record.type, "type", method);
  const proto = integer(record.proto, "proto", method);
  const flags = integer(record.flags, "flags", method);
  if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) throw gaiError("FAMILY");
  if (type !== 0 && type !== SOCK_STREAM && type !== SOCK_DGRAM && type !== SOCK_RAW) {
    throw gaiError("SOCKTYPE");
  }
  return {
    host: host === "" ? null : (host ?? null),
    port: portOf(port, flags, method),
    family,
    type,
    proto,
    flags,
  };
}

/** The entries for one address: one per socket type asked for, as glibc lists them. */
function entriesFor(
  address: string,
  family: 4 | 6,
  query: AddrInfoQuery,
  canonname: string,
): AddrInfo[] {
  const af = family === 6 ? AF_INET6 : AF_INET;
  const sockaddr: SockAddr = family === 6 ? [address, query.port, 0, 0] : [address, query.port];
  const kinds: [number, number][] =
    query.type === 0
      ? [
          [SOCK_STREAM, IPPROTO_TCP],
          [SOCK_DGRAM, IPPROTO_UDP],
          [SOCK_RAW, IPPROTO_IP],
        ]
      : [
          [
            query.type,
            query.type === SOCK_STREAM
              ? IPPROTO_TCP
              : query.type === SOCK_DGRAM
                ? IPPROTO_UDP
                : IPPROTO_IP,
          ],
        ];
  const wanted = query.proto === 0 ? kinds : kinds.filter(([, proto]) => proto === query.proto);
  if (wanted.length === 0) throw gaiError("SOCKTYPE");
  return wanted.map(([type, proto]) => [af, type, proto, canonname, [...sockaddr] as SockAddr]);
}

/** Resolves a checked query. @internal */
export async function resolveAddrInfo(query: AddrInfoQuery): Promise<AddrInfo[]> {
  const wantFamily = query.family === AF_INET ? 4 : query.family === AF_INET6 ? 6 : 0;
  let addresses: { address: string; family: 4 | 6 }[];
  if (query.host === null) {
    // No host: the wildcard address to listen on (AI_PASSIVE), else the loopback.
    const passive = (query.flags & AI_PASSIVE) !== 0;
    addresses = [];
    if (wantFamily !== 6) addresses.push({ address: passive ? "0.0.0.0" : "127.0.0.1", family: 4 });
    if (wantFamily !== 4) addresses.push({ address: passive ? "::" : "::1", family: 6 });
  } else {
    const literal = isIP(query.host.replace(/%.*$/, ""));
    if (literal !== 0) {
      if (wantFamily !== 0 && wantFamily !== literal) throw gaiError("ADDRFAMILY");
      addresses = [{ address: query.host, family: literal as 4 | 6 }];
    } else {
      if (query.flags & AI_NUMERICHOST) throw gaiError("NONAME");
      const hints =
        (query.flags & AI_ADDRCONFIG ? dns.ADDRCONFIG : 0) |
        (query.flags & AI_V4MAPPED ? dns.V4MAPPED : 0) |
        (query.flags & AI_ALL ? dns.ALL : 0);
      try {
        addresses = await nameResolver.lookup(query.host, wantFamily as 0 | 4 | 6, hints);
      } catch (error) {
        throw fromLookupError(error);
      }
    }
  }
  const canonname = query.flags & AI_CANONNAME ? (query.host ?? "") : "";
  const result: AddrInfo[] = [];
  for (const [index, { address, family }] of addresses.entries()) {
    // As glibc: only the first entry carries the canonical name.
    result.push(...entriesFor(address, family, query, index === 0 ? canonname : ""));
  }
  if (result.length === 0) throw gaiError("NONAME");
  return result;
}

/**
 * Resolves `host` and `port` as Python's `loop.getaddrinfo()`: a list of
 * `[family, type, proto, canonname, sockaddr]`. `type: 0` gives one entry per socket type, as
 * Linux does. Failures are `GaiError`s with Python's texts (`"[Errno -2] Name or service not
 * known"`).
 *
 * @example
 * ```ts
 * const infos = await getaddrinfo("localhost", 80, { type: SOCK_STREAM });
 * // [[AF_INET, SOCK_STREAM, IPPROTO_TCP, "", ["127.0.0.1", 80]]]
 * ```
 */
export function getaddrinfo(
  host: string | null,
  port: number | string | null,
  options: GetaddrinfoOptions = {},
): Coroutine<AddrInfo[]> {
  const query = checkAddrInfoQuery(host, port, options, "getaddrinfo");
  return new Coroutine(() => resolveAddrInfo(query));
}

/**
 * The host name and service of a socket address, as Python's `loop.getnameinfo()`:
 * `[host, service]`. `NI_NUMERICHOST` and `NI_NUMERICSERV` keep them numeric; `NI_NAMEREQD`
 * makes an address without a name a `GaiError`.
 *
 * @example
 * ```ts
 * const [host, service] = await getnameinfo(["127.0.0.1", 22]); // ["localhost", "ssh"]
 * ```
 */
export function getnameinfo(
  sockaddr: SockAddr,
  flags = 0,
): Coroutine<[host: string, service: string]> {
  const method = "getnameinfo";
  if (!Array.isArray(sockaddr) || (sockaddr.length !== 2 && sockaddr.length !== 4)) {
    throw new TypeError(
      `${method}() argument 1 must be a [host, port] array, got ${describe(sockaddr)}`,
    );
  }
  const [host, port] = sockaddr;
  if (typeof host !== "string") {
    throw new TypeError(`${method}() sockaddr host must be a string, got ${describe(host)}`);
  }
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${method}() port must be 0-65535, got ${describe(port)}`);
  }
  integer(flags, "flags", method);
  const known = NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM;
  if ((flags & ~known) !== 0) throw new ValueError(`${method}() flags has unknown bits: ${flags}`);
  return new Coroutine(async () => {
    let address = host;
    if (isIP(host) === 0) {
      // Python resolves a name given as the address first (numerically unless it must).
      try {
        const [first] = await nameResolver.lookup(host, sockaddr.length === 4 ? 6 : 0, 0);
        if (first === undefined) throw gaiError("NONAME");
        address = first.address;
      } catch (error) {
        throw fromLookupError(error);
      }
    }
    const numericHost = (flags & NI_NUMERICHOST) !== 0;
    const numericService = (flags & NI_NUMERICSERV) !== 0;
    if (numericHost && numericService) return [address, String(port)] as [string, string];
    let named: { hostname: string; service: string };
    try {
      named = await nameResolver.lookupService(address, port);
    } catch (error) {
      if (flags & NI_NAMEREQD) throw fromLookupError(error);
      named = { hostname: address, service: String(port) };
    }
    let name = numericHost ? address : named.hostname;
    if (flags & NI_NAMEREQD && isIP(name) !== 0) throw gaiError("NONAME");
    if (flags & NI_NOFQDN && isIP(name) === 0) name = name.split(".")[0] as string;
    return [name, numericService ? String(port) : named.service] as [string, string];
  });
}
