// Many short-lived connections on raw Node `net`: 16 workers open connections until 10,000 have
// been made; the server ends each at once, and the client ends its side on the EOF and waits for
// the close. Ops are connections.
import * as net from "node:net";
import { now, reportOps } from "../../lib/report.mjs";

const TOTAL = 10_000;
const WORKERS = 16;

let accepted = 0;
const server = net.createServer((socket) => {
  accepted++;
  socket.end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();

let started = 0;
function once() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.on("close", resolve);
    socket.on("error", reject);
    socket.resume();
  });
}
async function worker() {
  while (started < TOTAL) {
    started++;
    await once();
  }
}

const begin = now();
await Promise.all(Array.from({ length: WORKERS }, worker));
const seconds = now() - begin;
server.close();
if (accepted !== TOTAL) throw new Error(`accepted ${accepted}`);
reportOps(TOTAL, seconds);
