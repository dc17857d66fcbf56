/**
 * Pipes as transports, as Python's `loop.connect_read_pipe()` and `loop.connect_write_pipe()`:
 * a Node `Readable` (a child's stdout, a FIFO) becomes a read transport feeding a protocol, a
 * `Writable` (a child's stdin) a write transport with the same flow control as a socket.
 */
import type { Readable, Writable } from "node:stream";
import { Future, getRunningLoop } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { checkFactory } from "./internal/checks.js";
import { StreamTransport } from "./internal/stream-transport.js";
import { makeProtocol } from "./internal/user-callback.js";
import type { BaseProtocol } from "./protocol.js";
import type { ReadTransport, WriteTransport } from "./transport.js";

function connect<P extends BaseProtocol>(
  method: string,
  protocolFactory: () => P,
  pipe: Readable | Writable,
  side: "read" | "write",
): Coroutine<[StreamTransport, P]> {
  checkFactory(protocolFactory, method);
  const ok =
    typeof pipe === "object" &&
    pipe !== null &&
    typeof (pipe as { on?: unknown }).on === "function" &&
    (side === "read"
      ? typeof (pipe as Readable).pause === "function"
      : typeof (pipe as Writable).write === "function");
  if (!ok) {
    const kind = side === "read" ? "Readable" : "Writable";
    throw new TypeError(`${method}() pipe must be a Node ${kind} stream, got ${describe(pipe)}`);
  }
  // The transport takes the pipe over at once: a stream nobody listens to may lose its data
  // (Node resumes a child's unread stdio when the child exits).
  const loop = getRunningLoop();
  const protocol = makeProtocol(loop, protocolFactory, method);
  const made = new Future<void>({ loop });
  const transport = new StreamTransport(loop, {
    readable: side === "read" ? (pipe as Readable) : null,
    writable: side === "write" ? (pipe as Writable) : null,
    protocol,
    extra: { pipe },
    canWriteEof: side === "write",
    onMade: () => {
      if (!made.done()) made.setResult(undefined);
    },
  });
  return new Coroutine(async () => {
    try {
      await made;
    } catch (error) {
      transport.close();
      throw error;
    }
    return [transport, protocol] as [StreamTransport, P];
  });
}

/**
 * Reads `pipe` through a transport that feeds `protocolFactory()`'s protocol. The transport
 * takes the pipe over when this is called; awaiting resolves after `connectionMade`.
 *
 * @example
 * ```ts
 * const reader = new StreamReader();
 * await connectReadPipe(() => new StreamReaderProtocol(reader, null, loop), child.stdout!);
 * ```
 */
export function connectReadPipe<P extends BaseProtocol>(
  protocolFactory: () => P,
  pipe: Readable,
): Coroutine<[ReadTransport, P]> {
  return connect("connectReadPipe", protocolFactory, pipe, "read");
}

/**
 * Writes to `pipe` through a transport with water marks (`pauseWriting`/`resumeWriting`).
 *
 * @example
 * ```ts
 * const [transport, protocol] = await connectWritePipe(() => new FlowControlProtocol(loop), child.stdin!);
 * const writer = new StreamWriter(transport, protocol, null, loop);
 * ```
 */
export function connectWritePipe<P extends BaseProtocol>(
  protocolFactory: () => P,
  pipe: Writable,
): Coroutine<[WriteTransport, P]> {
  return connect("connectWritePipe", protocolFactory, pipe, "write");
}
