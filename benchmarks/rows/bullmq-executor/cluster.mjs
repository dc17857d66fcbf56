// What the cluster columns share: a Redis (ASYNCIO_REDIS_URL, else a redis-server started for
// this run on a free port, without persistence) and worker processes started before timing.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";

export const JOBS = 4_000;
export const IN_FLIGHT = 32;
export const WORKERS = 2;
export const CONCURRENCY = 16;

export const queueName = () => `bench-${randomUUID()}`;

/** Every process this script started; killed when it ends, however it ends. */
const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(1));

function started(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` prints `marker`; rejects if it exits first. */
function printed(child, marker, what) {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(marker)) {
        child.stdout.off("data", onData);
        child.stdout.resume();
        resolve();
      }
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}: ${output}`)));
  });
}

export async function startRedis() {
  if (process.env.ASYNCIO_REDIS_URL) return { url: process.env.ASYNCIO_REDIS_URL, stop() {} };
  const port = await freePort();
  const child = started(
    spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    ),
  );
  child.once("error", (error) => {
    console.error(
      `error: redis-server can't start (apt-get install redis-server): ${error.message}`,
    );
    process.exit(1);
  });
  await printed(child, "Ready to accept connections", "redis-server");
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGKILL") };
}

/** Starts `WORKERS` processes of `node script args...`, each printing `marker` once ready. */
export async function startWorkers(script, args, marker) {
  const workers = Array.from({ length: WORKERS }, () =>
    started(spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] })),
  );
  await Promise.all(workers.map((child) => printed(child, marker, "a worker")));
  return {
    stop() {
      for (const child of workers) child.kill("SIGKILL");
    },
  };
}
