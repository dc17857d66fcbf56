/**
 * Python's names for network and process I/O on the library's objects: `StreamReader.at_eof`,
 * `StreamWriter.wait_closed`, `StreamWriter.start_tls`, `Server.serve_forever`,
 * `SSLContext.load_cert_chain`, `Process.send_signal`, ... one table per class (see
 * `alias-table.ts`). Also the keyword arguments of the loop's I/O methods
 * (`loop.create_connection(..., { ssl, server_hostname })`), which `python-aliases.ts` adds to the
 * loop's table.
 */
import type * as net from "node:net";
import {
  type ConnectionOptions,
  type DatagramAddress,
  type DatagramEndpointOptions,
  DatagramTransport,
  Server,
  type ServerOptions,
  type Socket,
  SSLContext,
  type SslOption,
  StreamReader,
  StreamTransport,
  StreamWriter,
  type TcpServerOptions,
  type TlsContext,
  type TransportSocket,
} from "@asyncio/streams";
import { Process } from "@asyncio/subprocess";
import type { Coroutine } from "@asyncio/tasks";
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
export function renamed(
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

/** The keyword arguments of `start_tls`, renamed. @internal */
export const START_TLS_NAMES: Readonly<Record<string, string>> = {
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

declare module "@asyncio/streams" {
  interface StreamReader extends Aliases<StreamReader, typeof streamReaderAliases> {}
  interface StreamWriter extends Aliases<StreamWriter, typeof streamWriterAliases> {}
  interface SSLContext extends Aliases<SSLContext, typeof sslContextAliases> {}
  interface Server extends Aliases<Server, typeof serverAliases> {}
  interface StreamTransport extends Aliases<StreamTransport, typeof streamTransportAliases> {}
  interface DatagramTransport extends Aliases<DatagramTransport, typeof datagramTransportAliases> {}
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

/** @internal */
export function datagramOptions(options: PythonDatagramOptions = {}): DatagramEndpointOptions {
  return renamed(options, DATAGRAM_NAMES) as DatagramEndpointOptions;
}

/** @internal */
export function serverOptions(options: PythonServerOptions = {}): TcpServerOptions {
  return renamed(options, SERVER_NAMES) as TcpServerOptions;
}
