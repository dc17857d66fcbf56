/**
 * UDP endpoints, as Python's `loop.create_datagram_endpoint()`: a `DatagramTransport` sends
 * whole datagrams (`sendto`) and the protocol receives them with their sender
 * (`datagramReceived`), on Node's `dgram`.
 */
import * as dgram from "node:dgram";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Future, getRunningLoop, isExitError, ValueError } from "@asyncio/futures";
import {
  describe,
  type EventLoopContract,
  executionFrames,
  type LoopResource,
} from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { fromNodeError } from "./errors.js";
import { checkBytes, checkFactory, checkHost, checkPort } from "./internal/checks.js";
import { checkFlag, checkOptionNames } from "./internal/options.js";
import { post } from "./internal/post.js";
import { callReported, followResult, makeProtocol } from "./internal/user-callback.js";
import type { DatagramProtocol } from "./protocol.js";
import { SO_BROADCAST, SO_REUSEADDR, SO_REUSEPORT, SOL_SOCKET } from "./socket-constants.js";
import type { BaseTransport, ExtraInfoName } from "./transport.js";
import { rememberOption, TransportSocket } from "./transport-socket.js";

/** Closes a UDP socket that may already be closed (Node throws then). */
function closeQuietly(socket: dgram.Socket): void {
  try {
    socket.close();
  } catch {
    // ERR_SOCKET_DGRAM_NOT_RUNNING: it is closed already, which is all that was wanted.
  }
}

/** A UDP address: `[host, port]`. */
export type DatagramAddress = [host: string, port: number];

/** After this many sends on a closed endpoint, warn (as Python does). */
const LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

/**
 * Python's `asyncio.DatagramTransport`: a UDP endpoint made by `createDatagramEndpoint`. It sends
 * whole datagrams with `sendto` and hands those that arrive to its protocol's `datagramReceived`.
 *
 * @example
 * ```ts
 * const [transport] = await createDatagramEndpoint(() => proto, { remoteAddr: ["127.0.0.1", 9999] });
 * transport.sendto(new TextEncoder().encode("ping"));
 * ```
 */
export class DatagramTransport implements BaseTransport, LoopResource {
  private readonly loop: EventLoopContract;
  private readonly socket: dgram.Socket;
  private protocol: DatagramProtocol;
  private readonly remote: DatagramAddress | null;
  private readonly extra: Record<string, unknown>;
  private closing = false;
  private lost = false;
  private inFlight = 0;
  /** Datagrams handed to Node and not sent yet. */
  private sending = 0;
  private lostWrites = 0;

  /** @internal */
  constructor(
    loop: EventLoopContract,
    socket: dgram.Socket,
    protocol: DatagramProtocol,
    remote: DatagramAddress | null,
  ) {
    this.loop = loop;
    this.socket = socket;
    this.protocol = protocol;
    this.remote = remote;
    const local = socket.address();
    this.extra = {
      socket: new TransportSocket(socket),
      sockname: [local.address, local.port] as DatagramAddress,
    };
    if (remote !== null) this.extra.peername = remote;
    // Open, it belongs to the loop: closing the loop closes it.
    loop._addResource(this);
    loop.callSoon(() =>
      callReported(
        loop,
        "Exception in callback protocol.connectionMade()",
        { transport: this, protocol: this.protocol },
        () => this.protocol.connectionMade?.(this as never),
      ),
    );
    socket.on("message", (message: Buffer, info: dgram.RemoteInfo) =>
      post(loop, () => this.deliver(message, [info.address, info.port])),
    );
    socket.on("error", (error: Error) => post(loop, () => this.reportError(error)));
    socket.on("close", () => post(loop, () => this.deliverLost()));
  }

  private deliver(data: Uint8Array, addr: DatagramAddress): void {
    if (this.closing) return;
    let result: unknown;
    try {
      result = this.protocol.datagramReceived?.(data, addr);
    } catch (error) {
      this.fatalError(error);
      return;
    }
    followResult(this.loop, result, (error) => this.fatalError(error));
  }

  private fatalError(error: unknown): void {
    if (isExitError(error)) throw error;
    this.loop.callExceptionHandler({
      message: "Fatal error: protocol.datagramReceived() call failed.",
      exception: error,
      transport: this,
      protocol: this.protocol,
    });
    this.abort();
  }

  private reportError(error: unknown): void {
    if (this.lost) return;
    callReported(
      this.loop,
      "Exception in callback protocol.errorReceived()",
      { transport: this, protocol: this.protocol },
      () => this.protocol.errorReceived?.(fromNodeError(error)),
    );
  }

