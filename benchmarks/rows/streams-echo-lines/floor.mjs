// The line-echo exchange on raw Node `net`: the server splits what arrives into lines and writes
// each back; 16 clients each write 6,250 100-byte lines (respecting write()'s back-pressure every
// 100 lines) and count the echoed lines.
import * as net from "node:net";
import { now, reportOps } from "../../lib/report.mjs";

const CONNECTIONS = 16;
const LINES = 6_250;
const LINE = Buffer.from(`${"x".repeat(99)}\n`);
const NL = 10;

const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (let i = data.indexOf(NL); i !== -1; i = data.indexOf(NL, start)) {
      socket.write(data.subarray(start, i + 1));
      start = i + 1;
    }
    pending = data.subarray(start);
  });
  socket.on("end", () => socket.end());
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();

function client() {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let received = 0;
    socket.on("data", (chunk) => {
      for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) received++;
    });
    socket.on("end", () => {
      socket.end();
      if (received === LINES) resolve();
      else reject(new Error(`received ${received} lines`));
    });
    socket.on("error", reject);
    socket.on("connect", async () => {
      for (let i = 1; i <= LINES; i++) {
        const ok = socket.write(LINE);
        if (i % 100 === 0 && !ok) await new Promise((r) => socket.once("drain", r));
      }
      socket.end();
    });
  });
}

const started = now();
await Promise.all(Array.from({ length: CONNECTIONS }, client));
const seconds = now() - started;
server.close();
reportOps(CONNECTIONS * LINES, seconds);
