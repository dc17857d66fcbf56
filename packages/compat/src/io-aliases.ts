/**
 * Python's names for network and process I/O on the library's objects: `StreamReader.at_eof`,
 * `StreamWriter.wait_closed`, `Server.serve_forever`, `loop.create_connection`,
 * `loop.add_signal_handler`, ... Each forwards to the idiomatic method.
 */

import type * as net from "node:net";
import type { Readable, Writable } from "node:stream";
import { addSignalHandler, EventLoop, removeSignalHandler } from "@asyncio/core";
import {
  type AddrInfo,
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
  getaddrinfo,
  getnameinfo,
  type ReadTransport,
  type SendfileSource,
  Server,
  type ServerOptions,
  type SockAddr,
  type Socket,
  type SocketAddressLike,
  SSLContext,
  type SslOption,
  StreamReader,
  StreamTransport,
  StreamWriter,
  sendfile,
  sockAccept,
  sockConnect,
  sockRecv,
  sockRecvfrom,
  sockRecvfromInto,
  sockRecvInto,
  sockSendall,
  sockSendfile,
  sockSendto,
  startTls,
  type TcpServerOptions,
  type TLSVersion,
  type TlsContext,
  type Transport,
  type TransportSocket,
  type VerifyMode,
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

/** Python's keyword arguments of `StreamWriter.start_tls()`. */
export interface PythonWriterStartTlsOptions {
  server_hostname?: string | null;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
}

/** Python's keyword arguments of `loop.start_tls()`. */
export interface PythonStartTlsOptions extends PythonWriterStartTlsOptions {
  server_side?: boolean;
}

/** Renames Python's keyword arguments, leaving any other name for the idiomatic check to refuse. */
function renamed(
  options: object | undefined,
  names: Record<string, string>,
): Record<string, unknown> {
  if (options === undefined || options === null || typeof options !== "object") {
    return options as unknown as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) out[names[key] ?? key] = value;
  }
  return out;
}

const START_TLS_NAMES = {
  server_side: "serverSide",
  server_hostname: "serverHostname",
  ssl_handshake_timeout: "sslHandshakeTimeout",
  ssl_shutdown_timeout: "sslShutdownTimeout",
};

Object.defineProperty(StreamWriter.prototype, "start_tls", {
  configurable: true,
  writable: true,
  value: function start_tls(
    this: StreamWriter,
    sslcontext: TlsContext,
    options?: PythonWriterStartTlsOptions,
  ) {
    return this.startTls(sslcontext, renamed(options, START_TLS_NAMES) as never);
  },
});

installMethodAliases(SSLContext.prototype, {
  load_cert_chain: "loadCertChain",
  load_verify_locations: "loadVerifyLocations",
  load_default_certs: "loadDefaultCerts",
  set_ciphers: "setCiphers",
  set_alpn_protocols: "setAlpnProtocols",
});
/** `context.check_hostname = False` and friends: Python's attributes over the idiomatic ones. */
function installAccessorAlias(prototype: object, pythonName: string, jsName: string): void {
  if (Object.hasOwn(prototype, pythonName)) return;
  Object.defineProperty(prototype, pythonName, {
    configurable: true,
    get(this: Record<string, unknown>) {
      return this[jsName];
    },
    set(this: Record<string, unknown>, value: unknown) {
      this[jsName] = value;
    },
  });
}
installAccessorAlias(SSLContext.prototype, "check_hostname", "checkHostname");
installAccessorAlias(SSLContext.prototype, "verify_mode", "verifyMode");
installAccessorAlias(SSLContext.prototype, "minimum_version", "minimumVersion");
installAccessorAlias(SSLContext.prototype, "maximum_version", "maximumVersion");

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
  reuse_port?: boolean;
  allow_broadcast?: boolean;
}

