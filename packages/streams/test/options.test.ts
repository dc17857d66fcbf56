/**
 * Bad arguments and options of every public function: a `TypeError` naming the option and
 * quoting the value for the wrong kind of value or an unknown name, a `ValueError` for a value
 * that makes no sense, raised at the call, before anything is started.
 */
import { PassThrough } from "node:stream";
import { ValueError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  connectWritePipe,
  createConnection,
  createDatagramEndpoint,
  createServer,
  createUnixConnection,
  createUnixServer,
  openConnection,
  openUnixConnection,
  Protocol,
  StreamReader,
  startServer,
  startUnixServer,
} from "../src/index.js";
import { ioTest } from "./helpers.js";

type Case = [
  what: string,
  call: () => unknown,
  kind: typeof TypeError | typeof ValueError,
  message: string,
];

const handler = (): void => undefined;
const factory = (): Protocol => new Protocol();
const bad = (value: unknown): never => value as never;

const cases: Case[] = [
  // Host names: Python's resolver refuses an embedded NUL, where Node would cut the name short.
  [
    "a host with an embedded NUL (socket.getaddrinfo: embedded null character)",
    () => openConnection("localhost\0evil", 80),
    ValueError,
    'openConnection() host: embedded null character in "localhost\\u0000evil"',
  ],
  [
    "createConnection, the same",
    () => createConnection(factory, "localhost\0evil", 80),
    ValueError,
    'createConnection() host: embedded null character in "localhost\\u0000evil"',
  ],
  [
    "a server host with an embedded NUL",
    () => startServer(handler, "127.0.0.1\0x", 0),
    ValueError,
    'startServer() host: embedded null character in "127.0.0.1\\u0000x"',
  ],
  [
    "a server host list with an embedded NUL",
    () => createServer(factory, ["127.0.0.1", "::1\0"], 0),
    ValueError,
    'createServer() host: embedded null character in "::1\\u0000"',
  ],
  [
    "a server host that is not a string",
    () => createServer(factory, bad(5), 0),
    TypeError,
    "createServer() host must be a string, an array of strings or null, got 5",
  ],
  [
    "a datagram address with an embedded NUL",
    () => createDatagramEndpoint(factory, { remoteAddr: ["localhost\0", 9] }),
    ValueError,
    'createDatagramEndpoint() host: embedded null character in "localhost\\u0000"',
  ],
  [
    "serverHostname with an embedded NUL",
    () => openConnection("127.0.0.1", 1, { ssl: true, serverHostname: "a\0b" }),
    ValueError,
    'openConnection() serverHostname: embedded null character in "a\\u0000b"',
  ],
  // ssl: only what is documented.
  [
    'ssl: "yes"',
    () => openConnection("127.0.0.1", 1, { ssl: bad("yes") }),
    TypeError,
    'openConnection() ssl must be true, an SSLContext, a TLS options object or a tls.SecureContext, got "yes"',
  ],
  [
    "ssl: 0",
    () => createConnection(factory, "127.0.0.1", 1, { ssl: bad(0) }),
    TypeError,
    "createConnection() ssl must be true, an SSLContext, a TLS options object or a tls.SecureContext, got 0",
  ],
  [
    "ssl: an array",
    () => openUnixConnection("/tmp/x.sock", { ssl: bad([]) }),
    TypeError,
    "openUnixConnection() ssl must be true, an SSLContext, a TLS options object or a tls.SecureContext, got array of length 0",
  ],
  [
    "ssl: true on a server (base_events.py::create_server: ssl must be an SSLContext)",
    () => startServer(handler, "127.0.0.1", 0, { ssl: bad(true) }),
    TypeError,
    "startServer() ssl must be an SSLContext, a TLS options object or a tls.SecureContext, got true",
  ],
  [
    'ssl: "yes" on a server',
    () => createUnixServer(factory, "/tmp/x.sock", { ssl: bad("yes") }),
    TypeError,
    'createUnixServer() ssl must be an SSLContext, a TLS options object or a tls.SecureContext, got "yes"',
  ],
  [
    "ssl: a Map on a server",
    () => createServer(factory, "127.0.0.1", 0, { ssl: bad(new Map()) }),
    TypeError,
    "createServer() ssl must be an SSLContext, a TLS options object or a tls.SecureContext, got a Map object",
  ],
  // TLS-only options without TLS (test_base_events.py::test_create_connection_ssl_timeout_for_plain_socket).
  [
    "serverHostname without ssl (test_base_events.py::test_create_connection_server_hostname_errors)",
    () => openConnection("127.0.0.1", 1, { serverHostname: "localhost" }),
    ValueError,
    "openConnection() serverHostname is only meaningful with ssl",
  ],
  [
    "sslHandshakeTimeout without ssl (test_base_events.py::test_create_connection_ssl_timeout_for_plain_socket)",
    () => createConnection(factory, "127.0.0.1", 1, { sslHandshakeTimeout: 1 }),
    ValueError,
    "createConnection() sslHandshakeTimeout is only meaningful with ssl",
  ],
  [
    "sslShutdownTimeout without ssl on a server (test_base_events.py::test_create_server_ssl_timeout_for_plain_socket)",
    () => startServer(handler, "127.0.0.1", 0, { sslShutdownTimeout: 1 }),
    ValueError,
    "startServer() sslShutdownTimeout is only meaningful with ssl",
  ],
  [
    "sslHandshakeTimeout: 0 (sslproto.py: should be a positive number)",
    () => openConnection("127.0.0.1", 1, { ssl: true, sslHandshakeTimeout: 0 }),
    ValueError,
    "openConnection() sslHandshakeTimeout should be a positive number, got 0",
  ],
  [
    'sslShutdownTimeout: "1"',
    () => createServer(factory, "127.0.0.1", 0, { ssl: {}, sslShutdownTimeout: bad("1") }),
    TypeError,
    'createServer() sslShutdownTimeout must be a number of seconds, got "1"',
  ],
  [
    "serverHostname: 5",
    () => createUnixConnection(factory, "/tmp/x.sock", { ssl: true, serverHostname: bad(5) }),
    TypeError,
    "createUnixConnection() serverHostname must be a string, got 5",
  ],
  // The other options.
  [
    'limit: "big"',
    () => openConnection("127.0.0.1", 1, { limit: bad("big") }),
    TypeError,
    'openConnection() limit must be a number, got "big"',
  ],
  [
    "limit: 0 (test_streams.py::StreamTests::test_streamreader_constructor_without_loop: Limit cannot be <= 0)",
    () => startUnixServer(handler, "/tmp/x.sock", { limit: 0 }),
    ValueError,
    "Limit cannot be <= 0",
  ],
  [
    'backlog: "10"',
    () => startServer(handler, "127.0.0.1", 0, { backlog: bad("10") }),
    TypeError,
    'startServer() backlog must be a non-negative integer, got "10"',
  ],
  [
    'startServing: "no"',
    () => createServer(factory, "127.0.0.1", 0, { startServing: bad("no") }),
    TypeError,
    'createServer() startServing must be a boolean, got "no"',
  ],
  [
    "reuseAddress: 1",
    () => createDatagramEndpoint(factory, { localAddr: ["127.0.0.1", 0], reuseAddress: bad(1) }),
    TypeError,
    "createDatagramEndpoint() reuseAddress must be a boolean, got 1",
  ],
  [
    'allowBroadcast: "yes"',
    () =>
      createDatagramEndpoint(factory, { localAddr: ["127.0.0.1", 0], allowBroadcast: bad("yes") }),
    TypeError,
    'createDatagramEndpoint() allowBroadcast must be a boolean, got "yes"',
  ],
  // Unknown names, as Python's "got an unexpected keyword argument".
  [
    "an unknown option of openConnection",
    () => openConnection("127.0.0.1", 1, bad({ timeout: 5 })),
    TypeError,
    'openConnection() got an unexpected option "timeout" (it takes ssl, sock, serverHostname, sslHandshakeTimeout, sslShutdownTimeout, family, proto, flags, localAddr, happyEyeballsDelay, interleave, allErrors, limit)',
  ],
  [
    "limit is not an option of createConnection",
    () => createConnection(factory, "127.0.0.1", 1, bad({ limit: 5 })),
    TypeError,
    'createConnection() got an unexpected option "limit"',
  ],
  [
    "a Python spelling is unknown to startServer",
    () => startServer(handler, "127.0.0.1", 0, bad({ start_serving: false })),
    TypeError,
    'startServer() got an unexpected option "start_serving"',
  ],
  [
    "a mistyped option of createUnixServer",
    () => createUnixServer(factory, "/tmp/x.sock", bad({ backLog: 5 })),
    TypeError,
    'createUnixServer() got an unexpected option "backLog"',
  ],
  [
    "an unknown option of createDatagramEndpoint",
    () => createDatagramEndpoint(factory, bad({ localAddr: ["127.0.0.1", 0], reuse_port: true })),
    TypeError,
    'createDatagramEndpoint() got an unexpected option "reuse_port"',
  ],
  [
    "options that are not an object",
    () => openUnixConnection("/tmp/x.sock", bad("ssl")),
    TypeError,
    'openUnixConnection() options must be an object, got "ssl"',
  ],
  [
    "a client-connected callback that is not a function",
    () => startServer(bad("handler"), "127.0.0.1", 0),
    TypeError,
    'startServer() clientConnected must be a function, got "handler"',
  ],
  // StreamReader.
  [
    "an unknown StreamReader option",
    () => new StreamReader(bad({ limt: 5 })),
    TypeError,
    'StreamReader() got an unexpected option "limt"',
  ],
  [
    'StreamReader limit: "5"',
    () => new StreamReader({ limit: bad("5") }),
    TypeError,
    'StreamReader() limit must be a number, got "5"',
  ],
  [
    "StreamReader loop: 5",
    () => new StreamReader({ loop: bad(5) }),
    TypeError,
    "StreamReader() loop must be an event loop, got 5",
  ],
];