  private deliverLost(): void {
    if (this.lost) return;
    this.lost = true;
    this.closing = true;
    this.loop._removeResource(this);
    callReported(
      this.loop,
      "Exception in callback protocol.connectionLost()",
      { transport: this, protocol: this.protocol },
      () => this.protocol.connectionLost?.(null),
    );
  }

  /**
   * Sends `data` as one datagram to `addr` (or to the remote address the endpoint was made
   * with; giving another address then is a `ValueError`).
   */
  sendto(data: Uint8Array, addr: DatagramAddress | null = null): void {
    checkBytes(data, "sendto() data");
    checkAddress(addr, "addr", "sendto");
    if (this.remote !== null) {
      if (addr !== null && (addr[0] !== this.remote[0] || addr[1] !== this.remote[1])) {
        throw new ValueError(`Invalid address: must be null or ${JSON.stringify(this.remote)}`);
      }
    } else if (addr === null) {
      throw new ValueError("sendto() needs an address: the endpoint has no remote address");
    }
    // As Python: an empty datagram is not sent.
    if (data.length === 0) return;
    // Python closes the socket one loop iteration after close(): a datagram sent meanwhile
    // still goes out. After that (or on a connected endpoint once closing) it is dropped, and
    // counted, with a warning from the fifth on.
    if (this.lost || (this.closing && this.remote !== null)) {
      if (++this.lostWrites >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
        console.warn("asyncio: socket.send() raised exception.");
      }
      return;
    }
    const copy = Buffer.from(data);
    this.inFlight += copy.length;
    this.sending++;
    const sent = (error: Error | null): void => {
      this.inFlight -= copy.length;
      this.sending--;
      if (error) post(this.loop, () => this.reportError(error));
      if (this.sending === 0 && this.closing && !this.lost) closeQuietly(this.socket);
    };
    if (this.remote !== null) this.socket.send(copy, sent);
    else {
      const [host, port] = addr as DatagramAddress;
      this.socket.send(copy, port, host, sent);
    }
  }

  /** Bytes handed to `sendto` and not sent yet. */
  getWriteBufferSize(): number {
    return this.inFlight;
  }

  isClosing(): boolean {
    return this.closing;
  }

  /** Closes the endpoint; `connectionLost(null)` follows. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    // As Python: datagrams stop arriving at once; the socket closes on the next iteration, or
    // once the datagrams handed to Node are sent.
    this.loop.callSoon(() => {
      if (this.sending === 0) closeQuietly(this.socket);
    });
  }

  abort(): void {
    this.close();
  }

  /** The loop is closing with this endpoint open: close the socket at once. @internal */
  _closeWithLoop(): void {
    this.closing = true;
    this.lost = true;
    closeQuietly(this.socket);
  }

  getExtraInfo(name: ExtraInfoName, defaultValue: unknown = null): unknown {
    return Object.hasOwn(this.extra, name) ? this.extra[name] : defaultValue;
  }

  getProtocol(): DatagramProtocol {
    return this.protocol;
  }

  setProtocol(protocol: DatagramProtocol): void {
    this.protocol = protocol;
  }

  toString(): string {
    return `<DatagramTransport ${this.lost ? "closed" : this.closing ? "closing" : "open"}>`;
  }
}

/**
 * The options of `createDatagramEndpoint`: Python's keyword arguments of
 * `loop.create_datagram_endpoint()`, in camelCase.
 */
export interface DatagramEndpointOptions {
  /** `SO_REUSEPORT`: several endpoints may bind the same port (the kernel spreads datagrams). */
  reusePort?: boolean;
  /** Bind to this `[host, port]` (port 0 picks one). */
  localAddr?: DatagramAddress | null;
  /** Connect to this `[host, port]`: `sendto(data)` goes there and only its datagrams arrive. */
  remoteAddr?: DatagramAddress | null;
  /** `SO_REUSEADDR`. */
  reuseAddress?: boolean;
  /** `SO_BROADCAST`. */
  allowBroadcast?: boolean;
}

function checkAddress(addr: unknown, name: string, method: string): DatagramAddress | null {
  if (addr === null || addr === undefined) return null;
  if (!Array.isArray(addr) || addr.length !== 2) {
    throw new TypeError(`${method}() ${name} must be [host, port], got ${describe(addr)}`);
  }
  return [checkHost(addr[0], method), checkPort(addr[1], method)];
}

const ENDPOINT_OPTIONS = ["localAddr", "remoteAddr", "reuseAddress", "reusePort", "allowBroadcast"];

