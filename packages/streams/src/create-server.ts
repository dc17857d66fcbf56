/**
 * The low-level server API, as Python's `loop.create_server()` and `loop.create_unix_server()`:
 * listen, and for each connection make a protocol and a transport.
 */
import { lstatSync, unlinkSync } from "node:fs";
import * as net from "node:net";
import * as tls from "node:tls";
import {
  describe,
  type EventLoopContract,
  executionFrames,
  Future,
  getRunningLoop,
  type LoopResource,
} from "@asyncio/futures";
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
} from "./internal/options.js";
import { post } from "./internal/post.js";
import type { BaseProtocol } from "./protocol.js";
import { Server, type ServerListener } from "./server.js";
import type { SSLContext } from "./ssl-context.js";

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
}

/** A server's options, checked. @internal */
export interface CheckedServerOptions {
  tls: ServerTls | null;
  backlog: number;
  startServing: boolean;
}

/** Checks a server's options before anything starts. @internal */
export function checkServerOptions(
  options: unknown,
  method: string,
  more: readonly string[] = [],
): CheckedServerOptions & { record: Record<string, unknown> } {
  const record = checkOptionNames(options, [...SERVER_OPTIONS, ...more], method);
  return {
    tls: checkServerTls(record, method),
    backlog: checkBacklog(record.backlog, method),
    startServing: checkFlag(record.startServing, "startServing", method, true),
    record,
  };
}

/**
 * A TLS server over a `SecureContext`: Node's `tls.Server` takes only options, so each accepted
 * socket is wrapped here, and handed over (as `secureConnection`) once its handshake is done.
 */
function secureContextServer(context: tls.SecureContext, handshakeTimeout: number): net.Server {
  const server = net.createServer({ allowHalfOpen: true });
  server.on("connection", (raw: net.Socket) => {
    const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
    // A failed or slow handshake drops the connection, as Python's server does (quietly).
    const drop = (): void => {
      socket.destroy();
      raw.destroy();
    };
    socket.once("error", drop);
    raw.setTimeout(handshakeTimeout * 1000, drop);
    socket.once("secure", () => {
      socket.off("error", drop);
      raw.setTimeout(0);
      raw.off("timeout", drop);
      server.emit("secureConnection", socket);
    });
  });
  return server;
}

function makeListener(serverTls: ServerTls | null, path: string | null): ServerListener {
  const server = executionFrames.exit(() => {
    if (serverTls === null) return net.createServer({ allowHalfOpen: true });
    if (serverTls.context !== null) {
      return secureContextServer(serverTls.context, serverTls.handshakeTimeout);
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
    server,
    path,
    event: serverTls === null ? "connection" : "secureConnection",
    shutdownTimeout: serverTls?.shutdownTimeout ?? null,
    sslcontext: serverTls?.given ?? null,
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
  const server = new Server(loop, listeners, protocolFactory);
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
    target: { ...(h === null ? {} : { host: h }), port: checkedPort, backlog: options.backlog },
    path: null,
  }));
  return new Coroutine(() => startListeners(protocolFactory, targets, options));
}

/** Listens on a Unix socket with options already checked. @internal */
export function listenUnix(
  protocolFactory: () => BaseProtocol,
  path: string,
  options: CheckedServerOptions,
  method: string,
): Coroutine<Server> {
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
  options: ServerOptions = {},
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
  path: string,
  options: ServerOptions = {},
): Coroutine<Server> {
  checkFactory(protocolFactory, "createUnixServer");
  const checked = checkServerOptions(options, "createUnixServer");
  return listenUnix(protocolFactory, path, checked, "createUnixServer");
}
