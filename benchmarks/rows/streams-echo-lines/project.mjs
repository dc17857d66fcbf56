// A line-echo server on loopback: 16 connections each send 6,250 lines of 100 bytes (a drain()
// every 100 lines) while reading the echoes back; ops are the lines echoed. The server answers
// each line with write() and drain(), as the usual asyncio echo server does.
import { run } from "@asyncio/core";
import { openConnection, startServer } from "@asyncio/streams";
import { createTask } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const CONNECTIONS = 16;
const LINES = 6_250;
const LINE = new TextEncoder().encode(`${"x".repeat(99)}\n`);

await run(async () => {
  const server = await startServer(
    async (reader, writer) => {
      for (;;) {
        const line = await reader.readline();
        if (line.length === 0) break;
        writer.write(line);
        await writer.drain();
      }
      writer.close();
    },
    "127.0.0.1",
    0,
  );
  const port = server.sockets[0].getsockname()[1];
  const client = async () => {
    const [reader, writer] = await openConnection("127.0.0.1", port);
    const sending = createTask(async () => {
      for (let i = 1; i <= LINES; i++) {
        writer.write(LINE);
        if (i % 100 === 0) await writer.drain();
      }
      writer.writeEof();
    });
    let received = 0;
    while ((await reader.readline()).length === LINE.length) received++;
    await sending;
    writer.close();
    await writer.waitClosed();
    if (received !== LINES) throw new Error(`received ${received} lines`);
  };
  const started = now();
  const clients = [];
  for (let i = 0; i < CONNECTIONS; i++) clients.push(createTask(client));
  for (const c of clients) await c;
  const seconds = now() - started;
  server.close();
  await server.waitClosed();
  reportOps(CONNECTIONS * LINES, seconds);
});
