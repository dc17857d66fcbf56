/**
 * Redis for the tests: the server named by ASYNCIO_REDIS_URL (bootstrap starts one for the whole
 * run), else a `redis-server` started for this test file on a free port with no persistence,
 * else none, and then the tests that need it are skipped with one printed line saying why.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";

export interface TestRedis {
  readonly url: string;
  /** Stops the server if this file started it. */
  stop(): Promise<void>;
}

function findRedisServer(): string | null {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  for (const dir of [...dirs, "/usr/bin", "/usr/sbin", "/usr/local/bin"]) {
    const candidate = join(dir, "redis-server");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("no port"));
        else resolve(address.port);
      });
    });
  });
}

/** Starts redis-server on a free port; resolves once it accepts connections. */
async function startServer(binary: string): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout?.off("data", onData);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
    child.once("error", reject);
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.once("exit", () => child.kill("SIGKILL"));
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The Redis for this test file, or null (after printing why the Redis tests are skipped). */
export async function testRedis(file: string): Promise<TestRedis | null> {
  const fromEnv = process.env.ASYNCIO_REDIS_URL;
  if (fromEnv !== undefined && fromEnv !== "") {
    return { url: fromEnv, stop: async () => {} };
  }
  const binary = findRedisServer();
  if (binary === null) {
    console.log(
      `@asyncio/bullmq ${file}: SKIPPED the tests against Redis: ASYNCIO_REDIS_URL is not set and no redis-server binary was found (install Debian's redis-server)`,
    );
    return null;
  }
  return await startServer(binary);
}
