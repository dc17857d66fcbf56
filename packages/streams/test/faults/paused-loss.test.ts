/**
 * Paused reading with peer loss: the server's reader is full (its transport paused) when the
 * client ends with an EOF or a reset, while the handler waits to read or is blocked writing.
 * What must not be lost: every byte and the EOF of a clean end (read later, in order), the
 * reset of a broken one (to the reader, or to a writer blocked in drain()), and no handler hangs.
 */
import type { Future } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  ConnectionResetError,
  openConnection,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../src/index.js";
import { future, ioTest, portOf } from "../helpers.js";
import { checksum, FAULTS, type Fault, inBatches, inject, payload, Tally } from "./fault-kit.js";

const SENT = 256 * 1024;
const LIMIT = 1024;
const ROUNDS = 25;

const tally = new Tally("paused reading with peer loss");

type Mode = "reading" | "writing";

/**
 * Per connection, keyed by the id its client sends first (ports are reused, ids are not): the
 * handler has started; it is blocked in drain(); the client has faulted.
 */
class Signals {
  private readonly started = new Map<number, Future<void>>();
  private readonly blocked = new Map<number, Future<void>>();
  private readonly faulted = new Map<number, Future<void>>();
  private static get<T>(map: Map<number, Future<T>>, id: number): Future<T> {
    let signal = map.get(id);
    if (signal === undefined) {
      signal = future<T>();
      map.set(id, signal);
    }
    return signal;
  }
  startedOf(id: number): Future<void> {
    return Signals.get(this.started, id);
  }
  blockedOf(id: number): Future<void> {
    return Signals.get(this.blocked, id);
  }
  faultedOf(id: number): Future<void> {
    return Signals.get(this.faulted, id);
  }
}

/** What the server's handler read, and how it ended. */
interface Outcome {
  received: Uint8Array;
  eof: boolean;
  error: unknown;
}

async function handle(
  mode: Mode,
  signals: Signals,
  outcomes: Map<number, Future<Outcome>>,
  reader: StreamReader,
  writer: StreamWriter,
): Promise<void> {
  const head = await reader.readexactly(4);
  const id = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
  signals.startedOf(id).setResult();
  const outcome: Outcome = { received: new Uint8Array(0), eof: false, error: null };
  const parts: Uint8Array[] = [];
  try {
    if (mode === "writing") {
      // Blocked in drain() (the client reads nothing) while the client's bytes fill the reader.
      const chunk = new Uint8Array(256 * 1024);
      const blocked = signals.blockedOf(id);
      for (;;) {
        writer.write(chunk);
        if (!blocked.done() && writer.transport.getWriteBufferSize() > 64 * 1024) {
          blocked.setResult();
        }
        await writer.drain();
      }
    }
    await signals.faultedOf(id);
    for (;;) {
      const part = await reader.read(16 * 1024);
      if (part.length === 0) break;
      parts.push(part);
    }
    outcome.eof = reader.atEof();
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    outcome.error = error;
  }
  outcome.received = Buffer.concat(parts);
  writer.close();
  (outcomes.get(id) as Future<Outcome>).setResult(outcome);
}

async function client(
  mode: Mode,
  fault: Fault,
  port: number,
  signals: Signals,
  outcomes: Map<number, Future<Outcome>>,
  seed: number,
): Promise<void> {
  const [, writer] = await openConnection("127.0.0.1", port);
  const mine = seed;
  outcomes.set(mine, future<Outcome>());
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, mine);
  writer.write(id);
  await signals.startedOf(mine);
  const sent = payload(seed, SENT);
  writer.write(sent);
  if (mode === "writing") await signals.blockedOf(mine);
  // A clean end of a writing test still breaks the server's writes: the client leaves unread data.
  if (fault === "eof" && mode === "writing") writer.close();
  else inject(fault, writer);
  tally.connections++;
  tally.faults++;
  signals.faultedOf(mine).setResult();
  const outcome = await (outcomes.get(mine) as Future<Outcome>);
  tally.notifications++;
  if (mode === "reading" && fault === "eof") {
    // Nothing lost: every byte, in order, then the EOF.
    expect(outcome.error).toBeNull();
    expect(outcome.eof).toBe(true);
    expect(outcome.received.length).toBe(SENT);
    expect(checksum(outcome.received)).toBe(checksum(sent));
    tally.bytesChecked += SENT;
  } else {
    expect(outcome.error).toBeInstanceOf(
      mode === "reading" ? ConnectionResetError : ConnectionError,
    );
    // What did arrive before the reset is the start of what was sent, unchanged.
    const prefix = outcome.received;
    expect(checksum(prefix)).toBe(checksum(sent.subarray(0, prefix.length)));
  }
  writer.close();
  await writer.waitClosed().then(
    () => undefined,
    (error: unknown) => expect(error).toBeInstanceOf(ConnectionError),
  );
}

describe("paused reading with peer loss", () => {
  for (const mode of ["reading", "writing"] as const) {
    for (const fault of FAULTS) {
      it(`${fault} while the server's reader is full and its handler is ${mode === "reading" ? "not reading yet" : "blocked in drain()"}: ${ROUNDS} connections (test_streams.py::StreamTests::test_drain_raises)`, async () => {
        await ioTest(async () => {
          const signals = new Signals();
          const outcomes = new Map<number, Future<Outcome>>();
          const server = await startServer(
            (reader, writer) => handle(mode, signals, outcomes, reader, writer),
            "127.0.0.1",
            0,
            { limit: LIMIT },
          );
          await inBatches(ROUNDS, 5, (i) =>
            client(mode, fault, portOf(server), signals, outcomes, i),
          );
          server.close();
          await server.waitClosed();
          expect(server.connections).toHaveLength(0);
        });
      });
    }
  }
});
