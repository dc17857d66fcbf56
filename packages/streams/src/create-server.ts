/**
 * The low-level server API, as Python's `loop.create_server()` and `loop.create_unix_server()`:
 * listen, and for each connection make a protocol and a transport.
 */
import { EventEmitter } from "node:events";
import { lstatSync, unlinkSync } from "node:fs";
import * as net from "node:net";
import * as tls from "node:tls";
import { Future, getRunningLoop, ValueError } from "@asyncio/futures";
import {
  describe,
  type EventLoopContract,
  executionFrames,
  type LoopResource,
} from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { fromNodeError } from "./errors.js";
import { checkFactory, checkHost, checkPath, checkPort } from "./internal/checks.js";
import {
  checkBacklog,
  checkFlag,
  checkOptionNames,
  checkServerTls,
  SERVER_OPTIONS,
  type ServerTls,
  UNIX_SERVER_OPTIONS,
} from "./internal/options.js";
import { post } from "./internal/post.js";
import { clientCertificateRefused } from "./internal/tls-handshake.js";
import type { BaseProtocol } from "./protocol.js";
import { Server, type ServerListener } from "./server.js";
import { Socket, takeHeldConnections } from "./socket.js";
import { SO_REUSEPORT, SOL_SOCKET } from "./socket-constants.js";
import type { SSLContext } from "./ssl-context.js";
import { rememberOption, TransportSocket } from "./transport-socket.js";

/**
 * The options every server takes (`createServer`, `createUnixServer`, `startServer`,
 * `startUnixServer`): Python's keyword arguments of `loop.create_server()`, in camelCase.
 */
export interface ServerOptions {
  /**
   * TLS: Node's `tls.createServer` options (`key`, `cert`, ...) or a `tls.SecureContext`;
   * `false`/`null`/`undefined` for plain TCP.
   */
  ssl?: SSLContext | tls.TlsOptions | tls.SecureContext | false | null;
  /** Start accepting at once (default `true`); otherwise call `startServing()` or `serveForever()`. */
  startServing?: boolean;
  /** The listen backlog (default 100). */
  backlog?: number;
  /** Seconds a client's TLS handshake may take before its connection is dropped (60 by default). */
  sslHandshakeTimeout?: number | null;
  /** Seconds flushing a closing TLS connection may take before it is aborted (30 by default). */
  sslShutdownTimeout?: number | null;
  /**
   * A listening server to serve instead of listening anew (a `net.Server`, or a
   * `TransportSocket` from another `Server`); `host` and `port` are then `null`.
   */
  sock?: net.Server | TransportSocket | Socket | null;
}

/** The options of a TCP server. */
export interface TcpServerOptions extends ServerOptions {
  /** `SO_REUSEADDR` (Node always sets it on TCP listeners: `false` can't turn it off). */
  reuseAddress?: boolean;
  /** `SO_REUSEPORT`: several listeners share the port, and the kernel spreads connections. */
  reusePort?: boolean;
}

/** A server's options, checked. @internal */
export interface CheckedServerOptions {
  tls: ServerTls | null;
  backlog: number;
  startServing: boolean;
  reusePort: boolean;
  sock: net.Server | Socket | null;
}

/** `sock=` of a server: a listening `net.Server`, or the `TransportSocket` of one. */
function checkServerSock(value: unknown, method: string): net.Server | Socket | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Socket) {
    if (!(value._peekRaw() instanceof net.Server)) {
      throw new ValueError(`${method}() sock must be a listening server, got ${describe(value)}`);
    }
    return value;
  }
  const raw = value instanceof TransportSocket ? value.raw : value;
  if (!(raw instanceof net.Server)) {
    throw new ValueError(`${method}() A Stream Socket was expected, got ${describe(value)}`);
  }
  if (!raw.listening) {
    throw new ValueError(`${method}() sock must be a listening server, got ${describe(value)}`);
  }
  return raw;
}

/** Checks a server's options before anything starts. @internal */
export function checkServerOptions(
  options: unknown,
  method: string,
  more: readonly string[] = [],
  kind: "tcp" | "unix" = "tcp",
): CheckedServerOptions & { record: Record<string, unknown> } {
  const names = kind === "tcp" ? SERVER_OPTIONS : UNIX_SERVER_OPTIONS;
  const record = checkOptionNames(options, [...names, ...more], method);
  checkFlag(record.reuseAddress, "reuseAddress", method, true);
  return {
    tls: checkServerTls(record, method),
    backlog: checkBacklog(record.backlog, method),
    startServing: checkFlag(record.startServing, "startServing", method, true),
    reusePort: checkFlag(record.reusePort, "reusePort", method, false),
    sock: checkServerSock(record.sock, method),
    record,
  };
}