/** Python's keyword arguments of `loop.create_connection()` this port supports. */
export interface PythonConnectionOptions {
  ssl?: SslOption;
  sock?: net.Socket | TransportSocket | Socket | null;
  server_hostname?: string | null;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
  family?: number;
  proto?: number;
  flags?: number;
  local_addr?: [host: string, port: number] | null;
  happy_eyeballs_delay?: number | null;
  interleave?: number | null;
  all_errors?: boolean;
}

/** Python's keyword arguments of `loop.create_server()` this port supports. */
export interface PythonServerOptions {
  ssl?: ServerOptions["ssl"];
  sock?: net.Server | TransportSocket | Socket | null;
  backlog?: number;
  start_serving?: boolean;
  reuse_address?: boolean;
  reuse_port?: boolean;
  ssl_handshake_timeout?: number | null;
  ssl_shutdown_timeout?: number | null;
}

/** Python's keyword arguments of `loop.getaddrinfo()`. */
export interface PythonGetaddrinfoOptions {
  family?: number;
  type?: number;
  proto?: number;
  flags?: number;
}

const CONNECTION_NAMES = {
  server_hostname: "serverHostname",
  ssl_handshake_timeout: "sslHandshakeTimeout",
  ssl_shutdown_timeout: "sslShutdownTimeout",
  local_addr: "localAddr",
  happy_eyeballs_delay: "happyEyeballsDelay",
  all_errors: "allErrors",
};

const SERVER_NAMES = {
  start_serving: "startServing",
  reuse_address: "reuseAddress",
  reuse_port: "reusePort",
  ssl_handshake_timeout: "sslHandshakeTimeout",
  ssl_shutdown_timeout: "sslShutdownTimeout",
};

/** @internal */
export function connectionOptions(options: PythonConnectionOptions = {}): ConnectionOptions {
  return renamed(options, CONNECTION_NAMES) as ConnectionOptions;
}

