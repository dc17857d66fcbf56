/**
 * Python's stream functions with their keyword arguments as a trailing options object:
 * `await asyncio.open_connection(host, port, { limit, ssl, server_hostname })`, and
 * `asyncio.Protocol` whose Python-named callbacks (`data_received`, ...) the transports call.
 */
import {
  type ClientConnectedCallback,
  type DatagramAddress,
  type DatagramProtocol as DatagramProtocolShape,
  openConnection,
  openUnixConnection,
  type Server,
  type StreamProtocol,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
  type Transport,
} from "@asyncio/streams";
import type { Coroutine } from "@asyncio/tasks";
import {
  connectionOptions,
  type PythonConnectionOptions,
  type PythonServerOptions,
  serverOptions,
} from "./io-aliases.js";

/** `limit=` of the stream functions. */
export interface LimitOption {
  limit?: number;
}

function withLimit<T extends object>(options: LimitOption, rest: T): T & LimitOption {
  return options.limit === undefined ? rest : { ...rest, limit: options.limit };
}

/**
 * `asyncio.open_connection(host=None, port=None, *, limit, ssl, sock, server_hostname,
 * local_addr, family, happy_eyeballs_delay, ...)`: every keyword of `loop.create_connection`.
 *
 * @example
 * ```ts
 * const [reader, writer] = await asyncio.open_connection("127.0.0.1", 8888);
 * ```
 */
export function open_connection(
  host: string | null = null,
  port: number | null = null,
  options: LimitOption & PythonConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  return openConnection(host, port, withLimit(options, connectionOptions(options)));
}

/** `asyncio.open_unix_connection(path=None, *, limit, ssl, sock, server_hostname)`. */
export function open_unix_connection(
  path: string | null = null,
  options: LimitOption & PythonConnectionOptions = {},
): Coroutine<[StreamReader, StreamWriter]> {
  return openUnixConnection(path, withLimit(options, connectionOptions(options)));
}

/**
 * `asyncio.start_server(client_connected_cb, host, port, *, limit, ssl, backlog, start_serving)`.
 *
 * @example
 * ```ts
 * const server = await asyncio.start_server(handle, "127.0.0.1", 8888);
 * await server.serve_forever();
 * ```
 */
export function start_server(
  client_connected_cb: ClientConnectedCallback,
  host: string | readonly string[] | null = null,
  port: number | null = null,
  options: LimitOption & PythonServerOptions = {},
): Coroutine<Server> {
  return startServer(client_connected_cb, host, port, withLimit(options, serverOptions(options)));
}

/** `asyncio.start_unix_server(client_connected_cb, path, *, limit, ssl, backlog, start_serving)`. */
export function start_unix_server(
  client_connected_cb: ClientConnectedCallback,
  path: string | null = null,
  options: LimitOption & PythonServerOptions = {},
): Coroutine<Server> {
  return startUnixServer(client_connected_cb, path, withLimit(options, serverOptions(options)));
}

/**
 * `asyncio.Protocol` for Python-style subclasses: override `connection_made`, `data_received`,
 * `eof_received`, `connection_lost`, `pause_writing`, `resume_writing`.
 *
 * @example
 * ```ts
 * class Echo extends asyncio.Protocol {
 *   transport!: asyncio.Transport;
 *   override connection_made(t: asyncio.Transport) { this.transport = t; }
 *   override data_received(data: Uint8Array) { this.transport.write(data); }
 * }
 * ```
 */
export class Protocol implements StreamProtocol {
  connection_made(_transport: Transport): void {}
  data_received(_data: Uint8Array): void {}
  eof_received(): boolean | undefined {
    return undefined;
  }
  connection_lost(_exc: unknown): void {}
  pause_writing(): void {}
  resume_writing(): void {}

  connectionMade(transport: Transport): void {
    this.connection_made(transport);
  }
  dataReceived(data: Uint8Array): void {
    this.data_received(data);
  }
  eofReceived(): boolean | undefined {
    return this.eof_received();
  }
  connectionLost(exc: unknown): void {
    this.connection_lost(exc);
  }
  pauseWriting(): void {
    this.pause_writing();
  }
  resumeWriting(): void {
    this.resume_writing();
  }
}

/**
 * `asyncio.DatagramProtocol` for Python-style subclasses: override `connection_made`,
 * `datagram_received(data, addr)`, `error_received(exc)`, `connection_lost`.
 *
 * @example
 * ```ts
 * class Echo extends asyncio.DatagramProtocol {
 *   transport!: asyncio.DatagramTransport;
 *   override connection_made(t: asyncio.DatagramTransport) { this.transport = t; }
 *   override datagram_received(data: Uint8Array, addr: [string, number]) { this.transport.sendto(data, addr); }
 * }
 * ```
 */
export class DatagramProtocol implements DatagramProtocolShape {
  // biome-ignore lint/suspicious/noExplicitAny: subclasses narrow it to DatagramTransport
  connection_made(_transport: any): void {}
  datagram_received(_data: Uint8Array, _addr: DatagramAddress): void {}
  error_received(_exc: unknown): void {}
  connection_lost(_exc: unknown): void {}

  connectionMade(transport: unknown): void {
    this.connection_made(transport);
  }
  datagramReceived(data: Uint8Array, addr: DatagramAddress): void {
    this.datagram_received(data, addr);
  }
  errorReceived(exc: unknown): void {
    this.error_received(exc);
  }
  connectionLost(exc: unknown): void {
    this.connection_lost(exc);
  }
}
