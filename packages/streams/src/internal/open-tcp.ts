/**
 * Opening a TCP connection as Python's `create_connection()` does: resolve the host, order its
 * addresses (`interleave`), then try them one after another, or — with `happyEyeballsDelay` —
 * start the next attempt when the previous one fails or the delay passes, keeping the first that
 * connects (RFC 8305). When all fail the errors are combined as Python combines them.
 */
import * as net from "node:net";
import { ExceptionGroup, Future, isCancelledError } from "@asyncio/futures";
import {
  type EventLoopContract,
  executionFrames,
  type LoopResource,
  type TimerHandleContract,
} from "@asyncio/futures/contract";
import { type AddrInfo, resolveAddrInfo } from "../address-info.js";
import { fromNodeError, OSError } from "../errors.js";
import { AF_INET6, SOCK_STREAM } from "../socket-constants.js";
import { type HeardSocket, hear, rememberAddresses } from "./connect-socket.js";

/** How to open a TCP connection (Python's keyword arguments of `create_connection`). */
export interface TcpConnectOptions {
  family: number;
  proto: number;
  flags: number;
  localAddr: [host: string, port: number] | null;
  happyEyeballsDelay: number | null;
  interleave: number | null;
  allErrors: boolean;
}

/**
 * Python's `_interleave_addrinfos`: `firstFamilyCount` addresses of the first family, then one
 * of each family in turn.
 */
export function interleaveAddrInfos(
  infos: readonly AddrInfo[],
  firstFamilyCount: number,
): AddrInfo[] {
  const byFamily = new Map<number, AddrInfo[]>();
  for (const info of infos) {
    const list = byFamily.get(info[0]);
    if (list === undefined) byFamily.set(info[0], [info]);
    else list.push(info);
  }
  const lists = [...byFamily.values()];
  const reordered: AddrInfo[] = [];
  if (firstFamilyCount > 1 && lists[0] !== undefined) {
    reordered.push(...lists[0].splice(0, firstFamilyCount - 1));
  }
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const info = list[i];
      if (info !== undefined) reordered.push(info);
    }
  }
  return reordered;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Python's way of reporting that every address failed. */
function connectionFailure(errors: unknown[], allErrors: boolean): unknown {
  if (allErrors) return new ExceptionGroup("create_connection failed", errors);
  if (errors.length === 1) return errors[0];
  const model = messageOf(errors[0]);
  if (errors.every((error) => messageOf(error) === model)) return errors[0];
  return new OSError(`Multiple exceptions: ${errors.map(messageOf).join(", ")}`);
}

interface Attempt {
  heard: HeardSocket;
  done: Future<void>;
}

/** Connects to `[host, port]`, Python's `create_connection(host, port, ...)` for one host. */
export async function openTcp(
  loop: EventLoopContract,
  host: string,
  port: number,
  options: TcpConnectOptions,
): Promise<HeardSocket> {
  const query = {
    family: options.family,
    type: SOCK_STREAM,
    proto: options.proto,
    flags: options.flags,
  };
  let infos = await resolveAddrInfo({ host, port, ...query });
  const local =
    options.localAddr === null
      ? null
      : await resolveAddrInfo({ host: options.localAddr[0], port: options.localAddr[1], ...query });
  const interleave = options.interleave ?? (options.happyEyeballsDelay !== null ? 1 : 0);
  if (interleave > 0) infos = interleaveAddrInfos(infos, interleave);

  const attempts = new Set<net.Socket>();
  const start = (info: AddrInfo): Attempt => {
    const [family, , , , sockaddr] = info;
    let bind: AddrInfo | undefined;
    if (local !== null) {
      bind = local.find((candidate) => candidate[0] === family);
      if (bind === undefined) {
        throw new OSError(`no matching local address with family=${family} found`);
      }
    }
    const socket = executionFrames.exit(() =>
      net.connect({
        host: sockaddr[0],
        port: sockaddr[1],
        family: family === AF_INET6 ? 6 : 4,
        ...(bind !== undefined ? { localAddress: bind[4][0], localPort: bind[4][1] } : {}),
        allowHalfOpen: true,
        autoSelectFamily: false,
      }),
    );
    attempts.add(socket);
    const done = new Future<void>({ loop });
    socket.once("connect", () => {
      rememberAddresses(socket);
      if (!loop.isClosed()) loop.callSoon(() => done.done() || done.setResult());
    });
    socket.once("error", (error: Error) => {
      if (!loop.isClosed())
        loop.callSoon(() => done.done() || done.setException(fromNodeError(error)));
    });
    // Heard from now on: an EOF or a reset between connecting and the transport is kept.
    return { heard: hear(socket), done };
  };

  // Until one attempt wins, the sockets belong to the loop: closing it destroys them.
  const connecting: LoopResource = {
    _closeWithLoop: () => {
      for (const socket of attempts) socket.destroy();
    },
  };
  loop._addResource(connecting);
  const errors: unknown[] = [];
  let winner: HeardSocket | null = null;
  try {
    winner =
      options.happyEyeballsDelay === null
        ? await oneAfterAnother(infos, start, errors)
        : await staggered(loop, infos, options.happyEyeballsDelay, start, errors);
  } finally {
    loop._removeResource(connecting);
    for (const socket of attempts) if (socket !== winner?.socket) socket.destroy();
  }
  if (winner === null)
    throw connectionFailure(
      errors.filter((e) => e !== undefined),
      options.allErrors,
    );
  return winner;
}

async function oneAfterAnother(
  infos: readonly AddrInfo[],
  start: (info: AddrInfo) => Attempt,
  errors: unknown[],
): Promise<HeardSocket | null> {
  for (const info of infos) {
    try {
      const attempt = start(info);
      await attempt.done;
      return attempt.heard;
    } catch (error) {
      // A cancellation is not an address that failed: it ends the whole connect.
      if (isCancelledError(error)) throw error;
      errors.push(error);
    }
  }
  return null;
}

/**
 * Python's `staggered_race` over the addresses: the next attempt starts when the one before it
 * fails or `delay` seconds after it started, whichever comes first; the first to connect wins.
 */
async function staggered(
  loop: EventLoopContract,
  infos: readonly AddrInfo[],
  delay: number,
  start: (info: AddrInfo) => Attempt,
  errors: unknown[],
): Promise<HeardSocket | null> {
  const outcome = new Future<HeardSocket | null>({ loop });
  let next = 0;
  let running = 0;
  let timer: TimerHandleContract | null = null;
  const launch = (): void => {
    timer?.cancel();
    timer = null;
    if (outcome.done()) return;
    if (next >= infos.length) {
      if (running === 0) outcome.setResult(null);
      return;
    }
    const index = next++;
    let attempt: Attempt;
    try {
      attempt = start(infos[index] as AddrInfo);
    } catch (error) {
      errors[index] = error;
      launch();
      return;
    }
    running++;
    attempt.done.addDoneCallback(() => {
      running--;
      if (outcome.done() || attempt.done.cancelled()) return;
      const error = attempt.done.exception();
      if (error === null) outcome.setResult(attempt.heard);
      else {
        errors[index] = error;
        launch();
      }
    });
    timer = loop.callLater(delay, launch);
  };
  launch();
  try {
    return await outcome;
  } finally {
    (timer as TimerHandleContract | null)?.cancel();
  }
}