async function familyOf(host: string): Promise<"udp4" | "udp6"> {
  const kind = isIP(host);
  if (kind === 6) return "udp6";
  if (kind === 4) return "udp4";
  try {
    return (await lookup(host)).family === 6 ? "udp6" : "udp4";
  } catch (error) {
    throw fromNodeError(error);
  }
}

/** Starts a socket operation and waits (on the loop) for its success event or its error. */
async function phase(
  loop: EventLoopContract,
  socket: dgram.Socket,
  event: "listening" | "connect",
  start: () => void,
): Promise<void> {
  const outcome = new Future<void>({ loop });
  const onSuccess = (): void =>
    post(loop, () => {
      if (!outcome.done()) outcome.setResult(undefined);
    });
  const onError = (error: Error): void =>
    post(loop, () => {
      if (!outcome.done()) outcome.setException(fromNodeError(error));
    });
  socket.once(event, onSuccess);
  socket.once("error", onError);
  try {
    executionFrames.exit(start);
    await outcome;
  } finally {
    socket.off(event, onSuccess);
    socket.off("error", onError);
  }
}

async function openEndpoint<P extends DatagramProtocol>(
  protocolFactory: () => P,
  local: DatagramAddress | null,
  remote: DatagramAddress | null,
  options: { reuseAddress: boolean; reusePort: boolean; allowBroadcast: boolean },
): Promise<[DatagramTransport, P]> {
  const loop = getRunningLoop();
  const type = await familyOf((local ?? remote)?.[0] as string);
  const socket = executionFrames.exit(() =>
    dgram.createSocket({
      type,
      reuseAddr: options.reuseAddress,
      ...(options.reusePort ? { reusePort: true } : {}),
    } as dgram.SocketOptions),
  );
  rememberOption(socket, SOL_SOCKET, SO_REUSEADDR, options.reuseAddress ? 1 : 0);
  rememberOption(socket, SOL_SOCKET, SO_REUSEPORT, options.reusePort ? 1 : 0);
  rememberOption(socket, SOL_SOCKET, SO_BROADCAST, options.allowBroadcast ? 1 : 0);
  // Until the transport takes it, the socket belongs to the loop: closing the loop closes it.
  const opening: LoopResource = { _closeWithLoop: () => closeQuietly(socket) };
  loop._addResource(opening);
  try {
    await phase(loop, socket, "listening", () =>
      local === null ? socket.bind() : socket.bind(local[1], local[0]),
    );
    if (options.allowBroadcast) socket.setBroadcast(true);
    if (remote !== null) {
      await phase(loop, socket, "connect", () => socket.connect(remote[1], remote[0]));
    }
  } catch (error) {
    closeQuietly(socket);
    throw error;
  } finally {
    loop._removeResource(opening);
  }
  let protocol: P;
  try {
    protocol = makeProtocol(loop, protocolFactory, "createDatagramEndpoint");
  } catch (error) {
    socket.close();
    throw error;
  }
  const made = new Future<void>({ loop });
  const transport = new DatagramTransport(loop, socket, protocol, remote);
  loop.callSoon(() => made.done() || made.setResult());
  try {
    await made;
  } catch (error) {
    transport.close();
    throw error;
  }
  return [transport, protocol];
}

/**
 * Opens a UDP endpoint bound to `localAddr` and/or connected to `remoteAddr`, and resolves to
 * `[transport, protocol]` once `connectionMade` has run.
 *
 * @example
 * ```ts
 * const [server] = await createDatagramEndpoint(() => new Echo(), { localAddr: ["127.0.0.1", 0] });
 * const [, port] = server.getExtraInfo("sockname") as [string, number];
 * ```
 */
export function createDatagramEndpoint<P extends DatagramProtocol>(
  protocolFactory: () => P,
  options: DatagramEndpointOptions = {},
): Coroutine<[DatagramTransport, P]> {
  const method = "createDatagramEndpoint";
  checkFactory(protocolFactory, method);
  const record = checkOptionNames(options, ENDPOINT_OPTIONS, method);
  const local = checkAddress(record.localAddr, "localAddr", method);
  const remote = checkAddress(record.remoteAddr, "remoteAddr", method);
  const flags = {
    reuseAddress: checkFlag(record.reuseAddress, "reuseAddress", method, false),
    reusePort: checkFlag(record.reusePort, "reusePort", method, false),
    allowBroadcast: checkFlag(record.allowBroadcast, "allowBroadcast", method, false),
  };
  if (local === null && remote === null) throw new ValueError("unexpected address family");
  return new Coroutine(() => openEndpoint(protocolFactory, local, remote, flags));
}