describe("bad arguments are refused at the call, naming what is wrong", () => {
  for (const [what, call, kind, message] of cases) {
    it(what, async () => {
      await ioTest(() => {
        const before = process.getActiveResourcesInfo().length;
        expect(call).toThrow(kind);
        expect(call).toThrow(message);
        // Nothing was started: no socket, no server, no timer.
        expect(process.getActiveResourcesInfo().length).toBe(before);
      });
    });
  }
});

describe("bad arguments of transport methods", () => {
  it("setWriteBufferLimits, writelines and sendto name the argument (selector_events.py::_FlowControlMixin::_set_write_buffer_limits)", async () => {
    await ioTest(async () => {
      const [transport] = await connectWritePipe(factory, new PassThrough());
      expect(() => transport.setWriteBufferLimits(bad("64k"))).toThrow(
        'setWriteBufferLimits() high must be a number of bytes or null, got "64k"',
      );
      expect(() => transport.setWriteBufferLimits(null, bad({}))).toThrow(
        "setWriteBufferLimits() low must be a number of bytes or null, got an object",
      );
      expect(() => transport.setWriteBufferLimits(1, 2)).toThrow(ValueError);
      expect(() => transport.writelines(bad(5))).toThrow(
        "writelines() list must be an iterable of Uint8Array, got 5",
      );
      transport.close();
      const [endpoint] = await createDatagramEndpoint(factory, { localAddr: ["127.0.0.1", 0] });
      expect(() => endpoint.sendto(new Uint8Array(1), bad("127.0.0.1:9"))).toThrow(
        'sendto() addr must be [host, port], got "127.0.0.1:9"',
      );
      endpoint.close();
    });
  });
});
