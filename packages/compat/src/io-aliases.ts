/**
 * Python's names for network and process I/O and for threads on the library's objects:
 * `StreamReader.at_eof`, `StreamWriter.wait_closed`, `Server.serve_forever`,
 * `Process.send_signal`, `concurrent.futures.Future`'s names, ... one table per class (see
 * `alias-table.ts`). Also the loop's I/O methods with Python's keyword arguments
 * (`loop.create_connection(..., { ssl, server_hostname })`): a second table for `EventLoop`, so
 * that the scheduling names (`python-aliases.ts`) install without any I/O package.
 */
import type { Readable, Writable } from "node:stream";
import { EventLoop } from "@asyncio/core";
import {
  type BaseProtocol,
  type ConnectionOptions,
  connectReadPipe,
  connectWritePipe,
  createConnection,
  createDatagramEndpoint,
  createServer,
  createUnixConnection,
  createUnixServer,
  type DatagramAddress,
  type DatagramEndpointOptions,
  type DatagramProtocol,
  DatagramTransport,
  type ReadTransport,
  Server,
  type ServerOptions,
  type SslOption,
  StreamReader,
  StreamTransport,
  StreamWriter,
  type Transport,
  type WriteTransport,
} from "@asyncio/streams";
import { Process } from "@asyncio/subprocess";
import type { Coroutine } from "@asyncio/tasks";
import { ConcurrentFuture } from "@asyncio/to-thread";
import { type Aliases, installAliases } from "./alias-table.js";

const streamReaderAliases = {
  at_eof: "atEof",
  feed_data: "feedData",
  feed_eof: "feedEof",
  set_exception: "setException",
  set_transport: "setTransport",
} as const;
installAliases(StreamReader.prototype, streamReaderAliases);

const streamWriterAliases = {
  write_eof: "writeEof",
  can_write_eof: "canWriteEof",
  is_closing: "isClosing",
  wait_closed: "waitClosed",
  get_extra_info: "getExtraInfo",
} as const;
installAliases(StreamWriter.prototype, streamWriterAliases);

const serverAliases = {
  is_serving: "isServing",
  wait_closed: "waitClosed",
  serve_forever: "serveForever",
  start_serving: "startServing",
  get_loop: "getLoop",
  close_clients: "closeClients",
  abort_clients: "abortClients",
  // `async with server:` through `async_with`: enter gives the server, exit closes and waits.
  __aenter__(this: Server): Promise<Server> {
    // Not `async`: an async `return this` makes TypeScript read Server's members while they are
    // still being built from this very table (a circular type).
    return Promise.resolve(this);
  },
  async __aexit__(this: Server, _error?: unknown): Promise<boolean> {
    this.close();
    await this.waitClosed();
    return false;
  },
} as const;
installAliases(Server.prototype, serverAliases);

const streamTransportAliases = {
  write_eof: "writeEof",
  can_write_eof: "canWriteEof",
  is_closing: "isClosing",
  get_extra_info: "getExtraInfo",
  is_reading: "isReading",
  pause_reading: "pauseReading",
  resume_reading: "resumeReading",
  set_write_buffer_limits: "setWriteBufferLimits",
  get_write_buffer_limits: "getWriteBufferLimits",
  get_write_buffer_size: "getWriteBufferSize",
  get_protocol: "getProtocol",
  set_protocol: "setProtocol",
} as const;
installAliases(StreamTransport.prototype, streamTransportAliases);

const datagramTransportAliases = {
  is_closing: "isClosing",
  get_extra_info: "getExtraInfo",
  get_write_buffer_size: "getWriteBufferSize",
  get_protocol: "getProtocol",
  set_protocol: "setProtocol",
} as const;
installAliases(DatagramTransport.prototype, datagramTransportAliases);

const processAliases = { send_signal: "sendSignal" } as const;
installAliases(Process.prototype, processAliases);

