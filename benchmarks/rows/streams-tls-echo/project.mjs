// The line-echo exchange of streams-echo-lines over TLS: 16 connections (handshakes included in
// the time) each send 2,000 lines of 100 bytes (a drain() every 100 lines) while reading the
// echoes back; ops are the lines echoed. The server answers each line with write() and drain().
import { run } from "@asyncio/core";
import { createDefaultContext, openConnection, startServer } from "@asyncio/streams";
import { createTask } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";
import { makeCertificate } from "../../lib/tls-cert.mjs";

const CONNECTIONS = 16;
const LINES = 2_000;
const LINE = new TextEncoder().encode(`${"x".repeat(99)}\n`);
const certificate = makeCertificate();

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
    { ssl: { key: certificate.key, cert: certificate.cert } },
  );
  const port = server.sockets[0].getsockname()[1];
  const context = createDefaultContext(undefined, { cafile: certificate.certFile });
  const client = async () => {
    const [reader, writer] = await openConnection("127.0.0.1", port, {
      ssl: context,
      serverHostname: "localhost",
    });
    const sending = createTask(async () => {
      for (let i = 1; i <= LINES; i++) {
        writer.write(LINE);
        if (i % 100 === 0) await writer.drain();
      }
    });
    let received = 0;
    while (received < LINES && (await reader.readline()).length === LINE.length) received++;
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
  certificate.cleanup();
  reportOps(CONNECTIONS * LINES, seconds);
});