/**
 * TLS over a plain `net.Server` (one made for a `SecureContext`, which Node's `tls.Server` can't
 * take, or one handed over as `sock`): each accepted socket is wrapped here, and handed over on
 * `source` (as `secureConnection`) once its handshake is done.
 */
function wrapConnections(server: net.Server, source: EventEmitter, serverTls: ServerTls): void {
  server.on("connection", (raw: net.Socket) => {
    const socket = new tls.TLSSocket(raw, {
      ...(serverTls.options ?? {}),
      ...(serverTls.context !== null ? { secureContext: serverTls.context } : {}),
      isServer: true,
    } as tls.TLSSocketOptions);
    // A failed or slow handshake drops the connection, as Python's server does (quietly).
    const drop = (): void => {
      socket.destroy();
      raw.destroy();
    };
    socket.once("error", drop);
    raw.setTimeout(serverTls.handshakeTimeout * 1000, drop);
    socket.once("secure", () => {
      socket.off("error", drop);
      raw.setTimeout(0);
      raw.off("timeout", drop);
      if (clientCertificateRefused(socket, serverTls.options) !== null) drop();
      else source.emit("secureConnection", socket);
    });
  });
}

function makeListener(
  serverTls: ServerTls | null,
  path: string | null,
  given: net.Server | null = null,
): ServerListener {
  const common = {
    path,
    shutdownTimeout: serverTls?.shutdownTimeout ?? null,
    sslcontext: serverTls?.given ?? null,
  };
  if (given !== null) {
    // A server handed over: a tls.Server hands over its TLS connections itself.
    if (serverTls === null) {
      const event = given instanceof tls.Server ? "secureConnection" : "connection";
      return { ...common, server: given, source: given, event };
    }
    const source = new EventEmitter();
    wrapConnections(given, source, serverTls);
    return { ...common, server: given, source, event: "secureConnection" };
  }
  const server = executionFrames.exit(() => {
    if (serverTls === null) return net.createServer({ allowHalfOpen: true });
    if (serverTls.context !== null) {
      const plain = net.createServer({ allowHalfOpen: true });
      wrapConnections(plain, plain, serverTls);
      return plain;
    }
    const server = tls.createServer({
      ...serverTls.options,
      allowHalfOpen: true,
      handshakeTimeout: serverTls.handshakeTimeout * 1000,
    } as tls.TlsOptions);
    // Node reports a failed or timed-out handshake here but leaves the socket open; Python's
    // server drops such a connection (quietly: it is the client's failure).
    server.on("tlsClientError", (_error: Error, socket: tls.TLSSocket) => socket.destroy());
    return server;
  });
  return {
    ...common,
    server,
    source: server,
    event: serverTls === null ? "connection" : "secureConnection",
  };
}

async function listen(
  loop: EventLoopContract,
  listener: ServerListener,
  target: net.ListenOptions,
): Promise<void> {
  const listening = new Future<void>({ loop });
  const { server } = listener;
  const onError = (error: Error): void =>
    post(loop, () => {
      if (!listening.done()) listening.setException(fromNodeError(error));
    });
  const onListening = (): void =>
    post(loop, () => {
      if (!listening.done()) listening.setResult(undefined);
    });
  server.once("error", onError);
  server.once("listening", onListening);
  executionFrames.exit(() => server.listen(target));
  try {
    await listening;
  } finally {
    server.off("error", onError);
    server.off("listening", onListening);
  }
}

