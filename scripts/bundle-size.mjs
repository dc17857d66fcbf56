// The bundle-size budget of the scheduling API in a browser: each entry below is bundled from the
// built packages (run `pnpm build` first) by esbuild for the browser (the packages' `browser`
// conditions), minified, then gzipped; the run fails when an entry is over its budget, or when
// its bundle reaches a Node module or an I/O or thread package.
//
//   node scripts/bundle-size.mjs [--json]

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** A package that depends on every scheduling package, so their names resolve from it. */
const RESOLVE_FROM = join(ROOT, "packages", "all");

/** What a program imports, and what its minified, gzipped bundle may weigh at most (bytes). */
const ENTRIES = [
  {
    name: "@asyncio/core (with @asyncio/tasks and @asyncio/futures)",
    source: 'export * from "@asyncio/core";',
    budget: 24_000,
  },
  {
    name: "@asyncio/compat without I/O (@asyncio/compat/scheduling)",
    source: 'export * from "@asyncio/compat/scheduling";',
    budget: 36_000,
  },
  {
    name: "a small program: run, createTask, sleep, gather, timeout",
    source:
      'import { run } from "@asyncio/core"; import { createTask, gather, sleep, timeout } from "@asyncio/tasks";\n' +
      "export default () => run(async () => { await timeout(1, () => gather(createTask(sleep(0.1)), sleep(0.2))); });",
    budget: 25_000,
  },
];

/** Packages a scheduling bundle must never contain. */
const FORBIDDEN = [
  "packages/streams/",
  "packages/subprocess/",
  "packages/to-thread/",
  "packages/bullmq/",
];

async function measure(entry) {
  const result = await build({
    stdin: {
      contents: entry.source,
      resolveDir: RESOLVE_FROM,
      sourcefile: "entry.js",
      loader: "js",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.keys(result.metafile.inputs);
  const leaks = inputs.filter(
    (input) => input.startsWith("node:") || FORBIDDEN.some((part) => input.includes(part)),
  );
  const external = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports ?? [])
    .map((imported) => imported.path);
  return {
    name: entry.name,
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    budget: entry.budget,
    leaks: [...leaks, ...external],
  };
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

async function main() {
  const results = [];
  for (const entry of ENTRIES) results.push(await measure(entry));
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    for (const r of results) {
      const verdict = r.gzipped <= r.budget && r.leaks.length === 0 ? "ok" : "OVER";
      console.log(
        `${verdict.padEnd(4)} ${r.name}: ${kb(r.minified)} minified, ${kb(r.gzipped)} gzipped (budget ${kb(r.budget)})`,
      );
      for (const leak of r.leaks)
        console.log(`     pulls in ${leak}, which a browser bundle must not`);
    }
  }
  const failed = results.filter((r) => r.gzipped > r.budget || r.leaks.length > 0);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

await main();
