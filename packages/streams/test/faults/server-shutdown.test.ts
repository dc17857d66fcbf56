/**
 * Server close with `closeClients()` or `abortClients()` while its clients are in every state: held
 * before serving, idle, mid-request, with the server's reading paused, with its handler blocked in
 * drain(), half-closed, or with a handler that has returned. What must not be lost: the end of
 * every handler and client (no hang), every byte written before a close (flushed, by checksum),
 * a clean prefix before an abort, nothing reported, and every socket handle released.
 */
import type * as net from "node:net";
import { type Future, getRunningLoop } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  openConnection,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "../../src/index.js";
import { enc, future, ioTest, portOf } from "../helpers.js";
import { checksum, listenerOf, payload, rawSocket, Tally } from "./fault-kit.js";

const PER_STATE = 4;
const ROUNDS = 3;
const LIMIT = 1024;

const tally = new Tally("server close and abort");

type State =
  | "idle"
  | "mid-request"
  | "paused-reading"
  | "blocked-drain"
  | "half-closed"
  | "handler-returned";
const STATES: readonly State[] = [
  "idle",
  "mid-request",
  "paused-reading",
  "blocked-drain",
  "half-closed",
  "handler-returned",
];

/** What a client's handler wrote (in order) and how it ended. */
interface Served {
  written: Uint8Array[];
  ended: Future<unknown>;
}

/** The signal of the connection from `port`, made by whichever side asks first. */
function signalOf(ready: Map<number, Future<void>>, port: number): Future<void> {
  let signal = ready.get(port);
  if (signal === undefined) {
    signal = future();
    ready.set(port, signal);
  }
  return signal;
}

/** Handles a connection according to the state named by the client's first byte. */
function stateHandler(served: Map<number, Served>, ready: Map<number, Future<void>>) {
  return (reader: StreamReader, writer: StreamWriter): Promise<void> | undefined => {
    const port = (writer.getExtraInfo("peername") as [string, number])[1];
    const record: Served = { written: [], ended: future<unknown>() };
    served.set(port, record);
    const signal = signalOf(ready, port);
    return (async () => {
      try {
        const state = STATES[(await reader.readexactly(1))[0] as number] as State;
        if (state === "handler-returned") {
          signal.setResult();
          record.ended.setResult(null);
          return;
        }
        if (state === "idle" || state === "mid-request") {
          signal.setResult();
          await reader.readline();
        } else if (state === "paused-reading") {
          // The client sends more than the reader holds: reading pauses; nothing reads it.
          await reader.readexactly(1);
          signal.setResult();
          await writer.waitClosed();
        } else if (state === "blocked-drain") {
          let n = 0;
          while (!writer.isClosing()) {
            const chunk = payload(port * 100 + n++, 128 * 1024);
            writer.write(chunk);
            record.written.push(chunk);
            if (!signal.done() && writer.transport.getWriteBufferSize() > 64 * 1024) {
              signal.setResult();
            }
            await writer.drain();
          }
        } else {
          // half-closed: the client's EOF is read, the server answers and keeps the stream open.
          await reader.read();
          const answer = payload(port, 1000);
          writer.write(answer);
          record.written.push(answer);
          signal.setResult();
          await writer.waitClosed();
        }
        record.ended.setResult(null);
      } catch (error) {
        if (!(error instanceof ConnectionError)) throw error;
        if (!signal.done()) signal.setResult();
        record.ended.setResult(error);
      }
    })();
  };
}

async function clientIn(
  state: State,
  server: Server,
  ready: Map<number, Future<void>>,
): Promise<[StreamReader, StreamWriter, number]> {
  const [reader, writer] = await openConnection("127.0.0.1", portOf(server), { limit: LIMIT });
  const port = (writer.getExtraInfo("sockname") as [string, number])[1];
  const signal = signalOf(ready, port);
  writer.write(new Uint8Array([STATES.indexOf(state)]));
  if (state === "mid-request") writer.write(enc("half a li"));
  if (state === "paused-reading") writer.write(new Uint8Array(64 * LIMIT));
  if (state === "half-closed") writer.writeEof();
  await signal;
  tally.connections++;
  return [reader, writer, port];
}

