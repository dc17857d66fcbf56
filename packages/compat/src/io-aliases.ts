/**
 * Python's names for network and process I/O on the library's objects: `StreamReader.at_eof`,
 * `StreamWriter.wait_closed`, `Server.serve_forever`, `loop.create_connection`,
 * `loop.add_signal_handler`, ... Each forwards to the idiomatic method.
 */

import type { Readable, Writable } from "node:stream";
import { addSignalHandler, EventLoop, removeSignalHandler } from "@asyncio/core";
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
import { installMethodAliases } from "./python-aliases.js";

installMethodAliases(StreamReader.prototype, {
  at_eof: "atEof",
  feed_data: "feedData",
  feed_eof: "feedEof",
  set_exception: "setException",
  set_transport: "setTransport",
});

installMethodAliases(StreamWriter.prototype, {
  write_eof: "writeEof",
  can_write_eof: "canWriteEof",
  is_closing: "isClosing",
  wait_closed: "waitClosed",
  get_extra_info: "getExtraInfo",
});

installMethodAliases(Server.prototype, {
  is_serving: "isServing",
  wait_closed: "waitClosed",
  serve_forever: "serveForever",
  start_serving: "startServing",
  get_loop: "getLoop",
  close_clients: "closeClients",
  abort_clients: "abortClients",
});
// `async with server:` through `async_with`: enter gives the server, exit closes and waits.
Object.defineProperty(Server.prototype, "__aenter__", {
  configurable: true,
  writable: true,
  value: async function __aenter__(this: Server) {
    return this;
  },
});
Object.defineProperty(Server.prototype, "__aexit__", {
  configurable: true,
  writable: true,
  value: async function __aexit__(this: Server) {
    this.close();
    await this.waitClosed();
    return false;
  },
});

installMethodAliases(StreamTransport.prototype, {
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
});

installMethodAliases(Process.prototype, { send_signal: "sendSignal" });

installMethodAliases(DatagramTransport.prototype, {
  is_closing: "isClosing",
  get_extra_info: "getExtraInfo",
  get_write_buffer_size: "getWriteBufferSize",
  get_protocol: "getProtocol",
  set_protocol: "setProtocol",
});

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

/** @internal */
export function serverOptions(options: PythonServerOptions = {}): ServerOptions {
  return {
    ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    ...(options.backlog !== undefined ? { backlog: options.backlog } : {}),
    ...(options.start_serving !== undefined ? { startServing: options.start_serving } : {}),
    ...tlsTimeouts(options),
  };
}

function defineLoopMethod(
  name: string,
  method: (this: EventLoop, ...args: never[]) => unknown,
): void {
  Object.defineProperty(EventLoop.prototype, name, {
    configurable: true,
    writable: true,
    value: method,
  });
}

defineLoopMethod(
  "create_connection",
  function create_connection(
    factory: () => BaseProtocol,
    host: string,
    port: number,
    options?: PythonConnectionOptions,
  ) {
    return createConnection(factory, host, port, connectionOptions(options));
  },
);
defineLoopMethod(
  "create_unix_connection",
  function create_unix_connection(
    factory: () => BaseProtocol,
    path: string,
    options?: PythonConnectionOptions,
  ) {
    return createUnixConnection(factory, path, connectionOptions(options));
  },
);
defineLoopMethod(
  "create_server",
  function create_server(
    factory: () => BaseProtocol,
    host: string | null = null,
    port: number | null = null,
    options?: PythonServerOptions,
  ) {
    return createServer(factory, host, port, serverOptions(options));
  },
);
defineLoopMethod(
  "create_unix_server",
  function create_unix_server(
    factory: () => BaseProtocol,
    path: string,
    options?: PythonServerOptions,
  ) {
    return createUnixServer(factory, path, serverOptions(options));
  },
);
defineLoopMethod(
  "create_datagram_endpoint",
  function create_datagram_endpoint(
    factory: () => DatagramProtocol,
    options: PythonDatagramOptions = {},
  ) {
    return createDatagramEndpoint(factory, {
      ...(options.local_addr !== undefined ? { localAddr: options.local_addr } : {}),
      ...(options.remote_addr !== undefined ? { remoteAddr: options.remote_addr } : {}),
      ...(options.reuse_address !== undefined ? { reuseAddress: options.reuse_address } : {}),
      ...(options.allow_broadcast !== undefined ? { allowBroadcast: options.allow_broadcast } : {}),
    });
  },
);
defineLoopMethod(
  "connect_read_pipe",
  function connect_read_pipe(factory: () => BaseProtocol, pipe: Readable) {
    return connectReadPipe(factory, pipe);
  },
);
defineLoopMethod(
  "connect_write_pipe",
  function connect_write_pipe(factory: () => BaseProtocol, pipe: Writable) {
    return connectWritePipe(factory, pipe);
  },
);
defineLoopMethod(
  "add_signal_handler",
  function add_signal_handler(
    this: EventLoop,
    sig: NodeJS.Signals | number,
    callback: (...args: unknown[]) => unknown,
    ...args: unknown[]
  ) {
    addSignalHandler(this, sig, callback, ...args);
  },
);
defineLoopMethod(
  "remove_signal_handler",
  function remove_signal_handler(this: EventLoop, sig: NodeJS.Signals | number) {
    return removeSignalHandler(this, sig);
  },
);

