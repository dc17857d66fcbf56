// sendfile of 100 MB: a server sends a 100 MB file (written before timing) to one client with
// sendfile(); the client is a protocol counting the bytes until EOF. Timed from the connection
// to the EOF; ops are megabytes, so ops/s is MB/s.
import { randomFillSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "@asyncio/core";
import { Future, getRunningLoop } from "@asyncio/futures";
import { createConnection, Protocol, sendfile, startServer } from "@asyncio/streams";
import { now, reportOps } from "../../lib/report.mjs";

const MB = 100;
const dir = mkdtempSync(join(tmpdir(), "asyncio-bench-sendfile-"));
const path = join(dir, "data.bin");
writeFileSync(path, randomFillSync(Buffer.allocUnsafe(MB * 1024 * 1024)));

await run(async () => {
  const loop = getRunningLoop();
  const server = await startServer(
    async (_reader, writer) => {
      await sendfile(writer.transport, path);
      writer.close();
    },
    "127.0.0.1",
    0,
  );
  const port = server.sockets[0].getsockname()[1];
  const done = new Future({ loop });
  class Counter extends Protocol {
    received = 0;
    dataReceived(data) {
      this.received += data.length;
    }
    connectionLost() {
      done.setResult(this.received);
    }
  }
  const started = now();
  await createConnection(() => new Counter(), "127.0.0.1", port);
  const received = await done;
  const seconds = now() - started;
  server.close();
  await server.waitClosed();
  rmSync(dir, { recursive: true, force: true });
  if (received !== MB * 1024 * 1024) throw new Error(`received ${received} bytes`);
  reportOps(MB, seconds);
});
