// Many short-lived connections: 16 workers open connections to a server until 10,000 have been
// made; the server's handler closes each at once, and the client reads the EOF and closes its
// side. Ops are connections.
import { run } from "@asyncio/core";
import { openConnection, startServer } from "@asyncio/streams";
import { createTask } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const TOTAL = 10_000;
const WORKERS = 16;

await run(async () => {
  let accepted = 0;
  const server = await startServer(
    (_reader, writer) => {
      accepted++;
      writer.close();
    },
    "127.0.0.1",
    0,
  );
  const port = server.sockets[0].getsockname()[1];
  let started = 0;
  const worker = async () => {
    while (started < TOTAL) {
      started++;
      const [reader, writer] = await openConnection("127.0.0.1", port);
      const eof = await reader.read();
      if (eof.length !== 0) throw new Error("expected EOF");
      writer.close();
      await writer.waitClosed();
    }
  };
  const begin = now();
  const workers = [];
  for (let i = 0; i < WORKERS; i++) workers.push(createTask(worker));
  for (const w of workers) await w;
  const seconds = now() - begin;
  server.close();
  await server.waitClosed();
  if (accepted !== TOTAL) throw new Error(`accepted ${accepted}`);
  reportOps(TOTAL, seconds);
});
