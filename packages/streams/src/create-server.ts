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
} from "@asyncio/futures";
import { Coroutine } from "@asyncio/tasks";
import { fromNodeError } from "./errors.js";
import { checkFactory, checkPath, checkPort } from "./internal/checks.js";
import { post } from "./internal/post.js";
import type { BaseProtocol } from "./protocol.js";
import { Server, type ServerListener } from "./server.js";

export interface ServerOptions {
  /** TLS: Node's `tls.createServer` options (`key`, `cert`, ...). */
  ssl?: tls.TlsOptions | null;
  /** Start accepting at once (default `true`); otherwise call `startServing()` or `serveForever()`. */
  startServing?: boolean;
  /** The listen backlog (default 100). */
  backlog?: number;
}

function makeListener(options: ServerOptions, path: string | null): ServerListener {
  const ssl = options.ssl ?? null;
  const server = executionFrames.exit(() =>
    ssl === null
      ? net.createServer({ allowHalfOpen: true })
      : tls.createServer({ ...ssl, allowHalfOpen: true } as tls.TlsOptions),
  );
  return { server, path, event: ssl === null ? "connection" : "secureConnection" };
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
  options: ServerOptions,
): Promise<Server> {
  const loop = getRunningLoop();
  const listeners: ServerListener[] = [];
  try {
    for (const { target, path } of targets) {
      const listener = makeListener(options, path);
      listeners.push(listener);
      await listen(loop, listener, target);
    }
  } catch (error) {
    for (const listener of listeners) listener.server.close();
    throw error;
  }
  const server = new Server(loop, listeners, protocolFactory);
  if (options.startServing ?? true) server._startServing();
  return server;
}

function checkBacklog(backlog: unknown, method: string): number {
  const value = backlog ?? 100;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new TypeError(
      `${method}() backlog must be a non-negative integer, got ${describe(backlog)}`,
    );
  }
  return value;
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
  const checkedPort = checkPort(port ?? 0, "createServer");
  const backlog = checkBacklog(options.backlog, "createServer");
  const hosts = host === null ? [null] : typeof host === "string" ? [host] : [...host];
  for (const h of hosts) {
    if (h !== null && (typeof h !== "string" || h === "")) {
      throw new TypeError(`createServer() host must be a non-empty string, got ${describe(h)}`);
    }
  }
  const targets = hosts.map((h) => ({
    target: { ...(h === null ? {} : { host: h }), port: checkedPort, backlog },
    path: null,
  }));
  return new Coroutine(() => startListeners(protocolFactory, targets, options));
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
  const checkedPath = checkPath(path, "createUnixServer");
  const backlog = checkBacklog(options.backlog, "createUnixServer");
  return new Coroutine(() => {
    removeStaleSocket(checkedPath);
    return startListeners(
      protocolFactory,
      [{ target: { path: checkedPath, backlog }, path: checkedPath }],
      options,
    );
  });
}
