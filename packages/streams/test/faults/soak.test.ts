/**
 * A soak: thousands of short connections (clean ones, resets, aborts) through one server, then
 * the heap and the socket handles must be back at their baseline: no transport, protocol,
 * reader or Node handle is kept by anything once its connection is gone.
 */
import type * as net from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
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
import { future, ioTest, portOf } from "../helpers.js";
import { checksum, inBatches, listenerOf, payload, rawSocket, Tally } from "./fault-kit.js";

const WARMUP = 300;
const SOAK = 3000;
/** Far below what one leaked transport per connection would add (several KiB each). */
const HEAP_SLACK = 4 * 1024 * 1024;

const tally = new Tally("soak");

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const socketHandles = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind.startsWith("TCP")).length;

/** A future set (on the loop) once Node has released `socket`'s handle. */
function released(socket: net.Socket): Future<void> {
  const loop = getRunningLoop();
  const done = future();
  socket.once("close", () => loop.callSoon(() => done.setResult()));
  return done;
}

async function echo(reader: StreamReader, writer: StreamWriter): Promise<void> {
  try {
    writer.write(await reader.read());
    writer.close();
    await writer.waitClosed();
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
  }
}

/** One connection: every third resets, every fifth aborts, the others echo and check. */
async function oneConnection(server: Server, i: number, releases: Future<void>[]): Promise<void> {
  const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
  releases.push(released(rawSocket(writer)));
  tally.connections++;
  const sent = payload(i, 1024 + (i % 7) * 100);
  writer.write(sent);
  if (i % 3 === 0) {
    rawSocket(writer).resetAndDestroy();
    tally.faults++;
  } else if (i % 5 === 0) {
    writer.transport.abort();
    tally.faults++;
  } else {
    writer.writeEof();
    const got = await reader.read();
    expect(checksum(got)).toBe(checksum(sent));
    tally.bytesChecked += got.length;
  }
  writer.close();
  await writer.waitClosed();
  tally.notifications++;
}

async function run(server: Server, count: number, offset: number): Promise<void> {
  const releases: Future<void>[] = [];
  await inBatches(count, 20, (i) => oneConnection(server, offset + i, releases));
  for (const each of releases) await each;
}

describe("soak", { timeout: 60_000 }, () => {
  it(`${SOAK} connections leave the heap and the socket handles at their baseline`, async () => {
    await ioTest(async () => {
      const server = await startServer(echo, "127.0.0.1", 0);
      const accepted: Future<void>[] = [];
      listenerOf(server).on("connection", (socket: net.Socket) => {
        accepted.push(released(socket));
      });
      // Warm up (code compiled, pools filled), then take the baseline.
      await run(server, WARMUP, 0);
      for (const each of accepted.splice(0)) await each;
      const handles = socketHandles();
      const heap = heapAfterGc();
      await run(server, SOAK, WARMUP);
      for (const each of accepted.splice(0)) await each;
      expect(server.connections).toHaveLength(0);
      expect(socketHandles()).toBe(handles);
      const growth = heapAfterGc() - heap;
      console.log(`soak: heap growth ${growth} bytes over ${SOAK} connections`);
      expect(growth).toBeLessThan(HEAP_SLACK);
      server.close();
      await server.waitClosed();
    });
  });
});
