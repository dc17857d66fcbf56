/**
 * Many short connections, each ended by its client with an EOF or a reset at one stage of the
 * server's read (before the server accepts, before any byte, in the middle of the request, after
 * it) or of its write (in the middle of the reply, after it). Each connection checks what must
 * not be lost: the bytes (by checksum, both ways), the EOF, the loss notification on both sides,
 * and that the server ends with nothing open and nothing reported.
 */
import type * as net from "node:net";
import { type Future, getRunningLoop } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  ConnectionResetError,
  openConnection,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../src/index.js";
import { dec, enc, future, ioTest, portOf } from "../helpers.js";
import {
  checksum,
  FAULTS,
  type Fault,
  inBatches,
  inject,
  listenerOf,
  payload,
  Tally,
} from "./fault-kit.js";

const REQUEST = 32 * 1024;
const REPLY = 128 * 1024;
const ROUNDS = 40;
const HELD = 50;
const LOAD_REPLY = 1024;

const tally = new Tally("connection faults");

/** What the server saw of one connection. */
interface Outcome {
  received: number;
  digest: string | null;
  error: unknown;
}

/**
 * A server that reads a request to its EOF, answers with the request's checksum and a reply
 * seeded by its length, and closes. The reply itself tells the client what the server read;
 * the server's own outcomes are counted and checked once all its connections have ended (a
 * connection reset before Node accepted it has no peer address to tell them apart by).
 */
async function checksumServer(options: { startServing?: boolean } = {}, replySize = REPLY) {
  const all: Outcome[] = [];
  const counted: [number, Future<void>][] = [];
  /** Waits until `n` connections have ended on the server, and returns their outcomes. */
  const outcomesWhen = async (n: number): Promise<Outcome[]> => {
    if (all.length < n) {
      const reached = future();
      counted.push([n, reached]);
      await reached;
    }
    return all;
  };
  const server = await startServer(
    async (reader, writer) => {
      const outcome: Outcome = { received: 0, digest: null, error: null };
      try {
        const request = await reader.read();
        outcome.received = request.length;
        outcome.digest = checksum(request);
        writer.write(enc(`${outcome.digest}\n`));
        writer.write(payload(request.length, replySize));
        await writer.drain();
        writer.close();
        await writer.waitClosed();
      } catch (error) {
        // Anything but a connection failure escapes, and is reported: the test then fails.
        if (!(error instanceof ConnectionError)) throw error;
        outcome.error = error;
      }
      all.push(outcome);
      for (const [n, reached] of counted)
        if (all.length >= n && !reached.done()) reached.setResult();
    },
    "127.0.0.1",
    0,
    options,
  );
  return { server, outcomesWhen };
}

/** Reads the whole reply and checks it against the request the server should have seen. */
async function expectReply(
  reader: StreamReader,
  request: Uint8Array,
  replySize = REPLY,
): Promise<void> {
  const header = dec(await reader.readuntil("\n"));
  expect(header).toBe(`${checksum(request)}\n`);
  const reply = await reader.read();
  expect(reply.length).toBe(replySize);
  expect(checksum(reply)).toBe(checksum(payload(request.length, replySize)));
  expect(reader.atEof()).toBe(true);
  tally.bytesChecked += request.length + replySize;
}

/** The client's side of the connection goes, whichever way: its loss is delivered. */
async function expectClientLost(writer: StreamWriter): Promise<void> {
  writer.close();
  await writer.waitClosed().then(
    () => undefined,
    (error: unknown) => expect(error).toBeInstanceOf(ConnectionError),
  );
  tally.notifications++;
}

type Stage = "before-send" | "mid-send" | "after-send" | "mid-reply" | "after-reply";
const STAGES: readonly Stage[] = [
  "before-send",
  "mid-send",
  "after-send",
  "mid-reply",
  "after-reply",
];

/** Whether the server must have read the request and answered, whatever the client did next. */
const answered = (stage: Stage, fault: Fault): boolean =>
  fault === "eof" || stage === "after-reply";