// The loop's network and pipe endpoints (`@asyncio/streams`), with Python's keyword arguments.
const eventLoopIoAliases = {
  create_connection<P extends BaseProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    host: string,
    port: number,
    options?: PythonConnectionOptions,
  ): Coroutine<[Transport, P]> {
    return createConnection(protocol_factory, host, port, connectionOptions(options));
  },
  create_unix_connection<P extends BaseProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    path: string,
    options?: PythonConnectionOptions,
  ): Coroutine<[Transport, P]> {
    return createUnixConnection(protocol_factory, path, connectionOptions(options));
  },
  create_server(
    this: EventLoop,
    protocol_factory: () => BaseProtocol,
    host: string | readonly string[] | null = null,
    port: number | null = null,
    options?: PythonServerOptions,
  ): Coroutine<Server> {
    return createServer(protocol_factory, host, port, serverOptions(options));
  },
  create_unix_server(
    this: EventLoop,
    protocol_factory: () => BaseProtocol,
    path: string,
    options?: PythonServerOptions,
  ): Coroutine<Server> {
    return createUnixServer(protocol_factory, path, serverOptions(options));
  },
  create_datagram_endpoint<P extends DatagramProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    options?: PythonDatagramOptions,
  ): Coroutine<[DatagramTransport, P]> {
    return createDatagramEndpoint(protocol_factory, datagramOptions(options));
  },
  connect_read_pipe<P extends BaseProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    pipe: Readable,
  ): Coroutine<[ReadTransport, P]> {
    return connectReadPipe(protocol_factory, pipe);
  },
  connect_write_pipe<P extends BaseProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    pipe: Writable,
  ): Coroutine<[WriteTransport, P]> {
    return connectWritePipe(protocol_factory, pipe);
  },
} as const;
installAliases(EventLoop.prototype, eventLoopIoAliases);

// `concurrent.futures.Future`'s method names, on the Future an executor's `submit` returns.
const concurrentFutureAliases = {
  add_done_callback: "addDoneCallback",
  set_result: "setResult",
  set_exception: "setException",
  set_running_or_notify_cancel: "setRunningOrNotifyCancel",
} as const;
installAliases(ConcurrentFuture.prototype, concurrentFutureAliases);

declare module "@asyncio/streams" {
  interface StreamReader extends Aliases<StreamReader, typeof streamReaderAliases> {}
  interface StreamWriter extends Aliases<StreamWriter, typeof streamWriterAliases> {}
  interface Server extends Aliases<Server, typeof serverAliases> {}
  interface StreamTransport extends Aliases<StreamTransport, typeof streamTransportAliases> {}
  interface DatagramTransport extends Aliases<DatagramTransport, typeof datagramTransportAliases> {}
}

declare module "@asyncio/core" {
  interface EventLoop extends Aliases<EventLoop, typeof eventLoopIoAliases> {}
}

declare module "@asyncio/to-thread" {
  interface ConcurrentFuture<T>
    extends Aliases<ConcurrentFuture<T>, typeof concurrentFutureAliases> {}
}

declare module "@asyncio/subprocess" {
  interface Process extends Aliases<Process, typeof processAliases> {}
}

/** Python's keyword arguments of `loop.create_datagram_endpoint()` this port supports. */
export interface PythonDatagramOptions {
  local_addr?: DatagramAddress | null;
  remote_addr?: DatagramAddress | null;
  reuse_address?: boolean;
  allow_broadcast?: boolean;
}

/** Python's keyword arguments of `loop.create_connection()` this port supports. */
export interface PythonConnectionOptions {
  ssl?: SslOption;
  server_hostname?: string | null;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
}

/** Python's keyword arguments of `loop.create_server()` this port supports. */
export interface PythonServerOptions {
  ssl?: ServerOptions["ssl"];
  backlog?: number;
  start_serving?: boolean;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
}

/** The TLS timeouts, renamed. */
function tlsTimeouts(options: PythonConnectionOptions | PythonServerOptions) {
  return {
    ...(options.ssl_handshake_timeout !== undefined
      ? { sslHandshakeTimeout: options.ssl_handshake_timeout }
      : {}),
    ...(options.ssl_shutdown_timeout !== undefined
      ? { sslShutdownTimeout: options.ssl_shutdown_timeout }
      : {}),
  };
}

/** @internal */
export function connectionOptions(options: PythonConnectionOptions = {}): ConnectionOptions {
  return {
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    ...(options.server_hostname !== undefined ? { serverHostname: options.server_hostname } : {}),
    ...tlsTimeouts(options),
  };
}

function datagramOptions(options: PythonDatagramOptions = {}): DatagramEndpointOptions {
  return {
    ...(options.local_addr !== undefined ? { localAddr: options.local_addr } : {}),
    ...(options.remote_addr !== undefined ? { remoteAddr: options.remote_addr } : {}),
    ...(options.reuse_address !== undefined ? { reuseAddress: options.reuse_address } : {}),
    ...(options.allow_broadcast !== undefined ? { allowBroadcast: options.allow_broadcast } : {}),
  };
}

/** @internal */
export function serverOptions(options: PythonServerOptions = {}): ServerOptions {
  return {
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    ...(options.backlog !== undefined ? { backlog: options.backlog } : {}),
    ...(options.start_serving !== undefined ? { startServing: options.start_serving } : {}),
    ...tlsTimeouts(options),
  };
}
