/**
 * Python's names for network and process I/O and for threads on the library's objects:
 * `StreamReader.at_eof`, `StreamWriter.wait_closed`, `StreamWriter.start_tls`,
 * `Server.serve_forever`, `SSLContext.load_cert_chain`, `Process.send_signal`,
 * `concurrent.futures.Future`'s names, ... one table per class (see `alias-table.ts`). Also the
 * loop's I/O methods with Python's keyword arguments (`loop.create_connection(..., { ssl,
 * server_hostname })`): a second table for `EventLoop`, so that the scheduling names
 * (`python-aliases.ts`) install without any I/O package.
 */
import type * as net from "node:net";
import type { Readable, Writable } from "node:stream";
import { EventLoop } from "@asyncio/core";
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
  type DatagramEndpointOptions,
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
  type TlsContext,
  type Transport,
  type TransportSocket,
  type WriteTransport,
} from "@asyncio/streams";
import { Process } from "@asyncio/subprocess";
import type { Coroutine } from "@asyncio/tasks";
import { ConcurrentFuture } from "@asyncio/to-thread";
import { type Aliases, installAliases } from "./alias-table.js";

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
  names: Readonly<Record<string, string>>,
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

/** The keyword arguments of `start_tls`, renamed. */
const START_TLS_NAMES: Readonly<Record<string, string>> = {
  server_side: "serverSide",
  server_hostname: "serverHostname",
  ssl_handshake_timeout: "sslHandshakeTimeout",
  ssl_shutdown_timeout: "sslShutdownTimeout",
};

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
  start_tls(
    this: StreamWriter,
    sslcontext: TlsContext,
    options?: PythonWriterStartTlsOptions,
  ): Coroutine<void> {
    return this.startTls(sslcontext, renamed(options, START_TLS_NAMES) as never);
  },
} as const;
installAliases(StreamWriter.prototype, streamWriterAliases);

const sslContextAliases = {
  load_cert_chain: "loadCertChain",
  load_verify_locations: "loadVerifyLocations",
  load_default_certs: "loadDefaultCerts",
  set_ciphers: "setCiphers",
  set_alpn_protocols: "setAlpnProtocols",
  check_hostname: { property: "checkHostname", writable: true },
  verify_mode: { property: "verifyMode", writable: true },
  minimum_version: { property: "minimumVersion", writable: true },
  maximum_version: { property: "maximumVersion", writable: true },
} as const;
installAliases(SSLContext.prototype, sslContextAliases);

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

// The loop's network and pipe endpoints, name resolution and raw sockets (`@asyncio/streams`),
// with Python's keyword arguments.
const eventLoopIoAliases = {
  create_connection<P extends BaseProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    host: string | null = null,
    port: number | null = null,
    options?: PythonConnectionOptions,
  ): Coroutine<[Transport, P]> {
    return createConnection(protocol_factory, host, port, connectionOptions(options));
  },
  create_unix_connection<P extends BaseProtocol>(
    this: EventLoop,
    protocol_factory: () => P,
    path: string | null = null,
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
    path: string | null = null,
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
  start_tls(
    this: EventLoop,
    transport: Transport,
    protocol: BaseProtocol,
    sslcontext: TlsContext,
    options?: PythonStartTlsOptions,
  ): Coroutine<Transport> {
    return startTls(transport, protocol, sslcontext, renamed(options, START_TLS_NAMES));
  },
  sendfile(
    this: EventLoop,
    transport: WriteTransport,
    file: SendfileSource,
    offset: number = 0,
    count: number | null = null,
    options?: { fallback?: boolean },
  ): Coroutine<number> {
    return sendfile(transport, file, offset, count, options);
  },
  getaddrinfo(
    this: EventLoop,
    host: string | null,
    port: number | string | null,
    options?: PythonGetaddrinfoOptions,
  ): Coroutine<AddrInfo[]> {
    return getaddrinfo(host, port, options);
  },
  getnameinfo(
    this: EventLoop,
    sockaddr: SockAddr,
    flags: number = 0,
  ): Coroutine<[host: string, service: string]> {
    return getnameinfo(sockaddr, flags);
  },
  sock_recv(this: EventLoop, sock: Socket, nbytes: number): Coroutine<Uint8Array> {
    return sockRecv(sock, nbytes);
  },
  sock_recv_into(this: EventLoop, sock: Socket, buf: Uint8Array): Coroutine<number> {
    return sockRecvInto(sock, buf);
  },
  sock_sendall(this: EventLoop, sock: Socket, data: Uint8Array): Coroutine<void> {
    return sockSendall(sock, data);
  },
  sock_connect(this: EventLoop, sock: Socket, address: SocketAddressLike): Coroutine<void> {
    return sockConnect(sock, address);
  },
  sock_accept(this: EventLoop, sock: Socket): Coroutine<[Socket, SocketAddressLike]> {
    return sockAccept(sock);
  },
  sock_sendto(
    this: EventLoop,
    sock: Socket,
    data: Uint8Array,
    address: SocketAddressLike,
  ): Coroutine<number> {
    return sockSendto(sock, data, address);
  },
  sock_recvfrom(
    this: EventLoop,
    sock: Socket,
    bufsize: number,
  ): Coroutine<[Uint8Array, [string, number]]> {
    return sockRecvfrom(sock, bufsize);
  },
  sock_recvfrom_into(
    this: EventLoop,
    sock: Socket,
    buf: Uint8Array,
    nbytes: number = 0,
  ): Coroutine<[number, [string, number]]> {
    return sockRecvfromInto(sock, buf, nbytes);
  },
  sock_sendfile(
    this: EventLoop,
    sock: Socket,
    file: string,
    offset: number = 0,
    count: number | null = null,
  ): Coroutine<number> {
    return sockSendfile(sock, file, offset, count);
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
  interface SSLContext extends Aliases<SSLContext, typeof sslContextAliases> {}
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

const DATAGRAM_NAMES = {
  local_addr: "localAddr",
  remote_addr: "remoteAddr",
  reuse_address: "reuseAddress",
  reuse_port: "reusePort",
  allow_broadcast: "allowBroadcast",
};

/** @internal */
export function connectionOptions(options: PythonConnectionOptions = {}): ConnectionOptions {
  return renamed(options, CONNECTION_NAMES) as ConnectionOptions;
}

/** Python's keyword arguments of `create_datagram_endpoint`, renamed. */
function datagramOptions(options: PythonDatagramOptions = {}): DatagramEndpointOptions {
  return renamed(options, DATAGRAM_NAMES) as DatagramEndpointOptions;
}

/** @internal */
export function serverOptions(options: PythonServerOptions = {}): TcpServerOptions {
  return renamed(options, SERVER_NAMES) as TcpServerOptions;
}
