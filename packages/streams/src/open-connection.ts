/**
 * The high-level stream API, as Python's `asyncio.open_connection()`, `start_server()` and their
 * Unix-socket twins: connections as `[StreamReader, StreamWriter]` pairs.
 */
import { getRunningLoop } from "@asyncio/futures";
import { Coroutine } from "@asyncio/tasks";
import {
  type ConnectionOptions,
  createConnection,
  createUnixConnection,
} from "./create-connection.js";
import { createServer, createUnixServer, type ServerOptions } from "./create-server.js";
import { checkHost, checkPath, checkPort } from "./internal/checks.js";
import type { Server } from "./server.js";
import { StreamReader } from "./stream-reader.js";
import { type ClientConnectedCallback, StreamReaderProtocol } from "./stream-reader-protocol.js";
import { StreamWriter } from "./stream-writer.js";

export interface StreamOptions {
  /** The readers' buffer limit (64 KiB by default). */
  limit?: number;
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
  const limit = options.limit;
  // Bad arguments fail here, before anything is awaited.
  checkHost(host, "createConnection");
  checkPort(port, "createConnection");
  return new Coroutine(async () => {
    const loop = getRunningLoop();
    const reader = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [transport] = await createConnection(() => protocol, host, port, options);
    return [reader, new StreamWriter(transport, protocol, reader, loop)] as [
      StreamReader,
      StreamWriter,
    ];
  });
}

/** `openConnection` over a Unix domain socket. */
export function openUnixConnection(
  path: string,
  options: StreamOptions & ConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  const limit = options.limit;
  checkPath(path, "createUnixConnection");
  return new Coroutine(async () => {
    const loop = getRunningLoop();
    const reader = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    const protocol = new StreamReaderProtocol(reader, null, loop);
    const [transport] = await createUnixConnection(() => protocol, path, options);
    return [reader, new StreamWriter(transport, protocol, reader, loop)] as [
      StreamReader,
      StreamWriter,
    ];
  });
}

function streamFactory(clientConnected: ClientConnectedCallback, limit: number | undefined) {
  if (typeof clientConnected !== "function") {
    throw new TypeError(`clientConnected must be a function, got ${typeof clientConnected}`);
  }
  return (): StreamReaderProtocol => {
    const loop = getRunningLoop();
    const reader = new StreamReader({ loop, ...(limit !== undefined ? { limit } : {}) });
    return new StreamReaderProtocol(reader, clientConnected, loop);
  };
}

/**
 * Starts a server that calls `clientConnected(reader, writer)` for each connection (as a task
 * when it is async; the connection closes if it fails).
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
  return createServer(streamFactory(clientConnected, options.limit), host, port, options);
}

/** `startServer` on a Unix domain socket at `path`. */
export function startUnixServer(
  clientConnected: ClientConnectedCallback,
  path: string,
  options: StreamOptions & ServerOptions = {},
): Coroutine<Server> {
  return createUnixServer(streamFactory(clientConnected, options.limit), path, options);
}
