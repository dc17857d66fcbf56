/**
 * The high-level stream API, as Python's `asyncio.open_connection()`, `start_server()` and their
 * Unix-socket twins: connections as `[StreamReader, StreamWriter]` pairs.
 */
import { getRunningLoop } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import {
  type ConnectionOptions,
  checkConnectionOptions,
  connectWith,
  tcpTarget,
  type UnixConnectionOptions,
  unixTarget,
} from "./create-connection.js";
import {
  checkServerOptions,
  listenTcp,
  listenUnix,
  type ServerOptions,
  type TcpServerOptions,
} from "./create-server.js";
import type { SocketTarget } from "./internal/connect-socket.js";
import type { ClientTls } from "./internal/options.js";
import { checkLimit, STREAM_OPTIONS } from "./internal/options.js";
import type { Server } from "./server.js";
import { StreamReader } from "./stream-reader.js";
import { type ClientConnectedCallback, StreamReaderProtocol } from "./stream-reader-protocol.js";
import { StreamWriter } from "./stream-writer.js";

/**
 * The option the stream functions (`openConnection`, `startServer` and their Unix forms) add to
 * those of the transport they are built on: Python's `limit`.
 */
export interface StreamOptions {
  /** The readers' buffer limit (64 KiB by default). */
  limit?: number;
}

function openStreams(
  target: SocketTarget,
  clientTls: ClientTls | null,
  limit: number | undefined,
): Coroutine<[StreamReader, StreamWriter]> {
  return new Coroutine(async () => {
    const loop = getRunningLoop();
    const reader = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [transport] = await connectWith(() => protocol, target, clientTls);
    return [reader, new StreamWriter(transport, protocol, reader, loop)] as [
      StreamReader,
      StreamWriter,
    ];
  });
}

/**
 * Connects to `host:port` and resolves to `[reader, writer]`.
 *
 * @example
 * ```ts
 * const [reader, writer] = await openConnection("127.0.0.1", 8888);
 * writer.write(new TextEncoder().encode("ping\n"));
 * console.log(await reader.readline());
 * ```
 */
export function openConnection(
  host: string | null = null,
  port: number | null = null,
  options: StreamOptions & ConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  // Bad arguments fail here, before anything is awaited.
  const checked = checkConnectionOptions(options, "openConnection", STREAM_OPTIONS);
  const target = tcpTarget(host, port, checked, "openConnection");
  const limit = checkLimit(checked.record.limit, "openConnection");
  return openStreams(target, checked.tls, limit);
}

/** `openConnection` over a Unix domain socket (or a connected one given as `sock`). */
export function openUnixConnection(
  path: string | null = null,
  options: StreamOptions & UnixConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  const checked = checkConnectionOptions(options, "openUnixConnection", STREAM_OPTIONS, "unix");
  const target = unixTarget(path, checked, "openUnixConnection");
  const limit = checkLimit(checked.record.limit, "openUnixConnection");
  return openStreams(target, checked.tls, limit);
}

function streamFactory(
  clientConnected: ClientConnectedCallback,
  limit: number | undefined,
  method: string,
) {
  if (typeof clientConnected !== "function") {
    throw new TypeError(
      `${method}() clientConnected must be a function, got ${describe(clientConnected)}`,
    );
  }
  return (): StreamReaderProtocol => {
    const loop = getRunningLoop();
    const reader = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    return new StreamReaderProtocol(reader, clientConnected, loop);
  };
}

/**
 * Starts a server that runs `clientConnected(reader, writer)` as a task for each connection; if
 * the task fails, the error is reported to the loop's exception handler and the connection
 * closes.
 *
 * @example
 * ```ts
 * const server = await startServer(async (reader, writer) => {
 *   for await (const line of reader) writer.write(line);
 *   writer.close();
 * }, "127.0.0.1", 0);
 * ```
 */
export function startServer(
  clientConnected: ClientConnectedCallback,
  host: string | readonly string[] | null = null,
  port: number | null = null,
  options: StreamOptions & TcpServerOptions = {},
): Coroutine<Server> {
  const checked = checkServerOptions(options, "startServer", STREAM_OPTIONS);
  const limit = checkLimit(checked.record.limit, "startServer");
  const factory = streamFactory(clientConnected, limit, "startServer");
  return listenTcp(factory, host, port, checked, "startServer");
}

/** `startServer` on a Unix domain socket at `path`. */
export function startUnixServer(
  clientConnected: ClientConnectedCallback,
  path: string | null,
  options: StreamOptions & ServerOptions = {},
): Coroutine<Server> {
  const checked = checkServerOptions(options, "startUnixServer", STREAM_OPTIONS, "unix");
  const limit = checkLimit(checked.record.limit, "startUnixServer");
  const factory = streamFactory(clientConnected, limit, "startUnixServer");
  return listenUnix(factory, path, checked, "startUnixServer");
}
