// The TLS line-echo exchange on raw Node `tls`: the server splits what arrives into lines and
// writes each back; 16 clients (handshakes included in the time) each write 2,000 100-byte lines
// (respecting write()'s back-pressure every 100 lines) and count the echoed lines.
import * as tls from "node:tls";
import { now, reportOps } from "../../lib/report.mjs";
import { makeCertificate } from "../../lib/tls-cert.mjs";

const CONNECTIONS = 16;
const LINES = 2_000;
const LINE = Buffer.from(`${"x".repeat(99)}\n`);
const NL = 10;
const certificate = makeCertificate();

const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
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
  socket.on("error", () => {});
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();
const secureContext = tls.createSecureContext({ ca: certificate.cert });

function client() {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: "127.0.0.1", servername: "localhost", secureContext });
    let received = 0;
    socket.on("data", (chunk) => {
      for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) received++;
      if (received === LINES) socket.end();
    });
    socket.on("close", () => {
      if (received === LINES) resolve();
      else reject(new Error(`received ${received} lines`));
    });
    socket.on("error", reject);
    socket.on("secureConnect", async () => {
      for (let i = 1; i <= LINES; i++) {
        const ok = socket.write(LINE);
        if (i % 100 === 0 && !ok) await new Promise((r) => socket.once("drain", r));
      }
    });
  });
}

const started = now();
await Promise.all(Array.from({ length: CONNECTIONS }, client));
const seconds = now() - started;
server.close();
certificate.cleanup();
reportOps(CONNECTIONS * LINES, seconds);
