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
} from "./create-connection.js";
import { checkServerOptions, listenTcp, listenUnix, type ServerOptions } from "./create-server.js";
import { checkHost, checkPath, checkPort } from "./internal/checks.js";
import type { ClientTls } from "./internal/options.js";
import { checkLimit, STREAM_OPTIONS } from "./internal/options.js";
import type { Server } from "./server.js";
import { StreamReader } from "./stream-reader.js";
import { type ClientConnectedCallback, StreamReaderProtocol } from "./stream-reader-protocol.js";
import { StreamWriter } from "./stream-writer.js";

export interface StreamOptions {
  /** The readers' buffer limit (64 KiB by default). */
  limit?: number;
}

function openStreams(
  target: { host?: string; port?: number; path?: string },
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
  host: string,
  port: number,
  options: StreamOptions & ConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  // Bad arguments fail here, before anything is awaited.
  const checkedHost = checkHost(host, "openConnection");
  const checkedPort = checkPort(port, "openConnection");
  const { tls, record } = checkConnectionOptions(options, "openConnection", STREAM_OPTIONS);
  const limit = checkLimit(record.limit, "openConnection");
  return openStreams({ host: checkedHost, port: checkedPort }, tls, limit);
}

/** `openConnection` over a Unix domain socket. */
export function openUnixConnection(
  path: string,
  options: StreamOptions & ConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  const checkedPath = checkPath(path, "openUnixConnection");
  const { tls, record } = checkConnectionOptions(options, "openUnixConnection", STREAM_OPTIONS);
  const limit = checkLimit(record.limit, "openUnixConnection");
  return openStreams({ path: checkedPath }, tls, limit);
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
  options: StreamOptions & ServerOptions = {},
): Coroutine<Server> {
  const checked = checkServerOptions(options, "startServer", STREAM_OPTIONS);
  const limit = checkLimit(checked.record.limit, "startServer");
  const factory = streamFactory(clientConnected, limit, "startServer");
  return listenTcp(factory, host, port, checked, "startServer");
}

/** `startServer` on a Unix domain socket at `path`. */
export function startUnixServer(
  clientConnected: ClientConnectedCallback,
  path: string,
  options: StreamOptions & ServerOptions = {},
): Coroutine<Server> {
  const checked = checkServerOptions(options, "startUnixServer", STREAM_OPTIONS);
  const limit = checkLimit(checked.record.limit, "startUnixServer");
  const factory = streamFactory(clientConnected, limit, "startUnixServer");
  return listenUnix(factory, path, checked, "startUnixServer");
}