async function startListeners(
  protocolFactory: () => BaseProtocol,
  targets: { target: net.ListenOptions; path: string | null }[],
  options: CheckedServerOptions,
): Promise<Server> {
  const loop = getRunningLoop();
  const listeners: ServerListener[] = [];
  const closeAll = (): void => {
    for (const listener of listeners) listener.server.close();
  };
  // Until the Server takes them, the listeners belong to the loop: closing it closes them.
  const starting: LoopResource = { _closeWithLoop: closeAll };
  loop._addResource(starting);
  try {
    if (options.sock !== null) {
      const given =
        options.sock instanceof Socket ? (options.sock._detach() as net.Server) : options.sock;
      const address = given.address();
      listeners.push(
        makeListener(options.tls, typeof address === "string" ? address : null, given),
      );
    }
    for (const { target, path } of targets) {
      const listener = makeListener(options.tls, path);
      listeners.push(listener);
      await listen(loop, listener, target);
    }
  } catch (error) {
    closeAll();
    throw error;
  } finally {
    loop._removeResource(starting);
  }
  if (options.reusePort) {
    for (const { server } of listeners) rememberOption(server, SOL_SOCKET, SO_REUSEPORT, 1);
  }
  const server = new Server(loop, listeners, protocolFactory);
  // Connections a handed-over Socket had accepted are the server's first.
  for (const { server: listening } of listeners) {
    for (const raw of takeHeldConnections(listening)) listening.emit("connection", raw);
  }
  if (options.startServing) server._startServing();
  return server;
}

/** Listens on `host:port` with options already checked. @internal */
export function listenTcp(
  protocolFactory: () => BaseProtocol,
  host: string | readonly string[] | null,
  port: number | null,
  options: CheckedServerOptions,
  method: string,
): Coroutine<Server> {
  if (options.sock !== null) {
    if ((host !== null && host !== undefined) || (port !== null && port !== undefined)) {
      throw new ValueError("host/port and sock can not be specified at the same time");
    }
    return new Coroutine(() => startListeners(protocolFactory, [], options));
  }
  const checkedPort = checkPort(port ?? 0, method);
  let hosts: (string | null)[];
  if (host === null || host === undefined) hosts = [null];
  else if (typeof host === "string") hosts = [checkHost(host, method)];
  else if (Array.isArray(host)) hosts = host.map((h: unknown) => checkHost(h, method));
  else {
    throw new TypeError(
      `${method}() host must be a string, an array of strings or null, got ${describe(host)}`,
    );
  }
  const targets = hosts.map((h) => ({
    target: {
      ...(h === null ? {} : { host: h }),
      port: checkedPort,
      backlog: options.backlog,
      ...(options.reusePort ? { reusePort: true } : {}),
    },
    path: null,
  }));
  return new Coroutine(() => startListeners(protocolFactory, targets, options));
}

/** Listens on a Unix socket with options already checked. @internal */
export function listenUnix(
  protocolFactory: () => BaseProtocol,
  path: string | null,
  options: CheckedServerOptions,
  method: string,
): Coroutine<Server> {
  if (options.sock !== null) {
    if (path !== null && path !== undefined) {
      throw new ValueError("path and sock can not be specified at the same time");
    }
    return new Coroutine(() => startListeners(protocolFactory, [], options));
  }
  const checkedPath = checkPath(path, method);
  return new Coroutine(() => {
    removeStaleSocket(checkedPath);
    return startListeners(
      protocolFactory,
      [{ target: { path: checkedPath, backlog: options.backlog }, path: checkedPath }],
      options,
    );
  });
}

/**
 * Listens on `host:port` (every interface when `host` is `null`; one listener per host when it
 * is an array; port 0 picks a free port) and resolves to a `Server`.
 *
 * @example
 * ```ts
 * const server = await createServer(() => new Echo(), "127.0.0.1", 0);
 * console.log(server.sockets[0]!.getsockname()); // ["127.0.0.1", 54321]
 * ```
 */
export function createServer(
  protocolFactory: () => BaseProtocol,
  host: string | readonly string[] | null = null,
  port: number | null = null,
  options: TcpServerOptions = {},
): Coroutine<Server> {
  checkFactory(protocolFactory, "createServer");
  const checked = checkServerOptions(options, "createServer");
  return listenTcp(protocolFactory, host, port, checked, "createServer");
}

/** Removes a stale Unix socket file left by an earlier server, as Python does; nothing else. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // Nothing there (or not ours to remove): listen() reports what matters.
  }
}

/**
 * `createServer` on a Unix domain socket at `path` (a stale socket file there is replaced).
 *
 * @example
 * ```ts
 * const server = await createUnixServer(() => new Echo(), "/tmp/echo.sock");
 * ```
 */
export function createUnixServer(
  protocolFactory: () => BaseProtocol,
  path: string | null,
  options: ServerOptions = {},
): Coroutine<Server> {
  checkFactory(protocolFactory, "createUnixServer");
  const checked = checkServerOptions(options, "createUnixServer", [], "unix");
  return listenUnix(protocolFactory, path, checked, "createUnixServer");
}
