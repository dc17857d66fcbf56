/**
 * Streams under virtual time: each kind of real work a stream does (resolving a name, connecting,
 * a TLS handshake, bytes the kernel has not taken yet, a read waiting on a peer outside the loop)
 * holds a `VirtualClock`, so a timeout around it never fires because the work is slow in real
 * time; a peer that is another socket of the same loop holds nothing, since it may itself be
 * waiting for virtual time. No CPython counterpart (CPython has no virtual clock): the tests name
 * the documented behaviour.
 */
import * as net from "node:net";
import { setTimeout as realDelay } from "node:timers/promises";
import * as tls from "node:tls";
import type { VirtualClock } from "@asyncio/core";
import { withTestLoop } from "@asyncio/core/testing";
import { coroutine, createTask, sleep, timeout } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";
import { getaddrinfo, openConnection, SOCK_STREAM, startServer } from "../src/index.js";
import { nameResolver } from "../src/internal/name-resolver.js";
import { dec, enc, portOf } from "./helpers.js";
import { useCertificates } from "./tls-certificates.js";

const certificates = useCertificates();
const realLookup = nameResolver.lookup;
afterEach(() => {
  nameResolver.lookup = realLookup;
});

/** A TCP server outside any loop, on 127.0.0.1; `onConnection` gets each socket. */
async function outsideServer(
  onConnection: (socket: net.Socket) => void,
  secure = false,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = secure
    ? tls.createServer({ key: certificates.key, cert: certificates.cert }, onConnection)
    : net.createServer(onConnection);
  const sockets = new Set<net.Socket>();
  server.on(secure ? "secureConnection" : "connection", (socket: net.Socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Everything `clock.heldBy()` named, sampled on each Node turn until `stop()`. */
function sampleHeldBy(clock: VirtualClock): { seen: Set<string>; stop(): void } {
  const seen = new Set<string>();
  let running = true;
  const sample = (): void => {
    for (const description of clock.heldBy()) seen.add(description);
    if (running) setImmediate(sample);
  };
  sample();
  return { seen, stop: () => (running = false) };
}

describe("streams under virtual time", () => {
  it("resolving a name holds time: timeout(5) around a lookup slower than a Node turn gets its answer", async () => {
    nameResolver.lookup = () => realDelay(50, [{ address: "10.0.0.7", family: 4 as const }]);
    await withTestLoop(async ({ loop, clock }) => {
      const lookup = createTask(getaddrinfo("slow.test", 80, { type: SOCK_STREAM }));
      await sleep(0);
      expect(clock.heldBy()).toEqual(['resolving "slow.test"']);
      const infos = await timeout(5, async () => await lookup);
      expect(infos.map((info) => info[4])).toEqual([["10.0.0.7", 80]]);
      expect(loop.time()).toBe(0);
      expect(clock.heldBy()).toEqual([]);
    });
  });

  it("connecting holds time until the connection is made", async () => {
    const server = await outsideServer(() => {});
    try {
      await withTestLoop(async ({ loop, clock }) => {
        const connecting = createTask(openConnection("127.0.0.1", server.port));
        const held: string[][] = [];
        // The loop runs its ready work back to back: the connection can't complete meanwhile.
        for (let i = 0; i < 20 && held.length === 0; i++) {
          await sleep(0);
          if (clock.heldBy().length > 0) held.push(clock.heldBy());
        }
        expect(held).toEqual([[`connecting to 127.0.0.1:${server.port}`]]);
        const [, writer] = await timeout(5, async () => await connecting);
        expect(loop.time()).toBe(0);
        writer.close();
        await writer.waitClosed();
      });
    } finally {
      await server.close();
    }
  });

  it("a read waiting on a peer outside the loop holds time: the peer's late reply beats timeout(5)", async () => {
    const server = await outsideServer((socket) => {
      setTimeout(() => socket.end("late reply"), 50);
    });
    try {
      await withTestLoop(async ({ loop, clock }) => {
        const [reader, writer] = await openConnection("127.0.0.1", server.port);
        const reading = createTask(reader.read(100));
        await sleep(0);
        expect(clock.heldBy()).toEqual([`read() waiting on 127.0.0.1:${server.port}`]);
        expect(dec(await timeout(5, async () => await reading))).toBe("late reply");
        expect(loop.time()).toBe(0);
        expect(clock.heldBy()).toEqual([]);
        writer.close();
        await writer.waitClosed();
      });
    } finally {
      await server.close();
    }
  });

  it("a read waiting on a server of the same loop holds nothing: the server's virtual sleep passes", async () => {
    await withTestLoop(async ({ loop, clock }) => {
      await using server = await startServer(
        async (_reader, writer) => {
          await sleep(10);
          writer.write(enc(`answer at ${loop.time()}`));
          writer.close();
          await writer.waitClosed();
        },
        "127.0.0.1",
        0,
      );
      const [reader, writer] = await openConnection("127.0.0.1", portOf(server));
      const reading = createTask(reader.read(100));
      await sleep(0);
      expect(clock.heldBy()).toEqual([]);
      expect(dec(await reading)).toBe("answer at 10");
      expect(loop.time()).toBe(10);
      writer.close();
      await writer.waitClosed();
    });
  });

  it("bytes the kernel has not taken yet hold time: drain() to a slow reader outside the loop beats timeout(5)", async () => {
    let received = 0;
    const server = await outsideServer((socket) => {
      socket.pause();
      setTimeout(() => socket.resume(), 100);
      socket.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
    });
    try {
      await withTestLoop(async ({ loop, clock }) => {
        const [, writer] = await openConnection("127.0.0.1", server.port);
        const sampler = sampleHeldBy(clock);
        writer.write(new Uint8Array(32 * 1024 * 1024));
        await timeout(5, async () => await writer.drain());
        sampler.stop();
        expect(loop.time()).toBe(0);
        expect(
          [...sampler.seen].some((held) => held.startsWith(`writing to 127.0.0.1:${server.port}:`)),
        ).toBe(true);
        writer.close();
        await writer.waitClosed();
      });
    } finally {
      await server.close();
    }
    expect(received).toBeGreaterThan(0);
  });

  it("a TLS handshake holds time, and the TLS connection's reads from outside hold it too", async () => {
    const server = await outsideServer((socket) => {
      setTimeout(() => socket.end("over tls"), 50);
    }, true);
    try {
      await withTestLoop(async ({ loop, clock }) => {
        const sampler = sampleHeldBy(clock);
        const [reader, writer] = await timeout(
          5,
          async () =>
            await openConnection("127.0.0.1", server.port, {
              ssl: { ca: certificates.ca },
              serverHostname: "localhost",
            }),
        );
        expect(dec(await timeout(5, async () => await reader.read(100)))).toBe("over tls");
        sampler.stop();
        expect(loop.time()).toBe(0);
        expect(sampler.seen.has(`TLS handshake with 127.0.0.1:${server.port}`)).toBe(true);
        expect(sampler.seen.has(`read() waiting on 127.0.0.1:${server.port}`)).toBe(true);
        writer.close();
        await writer.waitClosed();
      });
    } finally {
      await server.close();
    }
  });

  it("once real work is done, sleeps beside it take no real time", async () => {
    nameResolver.lookup = () => realDelay(20, [{ address: "10.0.0.8", family: 4 as const }]);
    await withTestLoop(async ({ loop }) => {
      const sleeper = createTask(
        coroutine(async () => {
          await sleep(3600);
          return loop.time();
        })(),
      );
      await getaddrinfo("slow.test", 80, { type: SOCK_STREAM });
      expect(loop.time()).toBe(0);
      expect(await sleeper).toBe(3600);
    });
  });
});
