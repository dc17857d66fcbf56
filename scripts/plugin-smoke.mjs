// Scaffolds a plugin of every kind outside the repository and runs its tests end to end, as a
// plugin author would on the published packages:
//   1. `pnpm pack` the @asyncio packages a plugin uses (publishConfig applied);
//   2. `create-plugin smoke-<kind> --kind <kind> --out <tmp> --standalone` for each kind;
//   3. point the plugin's @asyncio dependencies at the tarballs and `npm install` it;
//   4. type-check it (`tsc -p tsconfig.test.json`) and run its tests — the conformance suite of
//      @asyncio/testkit on the scaffolded implementation — with Vitest.
//
//   node scripts/plugin-smoke.mjs      (run `pnpm build` first; ASYNCIO_TEST_NODES=<node>:<node>
//                                       runs the tests on those Nodes)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPlugin, KINDS } from "./create-plugin.mjs";
import { workspacePackages } from "./lib/workspace.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const isWindows = process.platform === "win32";
/** What the scaffolded plugins depend on, directly or through the kit. */
const PACKED = [
  "@asyncio/futures",
  "@asyncio/tasks",
  "@asyncio/core",
  "@asyncio/to-thread",
  "@asyncio/testkit",
];

function fail(message) {
  console.error(`\nplugin-smoke: FAILED: ${message}`);
  process.exit(1);
}

/** Environment without the npm_* variables of whichever package manager started us. */
function cleanEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return env;
}

function run(command, args, options = {}) {
  const shown = [command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part));
  if (!options.capture)
    console.log(`$ ${shown.join(" ")}${options.cwd ? `   (in ${options.cwd})` : ""}`);
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    stdio: options.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
    shell: isWindows && command !== process.execPath,
    env: cleanEnv(),
    timeout: options.timeout,
  });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${shown.join(" ")} exited with ${result.status ?? result.signal}`);
  return result.stdout;
}

/** The pnpm that runs us (npm_execpath), else the one on PATH. */
function pnpm(args, options) {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm\.c?js$/.test(execPath)) {
    return run(process.execPath, [execPath, ...args], options);
  }
  return run("pnpm", args, options);
}

const work = mkdtempSync(join(tmpdir(), "asyncio-plugin-smoke-"));
let ok = false;
process.on("exit", () => {
  if (ok || !process.env.CI) rmSync(work, { recursive: true, force: true });
  else console.error(`plugin-smoke: left ${work} for inspection`);
});

const byName = new Map(workspacePackages(root).map((pkg) => [pkg.name, pkg]));
const tarballDir = join(work, "tarballs");
mkdirSync(tarballDir);
const tarballs = new Map();
for (const name of PACKED) {
  const pkg = byName.get(name);
  if (pkg === undefined) fail(`${name} is not a workspace package`);
  const before = new Set(readdirSync(tarballDir));
  pnpm(["pack", "--pack-destination", tarballDir], { cwd: pkg.dir, capture: true });
  const created = readdirSync(tarballDir).filter((f) => !before.has(f) && f.endsWith(".tgz"));
  if (created.length !== 1) fail(`pnpm pack in ${pkg.rel} made ${created.length} tarballs`);
  tarballs.set(name, join(tarballDir, created[0]));
}
console.log(`plugin-smoke: packed ${[...tarballs.keys()].join(", ")}\n`);

const nodes = process.env.ASYNCIO_TEST_NODES
  ? process.env.ASYNCIO_TEST_NODES.split(delimiter)
  : [process.execPath];

for (const kind of Object.keys(KINDS)) {
  const name = `smoke-${kind}`;
  const dir = join(work, name);
  console.log(`--- create-plugin ${name} --kind ${kind} --standalone`);
  createPlugin({ name, kind, out: dir, standalone: true });

  // The @asyncio packages come from the tarballs only, never the registry.
  const manifestFile = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  const local = Object.fromEntries([...tarballs].map(([pkg, file]) => [pkg, `file:${file}`]));
  for (const field of ["dependencies", "devDependencies"]) {
    for (const dep of Object.keys(manifest[field] ?? {})) {
      if (dep in local) manifest[field][dep] = local[dep];
    }
  }
  manifest.overrides = local;
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

  run(isWindows ? "npm.cmd" : "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: dir,
  });
  run(
    process.execPath,
    [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.test.json"],
    {
      cwd: dir,
    },
  );
  for (const node of nodes) {
    const version = run(node, ["--version"], { capture: true }).trim();
    console.log(`\n--- ${name}: its tests on Node ${version}`);
    run(node, [join(dir, "node_modules", "vitest", "vitest.mjs"), "run"], {
      cwd: dir,
      timeout: 300_000,
    });
  }
  console.log("");
}

ok = true;
console.log(
  `plugin-smoke: ${Object.keys(KINDS).length} scaffolded plugins installed from the tarballs, type-checked and tested`,
);
