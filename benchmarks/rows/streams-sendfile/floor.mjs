// sendfile of 100 MB on raw Node: the server pipes a read stream of the file (256 KiB reads,
// as the project's blocks) into the socket; the client counts the bytes until EOF. Timed from the
// connection to the EOF; ops are megabytes, so ops/s is MB/s.
import { randomFillSync } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { now, reportOps } from "../../lib/report.mjs";

const MB = 100;
const dir = mkdtempSync(join(tmpdir(), "asyncio-bench-sendfile-"));
const path = join(dir, "data.bin");
writeFileSync(path, randomFillSync(Buffer.allocUnsafe(MB * 1024 * 1024)));

const server = net.createServer((socket) => {
  createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(socket);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();

const started = now();
const received = await new Promise((resolve, reject) => {
  let count = 0;
  const socket = net.connect({ port, host: "127.0.0.1" });
  socket.on("data", (chunk) => {
    count += chunk.length;
  });
  socket.on("close", () => resolve(count));
  socket.on("error", reject);
});
const seconds = now() - started;
server.close();
rmSync(dir, { recursive: true, force: true });
if (received !== MB * 1024 * 1024) throw new Error(`received ${received} bytes`);
reportOps(MB, seconds);