/** @internal */
export function serverOptions(options: PythonServerOptions = {}): TcpServerOptions {
  return renamed(options, SERVER_NAMES) as TcpServerOptions;
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
    host: string | null = null,
    port: number | null = null,
    options?: PythonConnectionOptions,
  ) {
    return createConnection(factory, host, port, connectionOptions(options));
  },
);
defineLoopMethod(
  "create_unix_connection",
  function create_unix_connection(
    factory: () => BaseProtocol,
    path: string | null = null,
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
    path: string | null = null,
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
    return createDatagramEndpoint(
      factory,
      renamed(options, {
        local_addr: "localAddr",
        remote_addr: "remoteAddr",
        reuse_address: "reuseAddress",
        reuse_port: "reusePort",
        allow_broadcast: "allowBroadcast",
      }),
    );
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
  "start_tls",
  function start_tls(
    transport: Transport,
    protocol: BaseProtocol,
    sslcontext: TlsContext,
    options?: PythonStartTlsOptions,
  ) {
    return startTls(transport, protocol, sslcontext, renamed(options, START_TLS_NAMES) as never);
  },
);
defineLoopMethod(
  "sendfile",
  function sendfile_(
    transport: WriteTransport,
    file: SendfileSource,
    offset = 0,
    count: number | null = null,
    options?: { fallback?: boolean },
  ) {
    return sendfile(transport, file, offset, count, options);
  },
);
defineLoopMethod(
  "getaddrinfo",
  function getaddrinfo_(
    host: string | null,
    port: number | string | null,
    options?: PythonGetaddrinfoOptions,
  ) {
    return getaddrinfo(host, port, options);
  },
);
defineLoopMethod("getnameinfo", function getnameinfo_(sockaddr: SockAddr, flags = 0) {
  return getnameinfo(sockaddr, flags);
});
defineLoopMethod("sock_recv", function sock_recv(sock: Socket, nbytes: number) {
  return sockRecv(sock, nbytes);
});
defineLoopMethod("sock_recv_into", function sock_recv_into(sock: Socket, buf: Uint8Array) {
  return sockRecvInto(sock, buf);
});
defineLoopMethod("sock_sendall", function sock_sendall(sock: Socket, data: Uint8Array) {
  return sockSendall(sock, data);
});
defineLoopMethod("sock_connect", function sock_connect(sock: Socket, address: SocketAddressLike) {
  return sockConnect(sock, address);
});
defineLoopMethod("sock_accept", function sock_accept(sock: Socket) {
  return sockAccept(sock);
});
defineLoopMethod(
  "sock_sendto",
  function sock_sendto(sock: Socket, data: Uint8Array, address: SocketAddressLike) {
    return sockSendto(sock, data, address);
  },
);
defineLoopMethod("sock_recvfrom", function sock_recvfrom(sock: Socket, bufsize: number) {
  return sockRecvfrom(sock, bufsize);
});
defineLoopMethod(
  "sock_recvfrom_into",
  function sock_recvfrom_into(sock: Socket, buf: Uint8Array, nbytes = 0) {
    return sockRecvfromInto(sock, buf, nbytes);
  },
);
defineLoopMethod(
  "sock_sendfile",
  function sock_sendfile(sock: Socket, file: string, offset = 0, count: number | null = null) {
    return sockSendfile(sock, file, offset, count);
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
      host?: string | null,
      port?: number | null,
      options?: PythonConnectionOptions,
    ): Coroutine<[Transport, P]>;
    create_unix_connection<P extends BaseProtocol>(
      protocol_factory: () => P,
      path?: string | null,
      options?: PythonConnectionOptions,
    ): Coroutine<[Transport, P]>;
    start_tls(
      transport: Transport,
      protocol: BaseProtocol,
      sslcontext: TlsContext,
      options?: PythonStartTlsOptions,
    ): Coroutine<Transport>;
    sendfile(
      transport: WriteTransport,
      file: SendfileSource,
      offset?: number,
      count?: number | null,
      options?: { fallback?: boolean },
    ): Coroutine<number>;
    getaddrinfo(
      host: string | null,
      port: number | string | null,
      options?: PythonGetaddrinfoOptions,
    ): Coroutine<AddrInfo[]>;
    getnameinfo(sockaddr: SockAddr, flags?: number): Coroutine<[host: string, service: string]>;
    sock_recv(sock: Socket, nbytes: number): Coroutine<Uint8Array>;
    sock_recv_into(sock: Socket, buf: Uint8Array): Coroutine<number>;
    sock_sendall(sock: Socket, data: Uint8Array): Coroutine<void>;
    sock_connect(sock: Socket, address: SocketAddressLike): Coroutine<void>;
    sock_accept(sock: Socket): Coroutine<[Socket, SocketAddressLike]>;
    sock_sendto(sock: Socket, data: Uint8Array, address: SocketAddressLike): Coroutine<number>;
    sock_recvfrom(sock: Socket, bufsize: number): Coroutine<[Uint8Array, [string, number]]>;
    sock_recvfrom_into(
      sock: Socket,
      buf: Uint8Array,
      nbytes?: number,
    ): Coroutine<[number, [string, number]]>;
    sock_sendfile(
      sock: Socket,
      file: string,
      offset?: number,
      count?: number | null,
    ): Coroutine<number>;
    create_server(
      protocol_factory: () => BaseProtocol,
      host?: string | readonly string[] | null,
      port?: number | null,
      options?: PythonServerOptions,
    ): Coroutine<Server>;
    create_unix_server(
      protocol_factory: () => BaseProtocol,
      path?: string | null,
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
    start_tls(sslcontext: TlsContext, options?: PythonWriterStartTlsOptions): Coroutine<void>;
  }
  interface SSLContext {
    load_cert_chain: Forward<SSLContext["loadCertChain"]>;
    load_verify_locations: Forward<SSLContext["loadVerifyLocations"]>;
    load_default_certs: Forward<SSLContext["loadDefaultCerts"]>;
    set_ciphers: Forward<SSLContext["setCiphers"]>;
    set_alpn_protocols: Forward<SSLContext["setAlpnProtocols"]>;
    check_hostname: boolean;
    verify_mode: VerifyMode;
    minimum_version: TLSVersion | null;
    maximum_version: TLSVersion | null;
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
