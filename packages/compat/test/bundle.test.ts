/**
 * Importing `@asyncio/compat` patches the library's prototypes, and a bundler decides from the
 * manifest's `sideEffects` which modules it may drop when nothing is imported from them. This
 * bundles a Python-style program with esbuild, tree-shaking on, runs the bundle in a child Node,
 * and checks that every Python name is still there.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
  sideEffects: string[];
};

/**
 * A program as a Python programmer ports it: an echo server, a client through the streams API
 * and one through `loop.create_connection`, a call in the default executor. The namespace is only
 * read through static property accesses, so the bundler can drop whatever the program does not
 * name. It prints what it found as JSON.
 */
const PROGRAM = `
import * as asyncio from "@asyncio/compat";

const LOOP_NAMES = [
  "call_soon", "call_later", "call_at", "create_future", "create_task", "run_until_complete",
  "run_in_executor", "create_connection", "create_unix_connection", "create_server",
  "create_unix_server", "create_datagram_endpoint", "connect_read_pipe", "connect_write_pipe",
  "add_signal_handler", "remove_signal_handler",
];

const handle_echo = asyncio.coroutine(async (reader, writer) => {
  const data = await reader.read(100);
  writer.write(data);
  await writer.drain();
  writer.close();
  await writer.wait_closed();
});

const main = asyncio.coroutine(async () => {
  const loop = asyncio.get_running_loop();
  const missing = LOOP_NAMES.filter((name) => typeof loop[name] !== "function");
  const server = await asyncio.start_server(handle_echo, "127.0.0.1", 0);
  const port = server.sockets[0].getsockname()[1];

  const [reader, writer] = await asyncio.open_connection("127.0.0.1", port);
  writer.write(new TextEncoder().encode("ping"));
  await writer.drain();
  const streamed = new TextDecoder().decode(await reader.read(100));
  const atEof = (await reader.read(100)).length === 0 && reader.at_eof();
  writer.close();
  await writer.wait_closed();

  const received = loop.create_future();
  const [transport] = await loop.create_connection(
    () => ({
      connectionMade: (t) => t.write(new TextEncoder().encode("pong")),
      dataReceived: (data) => received.set_result(new TextDecoder().decode(data)),
    }),
    "127.0.0.1",
    port,
  );
  const viaProtocol = await asyncio.wait_for(received, 5);
  const closing = transport.is_closing();
  transport.close();

  const sum = await loop.run_in_executor(null, (a, b) => a + b, 1, 2);
  server.close();
  await server.wait_closed();
  return { missing, streamed, atEof, viaProtocol, closing, sum, serving: server.is_serving() };
});

console.log(JSON.stringify(await asyncio.run(main())));
`;

describe("compat bundled with esbuild", () => {
  it("keeps every module that patches prototypes: the Python names work in the bundle", async () => {
    const dir = await mkdtemp(join(tmpdir(), "asyncio-compat-bundle-"));
    try {
      const outfile = join(dir, "program.mjs");
      const result = await build({
        stdin: { contents: PROGRAM, resolveDir: packageDir, loader: "js" },
        bundle: true,
        format: "esm",
        platform: "node",
        target: "node22",
        treeShaking: true,
        // Resolve the workspace packages to their sources, as the tests do everywhere else.
        conditions: ["@asyncio/source"],
        outfile,
        logLevel: "silent",
      });
      // esbuild warns when it drops a bare `import "./x.js"` of a module declared side-effect free.
      expect(result.warnings.map((warning) => warning.text)).toEqual([]);
      const { stdout } = await promisify(execFile)(process.execPath, [outfile], {
        timeout: 30_000,
      });
      expect(JSON.parse(stdout)).toEqual({
        missing: [],
        streamed: "ping",
        atEof: true,
        viaProtocol: "pong",
        closing: false,
        sum: 3,
        serving: false,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("sideEffects lists each source module that installs aliases, and its built twin", async () => {
    const installing: string[] = [];
    for (const name of await readdir(join(packageDir, "src"))) {
      const text = await readFile(join(packageDir, "src", name), "utf8");
      // A call at the start of a line is a top-level statement: it runs on import.
      if (/^installAliases\(/m.test(text)) installing.push(name.replace(/\.ts$/, ""));
    }
    expect(installing.sort()).toEqual(["io-aliases", "python-aliases"]);
    expect([...manifest.sideEffects].sort()).toEqual(
      [
        ...installing.map((module) => `./src/${module}.ts`),
        ...installing.map((module) => `./dist/${module}.js`),
      ].sort(),
    );
  });
});