/**
 * A future set once Node has released the handle of `emitter`: its `close` event, which comes
 * after the handle's close callback (a socket's `closed` flag is set earlier, on `destroy()`).
 * Call it while the handle is still open.
 */
function released(emitter: net.Server | net.Socket): Future<void> {
  const loop = getRunningLoop();
  const done = future();
  emitter.once("close", () => loop.callSoon(() => done.setResult()));
  return done;
}

/** The release of every socket `server` accepts, watched from the moment Node hands it over. */
function acceptedReleases(server: Server): Future<void>[] {
  const releases: Future<void>[] = [];
  listenerOf(server).on("connection", (socket: net.Socket) => {
    releases.push(released(socket));
  });
  return releases;
}

const socketHandles = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind.startsWith("TCP")).length;

describe("server close with clients in every state", () => {
  for (const action of ["closeClients", "abortClients"] as const) {
    it(`close() then ${action}(): ${ROUNDS} rounds of ${PER_STATE} clients in each of ${STATES.length} states and held ones (test_server.py::TestServer2::test_close_clients / test_abort_clients)`, async () => {
      await ioTest(async () => {
        const baseline = socketHandles();
        for (let round = 0; round < ROUNDS; round++) {
          const served = new Map<number, Served>();
          const ready = new Map<number, Future<void>>();
          const server = await startServer(stateHandler(served, ready), "127.0.0.1", 0);
          const held = await startServer(() => undefined, "127.0.0.1", 0, { startServing: false });
          const listenersReleased = [server, held].map((each) => released(listenerOf(each)));
          const accepted = [server, held].map(acceptedReleases);
          const clients: [State, StreamReader, StreamWriter, number][] = [];
          const clientReleases: Future<void>[] = [];
          for (const state of STATES) {
            for (let i = 0; i < PER_STATE; i++) {
              const client = await clientIn(state, server, ready);
              clientReleases.push(released(rawSocket(client[1])));
              clients.push([state, ...client]);
            }
          }
          const heldClients = [];
          for (let i = 0; i < PER_STATE; i++) {
            const pair = await openConnection("127.0.0.1", portOf(held));
            clientReleases.push(released(rawSocket(pair[1])));
            heldClients.push(pair);
            tally.connections++;
          }
          server.close();
          held.close();
          server[action]();
          tally.faults += clients.length + heldClients.length;
          // Every client hears the end; what the server wrote before a close arrives whole, and
          // before an abort, what arrives is its unchanged start.
          for (const [, reader, writer, port] of clients) {
            const record = served.get(port) as Served;
            const got = await reader.read().then(
              (data) => data,
              (error: unknown) => {
                expect(error).toBeInstanceOf(ConnectionError);
                return null;
              },
            );
            const written = Buffer.concat(record.written);
            if (action === "closeClients") {
              expect(got?.length).toBe(written.length);
              expect(checksum(got as Uint8Array)).toBe(checksum(written));
              tally.bytesChecked += written.length;
            } else if (got !== null) {
              expect(checksum(got)).toBe(checksum(written.subarray(0, got.length)));
            }
            await record.ended;
            tally.notifications += 2;
            writer.close();
            await writer.waitClosed().then(
              () => undefined,
              (error: unknown) => expect(error).toBeInstanceOf(ConnectionError),
            );
          }
          for (const [reader, writer] of heldClients) {
            await reader.read().then(
              (data) => expect(data.length).toBe(0),
              (error: unknown) => expect(error).toBeInstanceOf(ConnectionError),
            );
            tally.notifications++;
            writer.close();
            await writer.waitClosed().then(
              () => undefined,
              (error: unknown) => expect(error).toBeInstanceOf(ConnectionError),
            );
          }
          await server.waitClosed();
          await held.waitClosed();
          expect(server.connections).toHaveLength(0);
          // Node releases a handle a turn after it is destroyed: wait for each to say so.
          for (const each of [...listenersReleased, ...accepted.flat(), ...clientReleases]) {
            await each;
          }
        }
        // Every socket handle is released.
        expect(socketHandles()).toBe(baseline);
      });
    });
  }
});
