/**
 * The low-level socket coroutines, as Python's `loop.sock_recv()`, `sock_sendall()`,
 * `sock_connect()`, `sock_accept()`, `sock_sendto()`, `sock_recvfrom()` and their `_into`
 * twins, over this package's `Socket`. A cancelled receive consumes nothing.
 */
import { type FileHandle, open } from "node:fs/promises";
import { getRunningLoop, ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";
import { Coroutine } from "@asyncio/tasks";
import { fromNodeError } from "./errors.js";
import { checkBytes } from "./internal/checks.js";
import { BLOCK_SIZE, readBlock } from "./sendfile.js";
import { Socket, type SocketAddressLike } from "./socket.js";

function checkSocket(sock: unknown, method: string): Socket {
  if (!(sock instanceof Socket)) {
    throw new TypeError(`${method}() sock must be a Socket, got ${describe(sock)}`);
  }
  sock._checkUsable();
  return sock;
}

function checkSize(n: unknown, name: string, method: string): number {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new TypeError(`${method}() ${name} must be an integer, got ${describe(n)}`);
  }
  if (n < 0) throw new ValueError(`negative buffersize in ${method.replace("sock", "recv")}`);
  return n;
}

/** Waits until `take` finds something, or the socket closes. */
async function until<T>(sock: Socket, take: () => T | null): Promise<T> {
  for (;;) {
    const got = take();
    if (got !== null) return got;
    await sock._wait();
  }
}

/**
 * Receives up to `nbytes` from a connected stream socket; an empty array at the end.
 *
 * @example
 * ```ts
 * const data = await sockRecv(sock, 1024);
 * ```
 */
export function sockRecv(sock: Socket, nbytes: number): Coroutine<Uint8Array> {
  const s = checkSocket(sock, "sockRecv");
  const n = checkSize(nbytes, "nbytes", "sockRecv");
  return new Coroutine(async () => {
    if (n === 0) return new Uint8Array(0);
    return new Uint8Array(await until(s, () => s._takeBytes(n)));
  });
}

/** Receives into `buf` (up to its length); resolves to the number of bytes received. */
export function sockRecvInto(sock: Socket, buf: Uint8Array): Coroutine<number> {
  const s = checkSocket(sock, "sockRecvInto");
  checkBytes(buf, "sockRecvInto() buf");
  return new Coroutine(async () => {
    if (buf.length === 0) return 0;
    const chunk = await until(s, () => s._takeBytes(buf.length));
    buf.set(chunk);
    return chunk.length;
  });
}

/** Sends all of `data` on a connected stream socket. */
export function sockSendall(sock: Socket, data: Uint8Array): Coroutine<void> {
  const s = checkSocket(sock, "sockSendall");
  checkBytes(data, "sockSendall() data");
  return new Coroutine(async () => {
    if (data.length > 0) await s._sendall(data);
  });
}

/** Connects the socket to `address` (`[host, port]`, or a path for `AF_UNIX`). */
export function sockConnect(sock: Socket, address: SocketAddressLike): Coroutine<void> {
  const s = checkSocket(sock, "sockConnect");
  return new Coroutine(() => s._connect(address));
}

/** Waits for a connection on a listening socket: `[conn, address]`. */
export function sockAccept(sock: Socket): Coroutine<[Socket, SocketAddressLike]> {
  const s = checkSocket(sock, "sockAccept");
  s._checkListening();
  return new Coroutine(() => until(s, () => s._takeConnection()));
}

/** Sends one datagram to `address`; resolves to the number of bytes sent. */
export function sockSendto(
  sock: Socket,
  data: Uint8Array,
  address: SocketAddressLike,
): Coroutine<number> {
  const s = checkSocket(sock, "sockSendto");
  checkBytes(data, "sockSendto() data");
  return new Coroutine(() => s._sendto(data, address));
}

/** Receives one datagram (cut to `bufsize`, as the kernel cuts it): `[data, address]`. */
export function sockRecvfrom(
  sock: Socket,
  bufsize: number,
): Coroutine<[Uint8Array, [string, number]]> {
  const s = checkSocket(sock, "sockRecvfrom");
  const n = checkSize(bufsize, "bufsize", "sockRecvfrom");
  return new Coroutine(async () => {
    const { data, from } = await until(s, () => s._takeDatagram());
    return [new Uint8Array(data.subarray(0, n)), from] as [Uint8Array, [string, number]];
  });
}

/** Receives one datagram into `buf` (at most `nbytes`, all of `buf` when 0): `[count, address]`. */
export function sockRecvfromInto(
  sock: Socket,
  buf: Uint8Array,
  nbytes = 0,
): Coroutine<[number, [string, number]]> {
  const s = checkSocket(sock, "sockRecvfromInto");
  checkBytes(buf, "sockRecvfromInto() buf");
  const n = checkSize(nbytes, "nbytes", "sockRecvfromInto");
  if (n > buf.length) throw new ValueError("nbytes is greater than the length of the buffer");
  const limit = n === 0 ? buf.length : n;
  return new Coroutine(async () => {
    const { data, from } = await until(s, () => s._takeDatagram());
    const count = Math.min(limit, data.length);
    buf.set(data.subarray(0, count));
    return [count, from] as [number, [string, number]];
  });
}

/**
 * Sends a file (a path) over a connected stream socket, as Python's `sock_sendfile()`: read in
 * 256 KiB blocks, each sent with `sockSendall` before the next is read; resolves to the bytes
 * sent. Node has no zero-copy send.
 */
export function sockSendfile(
  sock: Socket,
  file: string,
  offset = 0,
  count: number | null = null,
): Coroutine<number> {
  const s = checkSocket(sock, "sockSendfile");
  if (typeof file !== "string") {
    throw new TypeError(`sockSendfile() file must be a path, got ${describe(file)}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValueError(`offset must be a non-negative integer (got ${offset})`);
  }
  if (count !== null && (!Number.isInteger(count) || count <= 0)) {
    throw new ValueError(`count must be a positive integer (got ${count})`);
  }
  return new Coroutine(async () => {
    const loop = getRunningLoop();
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (error) {
      throw fromNodeError(error);
    }
    let sent = 0;
    try {
      for (;;) {
        const wanted = count === null ? BLOCK_SIZE : Math.min(BLOCK_SIZE, count - sent);
        if (wanted <= 0) return sent;
        const block = await readBlock(loop, handle, wanted, offset + sent);
        if (block.length === 0) return sent;
        await s._sendall(block);
        sent += block.length;
      }
    } finally {
      await handle.close();
    }
  });
}