async function faultyClient(server: Server, stage: Stage, fault: Fault, seed: number) {
  const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
  const request = payload(seed, REQUEST);
  tally.connections++;
  tally.faults++;
  let sent = request.subarray(0, 0);
  if (stage === "mid-send" || stage === "after-send") {
    sent = stage === "mid-send" ? request.subarray(0, REQUEST / 2) : request;
    writer.write(sent);
    await writer.drain();
  }
  if (stage === "mid-reply" || stage === "after-reply") {
    writer.write(request);
    writer.writeEof();
    if (stage === "mid-reply") {
      // The server is writing its reply: take part of it, then go (closing with unread data
      // resets the connection too).
      await reader.readexactly(1024);
      if (fault === "eof") writer.close();
      else inject("rst", writer);
    } else {
      await expectReply(reader, request);
      if (fault === "eof") writer.close();
      else inject("rst", writer);
    }
  } else {
    inject(fault, writer);
    // An EOF loses nothing: the reply says the server read exactly what was sent, and arrives whole.
    if (fault === "eof") await expectReply(reader, sent);
  }
  await expectClientLost(writer);
}

/** What the server's outcomes must be, once all have ended. */
function expectOutcomes(outcomes: Outcome[], stage: Stage, fault: Fault): void {
  for (const outcome of outcomes) {
    tally.notifications++;
    if (answered(stage, fault)) expect(outcome.error).toBeNull();
    else if (stage === "mid-reply") {
      // The server either finished writing into the socket buffers in time or heard of the loss.
      if (outcome.error !== null) expect(outcome.error).toBeInstanceOf(ConnectionError);
    } else {
      expect(outcome.error).toBeInstanceOf(ConnectionResetError);
    }
  }
}

describe("EOF and reset at every stage of a read and a write", () => {
  for (const stage of STAGES) {
    for (const fault of FAULTS) {
      it(`${fault} ${stage}: ${ROUNDS} connections (test_streams.py::StreamTests::test_read_eof / selector_events.py::_SelectorSocketTransport::_read_ready__get_buffer on ECONNRESET)`, async () => {
        await ioTest(async () => {
          const { server, outcomesWhen } = await checksumServer();
          await inBatches(ROUNDS, 10, (i) => faultyClient(server, stage, fault, i));
          // Every connection ended on the server, each as it must.
          const outcomes = await outcomesWhen(ROUNDS);
          expect(outcomes).toHaveLength(ROUNDS);
          expectOutcomes(outcomes, stage, fault);
          server.close();
          await server.waitClosed();
          expect(server.connections).toHaveLength(0);
        });
      });
    }
  }
});

describe("EOF and reset before the server accepts", () => {
  for (const fault of FAULTS) {
    it(`${fault} before startServing: ${HELD} held connections (base_events.py::Server::start_serving)`, async () => {
      await ioTest(async () => {
        const loop = getRunningLoop();
        const { server, outcomesWhen } = await checksumServer({ startServing: false });
        // The server's sockets have heard the fault once each emits this event.
        const heard = Array.from({ length: HELD }, () => future());
        let accepted = 0;
        listenerOf(server).on("connection", (socket: net.Socket) => {
          const mine = heard[accepted++] as Future<void>;
          socket.once(fault === "eof" ? "end" : "close", () =>
            loop.callSoon(() => mine.setResult()),
          );
        });
        const clients: [StreamReader, StreamWriter][] = [];
        for (let i = 0; i < HELD; i++) {
          const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
          clients.push([reader, writer]);
          inject(fault, writer);
          tally.connections++;
          tally.faults++;
        }
        for (const event of heard) await event;
        await server.startServing();
        for (const [reader, writer] of clients) {
          if (fault === "eof") await expectReply(reader, new Uint8Array(0));
          await expectClientLost(writer);
        }
        expectOutcomes(await outcomesWhen(HELD), "before-send", fault);
        server.close();
        await server.waitClosed();
      });
    });
  }
});

describe("writeEof under load", { timeout: 60_000 }, () => {
  it("20 clients × 100 rounds of request, EOF, reply: every EOF and every byte arrives (test_streams.py::StreamTests::test_read_eof, under load)", async () => {
    await ioTest(async () => {
      const { server, outcomesWhen } = await checksumServer({}, LOAD_REPLY);
      await inBatches(20, 20, async (client) => {
        for (let round = 0; round < 100; round++) {
          const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
          const request = payload(client * 1000 + round, 256 + round);
          writer.write(request);
          writer.writeEof();
          tally.connections++;
          tally.faults++;
          await expectReply(reader, request, LOAD_REPLY);
          await expectClientLost(writer);
        }
      });
      expectOutcomes(await outcomesWhen(2000), "after-send", "eof");
      server.close();
      await server.waitClosed();
    });
  });
});