type Forward<F> = F;

declare module "@asyncio/core" {
  interface EventLoop {
    create_connection<P extends BaseProtocol>(
      protocol_factory: () => P,
      host: string,
      port: number,
      options?: PythonConnectionOptions,
    ): Coroutine<[Transport, P]>;
    create_unix_connection<P extends BaseProtocol>(
      protocol_factory: () => P,
      path: string,
      options?: PythonConnectionOptions,
    ): Coroutine<[Transport, P]>;
    create_server(
      protocol_factory: () => BaseProtocol,
      host?: string | readonly string[] | null,
      port?: number | null,
      options?: PythonServerOptions,
    ): Coroutine<Server>;
    create_unix_server(
      protocol_factory: () => BaseProtocol,
      path: string,
      options?: PythonServerOptions,
    ): Coroutine<Server>;
    create_datagram_endpoint<P extends DatagramProtocol>(
      protocol_factory: () => P,
      options?: PythonDatagramOptions,
    ): Coroutine<[DatagramTransport, P]>;
    connect_read_pipe<P extends BaseProtocol>(
      protocol_factory: () => P,
      pipe: Readable,
    ): Coroutine<[ReadTransport, P]>;
    connect_write_pipe<P extends BaseProtocol>(
      protocol_factory: () => P,
      pipe: Writable,
    ): Coroutine<[WriteTransport, P]>;
    add_signal_handler<A extends unknown[]>(
      sig: NodeJS.Signals | number,
      callback: (...args: A) => unknown,
      ...args: A
    ): void;
    remove_signal_handler(sig: NodeJS.Signals | number): boolean;
  }
}

declare module "@asyncio/streams" {
  interface StreamReader {
    at_eof: Forward<StreamReader["atEof"]>;
    feed_data: Forward<StreamReader["feedData"]>;
    feed_eof: Forward<StreamReader["feedEof"]>;
    set_exception: Forward<StreamReader["setException"]>;
    set_transport: Forward<StreamReader["setTransport"]>;
  }
  interface StreamWriter {
    write_eof: Forward<StreamWriter["writeEof"]>;
    can_write_eof: Forward<StreamWriter["canWriteEof"]>;
    is_closing: Forward<StreamWriter["isClosing"]>;
    wait_closed: Forward<StreamWriter["waitClosed"]>;
    get_extra_info: Forward<StreamWriter["getExtraInfo"]>;
  }
  interface Server {
    is_serving: Forward<Server["isServing"]>;
    wait_closed: Forward<Server["waitClosed"]>;
    serve_forever: Forward<Server["serveForever"]>;
    start_serving: Forward<Server["startServing"]>;
    get_loop: Forward<Server["getLoop"]>;
    close_clients: Forward<Server["closeClients"]>;
    abort_clients: Forward<Server["abortClients"]>;
    __aenter__(): Promise<Server>;
    __aexit__(error?: unknown): Promise<boolean>;
  }
  interface DatagramTransport {
    is_closing: Forward<DatagramTransport["isClosing"]>;
    get_extra_info: Forward<DatagramTransport["getExtraInfo"]>;
    get_write_buffer_size: Forward<DatagramTransport["getWriteBufferSize"]>;
    get_protocol: Forward<DatagramTransport["getProtocol"]>;
    set_protocol: Forward<DatagramTransport["setProtocol"]>;
  }
  interface StreamTransport {
    write_eof: Forward<StreamTransport["writeEof"]>;
    can_write_eof: Forward<StreamTransport["canWriteEof"]>;
    is_closing: Forward<StreamTransport["isClosing"]>;
    get_extra_info: Forward<StreamTransport["getExtraInfo"]>;
    is_reading: Forward<StreamTransport["isReading"]>;
    pause_reading: Forward<StreamTransport["pauseReading"]>;
    resume_reading: Forward<StreamTransport["resumeReading"]>;
    set_write_buffer_limits: Forward<StreamTransport["setWriteBufferLimits"]>;
    get_write_buffer_limits: Forward<StreamTransport["getWriteBufferLimits"]>;
    get_write_buffer_size: Forward<StreamTransport["getWriteBufferSize"]>;
    get_protocol: Forward<StreamTransport["getProtocol"]>;
    set_protocol: Forward<StreamTransport["setProtocol"]>;
  }
}

declare module "@asyncio/subprocess" {
  interface Process {
    send_signal: Forward<Process["sendSignal"]>;
  }
}
