// Sets the workspace up on a machine that has only Node.js (20+) and npm, then runs the
// demo or the whole test suite. Plain Node, no dependencies.
//
//   node scripts/bootstrap.mjs setup   install pnpm (into .tools/) and the dependencies
//   node scripts/bootstrap.mjs demo    setup, build, run the demo app (extra args go to it)
//   node scripts/bootstrap.mjs test    setup, build, type-check, lint, knip, check-deps, a Redis
//                                      for the cluster tests, unit tests on Node 22, 24 and 26,
//                                      on Bun and on Deno, the scheduling suites in headless
//                                      Chromium, the bundle-size budget, pack smoke test,
//                                      scaffolded plugins
//
// pnpm comes from the npm registry into .tools/pnpm (the version in package.json's
// "packageManager"); Node 22/24/26 into .tools/node<major>; Bun and Deno from their npm
// packages (`bun`, `deno`: the binaries ship inside them) into .tools/bun and .tools/deno. None
// needs corepack or a global install. Redis (for @asyncio/bullmq) is Debian's redis-server and
// Chromium Debian's chromium, each installed with apt-get when the machine allows it; without
// Redis those tests are skipped, saying so; without Chromium the browser stage fails, saying why.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, ".tools");
const isWindows = process.platform === "win32";
/** The Node majors the project supports; the tests run on each, the demo on the newest LTS. */
const SUPPORTED_NODES = [22, 24, 26];
/** The other runtimes the whole suite runs on: npm package, major version, binary name. */
const OTHER_RUNTIMES = [
  { name: "Bun", pkg: "bun", major: 1, bin: "bun", run: [] },
  { name: "Deno", pkg: "deno", major: 2, bin: "deno", run: ["run", "-A"] },
];
const DEMO_NODE = 24;
const GUARD = "ASYNCIO_BOOTSTRAP";

const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const PNPM_VERSION = /^pnpm@([^+]+)/.exec(rootManifest.packageManager ?? "")?.[1];
if (!PNPM_VERSION) throw new Error('package.json needs "packageManager": "pnpm@<version>"');

const PNPM_DIR = join(TOOLS, "pnpm");
const PNPM_BIN_DIR = join(PNPM_DIR, "node_modules", ".bin");
const PNPM_CLI = join(PNPM_DIR, "node_modules", "pnpm", "bin", "pnpm.cjs");
const nodeDir = (major) => join(TOOLS, `node${major}`);
const nodeBinary = (major) =>
  join(nodeDir(major), "node_modules", ".bin", isWindows ? "node.cmd" : "node");

class StageError extends Error {}

/**
 * The environment for every child: no npm_* variables from the `npm run` that started us
 * (pnpm would read them as its own settings), our pnpm and this Node first on PATH (turbo
 * looks pnpm up on PATH), no telemetry, and a guard against running bootstrap inside itself.
 */
function childEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key.toUpperCase() !== "PATH") env[key] = value;
  }
  const path = process.env.PATH ?? process.env.Path ?? "";
  env.PATH = [PNPM_BIN_DIR, dirname(process.execPath), path].join(delimiter);
  env.TURBO_TELEMETRY_DISABLED = "1";
  env.TURBO_NO_UPDATE_NOTIFIER = "1";
  env.DO_NOT_TRACK = "1";
  env[GUARD] = "1";
  return env;
}

function run(command, args, { cwd = ROOT, env = childEnv(), capture = false } = {}) {
  const shown = [command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part));
  if (!capture) console.log(`$ ${shown.join(" ")}`);
  const result = spawnSync(command, args, {
    cwd,
    env,
    stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    shell: isWindows && command !== process.execPath,
  });
  if (result.error) throw new StageError(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    if (capture) process.stderr.write(result.stderr ?? "");
    throw new StageError(`\`${shown.join(" ")}\` exited with ${result.status ?? result.signal}`);
  }
  return result.stdout;
}

const npm = (args, options) => run(isWindows ? "npm.cmd" : "npm", args, options);
const pnpm = (args, options) => run(process.execPath, [PNPM_CLI, ...args], options);

function installedVersion(packageJson) {
  try {
    return JSON.parse(readFileSync(packageJson, "utf8")).version;
  } catch {
    return undefined;
  }
}

function ensurePnpm() {
  const manifest = join(PNPM_DIR, "node_modules", "pnpm", "package.json");
  if (installedVersion(manifest) !== PNPM_VERSION) {
    npm([
      "install",
      "--prefix",
      PNPM_DIR,
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `pnpm@${PNPM_VERSION}`,
    ]);
  }
  console.log(`pnpm ${pnpm(["--version"], { capture: true }).trim()} (${PNPM_CLI})`);
}

/** Installs Node `major` from the npm registry into .tools/node<major> (once); returns its path. */
function ensureNode(major) {
  const binary = nodeBinary(major);
  const version = () => {
    try {
      return run(binary, ["--version"], { capture: true }).trim();
    } catch {
      return "";
    }
  };
  if (!existsSync(binary) || !version().startsWith(`v${major}.`)) {
    npm([
      "install",
      "--prefix",
      nodeDir(major),
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `node@${major}`,
    ]);
  }
  const found = version();
  if (!found.startsWith(`v${major}.`)) {
    throw new StageError(`${binary} is not Node ${major} (got "${found}")`);
  }
  console.log(`Node ${found} (${binary})`);
  return binary;
}

const runtimeDir = (pkg) => join(TOOLS, pkg);
const runtimeBinary = (pkg, bin) =>
  join(runtimeDir(pkg), "node_modules", ".bin", isWindows ? `${bin}.cmd` : bin);

/**
 * Installs Bun or Deno from its npm package into .tools/<pkg> (once), as Node is; returns the
 * binary. The packages carry the runtime's binary for this platform.
 */
function ensureRuntime({ name, pkg, major, bin }) {
  const binary = runtimeBinary(pkg, bin);
  const version = () => {
    try {
      return run(binary, ["--version"], { capture: true }).trim();
    } catch {
      return "";
    }
  };
  const matches = (text) => new RegExp(`(^|\\s)v?${major}\\.`).test(text);
  if (!existsSync(binary) || !matches(version())) {
    npm([
      "install",
      "--prefix",
      runtimeDir(pkg),
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      `${pkg}@${major}`,
    ]);
  }
  const found = version().split("\n")[0];
  if (!matches(found)) throw new StageError(`${binary} is not ${name} ${major} (got "${found}")`);
  console.log(`${name} ${found} (${binary})`);
  return binary;
}

const CHROMIUM = "/usr/bin/chromium";

/** Debian's chromium for the browser stage, installed with apt-get when missing and allowed. */
function ensureChromium() {
  if (existsSync(CHROMIUM)) {
    console.log(`${run(CHROMIUM, ["--version"], { capture: true }).trim()} (${CHROMIUM})`);
    return;
  }
  const aptGet = findOnPath("apt-get");
  if (aptGet === null || process.getuid?.() !== 0) {
    throw new StageError(
      `${CHROMIUM} is missing and this machine can't install it (needs root and apt-get): install Debian's chromium`,
    );
  }
  const env = { ...childEnv(), DEBIAN_FRONTEND: "noninteractive" };
  run(aptGet, ["update", "-qq"], { env });
  run(aptGet, ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { env });
  console.log(`${run(CHROMIUM, ["--version"], { capture: true }).trim()} (${CHROMIUM})`);
}

function install() {
  const frozen = existsSync(join(ROOT, "pnpm-lock.yaml"));
  pnpm(frozen ? ["install", "--frozen-lockfile"] : ["install"]);
}

/** The redis-server started for this run, stopped when bootstrap ends (also on failure). */
let redisServer = null;

function findOnPath(name) {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  for (const dir of [...dirs, "/usr/bin", "/usr/sbin", "/usr/local/bin"]) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** Installs Debian's redis-server if this machine allows it (root, apt-get); true if it did. */
function installRedis() {
  const aptGet = findOnPath("apt-get");
  if (aptGet === null || process.getuid?.() !== 0) {
    console.log(
      "redis-server is missing and this machine can't install it (needs root and apt-get)",
    );
    return false;
  }
  const env = { ...childEnv(), DEBIAN_FRONTEND: "noninteractive" };
  try {
    run(aptGet, ["update", "-qq"], { env });
    run(aptGet, ["install", "-y", "-qq", "--no-install-recommends", "redis-server"], { env });
    return true;
  } catch (error) {
    if (!(error instanceof StageError)) throw error;
    console.log(`installing redis-server failed: ${error.message}`);
    return false;
  }
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

/** Resolves once a Redis on `port` answers PING, or rejects after `timeoutMs`. */
async function waitForRedis(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.setTimeout(1000);
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("+PONG"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (answered) return;
    if (Date.now() > deadline) throw new StageError(`redis-server on port ${port} did not answer`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts a redis-server for the test stages on a free port, with no persistence, and exports
 * its URL as ASYNCIO_REDIS_URL. A URL already set is used as it is. Without Redis the stage only
 * says so: the tests that need it are skipped, each file printing why.
 */
async function startRedis() {
  if (process.env.ASYNCIO_REDIS_URL) {
    console.log(`using ASYNCIO_REDIS_URL=${process.env.ASYNCIO_REDIS_URL}`);
    return;
  }
  let binary = findOnPath("redis-server");
  if (binary === null && installRedis()) binary = findOnPath("redis-server");
  if (binary === null) {
    console.log("no Redis: the @asyncio/bullmq tests against Redis will be skipped");
    return;
  }
  const port = await freePort();
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  redisServer = child;
  await waitForRedis(port, 10_000);
  process.env.ASYNCIO_REDIS_URL = `redis://127.0.0.1:${port}`;
  console.log(`redis-server ${binary} on port ${port} (pid ${child.pid}) for this run`);
}

function stopRedis() {
  if (redisServer === null) return;
  redisServer.kill("SIGTERM");
  redisServer.unref();
  redisServer = null;
}

const vitestCli = () => join(ROOT, "node_modules", "vitest", "vitest.mjs");

/**
 * Vitest's type checker keeps an incremental build file inside its own package; one left by an
 * earlier run over other sources can make it report errors that aren't there.
 */
function forgetTypecheckCache() {
  rmSync(join(ROOT, "node_modules", "vitest", "dist", "tsconfig.tmp.tsbuildinfo"), { force: true });
}
const nodeMajor = Number(process.versions.node.split(".")[0]);

const setupStages = [
  ["Set up pnpm", ensurePnpm],
  ["Install dependencies (pnpm install)", install],
];

const commands = {
  setup: setupStages,
  demo: [
    ...setupStages,
    [
      "Build the demo and its packages (turbo)",
      () =>
        pnpm([
          "exec",
          "turbo",
          "run",
          "build",
          "--filter=@asyncio/demo...",
          "--output-logs=errors-only",
        ]),
    ],
    [
      `Run the demo (Node ${DEMO_NODE})`,
      () =>
        run(ensureNode(DEMO_NODE), ["apps/demo/dist/main.js", ...process.argv.slice(3)], {
          cwd: ROOT,
        }),
    ],
  ],
  test: [
    ...setupStages,
    ["Build (turbo run build)", () => pnpm(["run", "build"])],
    ["Type-check (tsc -b)", () => pnpm(["run", "typecheck"])],
    ["Lint and format check (biome check)", () => pnpm(["run", "lint"])],
    ["Unused files, exports and dependencies (knip)", () => pnpm(["run", "knip"])],
    [
      "Check dependencies (check-deps)",
      () => {
        pnpm(["run", "check-deps"]);
        pnpm(["run", "check-deps:self-test"]);
      },
    ],
    [
      "API report (api/ matches the built declarations)",
      () => pnpm(["run", "api-report", "--check"]),
    ],
    [
      "API reference (TypeDoc: no warnings, every export described, no broken links)",
      () => pnpm(["run", "docs"]),
    ],
    ["Redis for the cluster tests (redis-server)", startRedis],
    ...SUPPORTED_NODES.map((major) => [
      `Unit and type tests on Node ${major} (vitest)`,
      () => {
        forgetTypecheckCache();
        run(ensureNode(major), [vitestCli(), "run", ...vitestReportArgs(`node-${major}`)]);
      },
    ]),
    ...OTHER_RUNTIMES.map((runtime) => [
      `Unit and type tests on ${runtime.name} (vitest; skips in scripts/runtime-skips, each printed)`,
      () => {
        forgetTypecheckCache();
        const binary = ensureRuntime(runtime);
        run(binary, [...runtime.run, vitestCli(), "run", ...vitestReportArgs(runtime.pkg)]);
      },
    ]),
    [
      "Scheduling suites and the task-tree page in headless Chromium (esbuild, playwright-core)",
      () => {
        ensureChromium();
        run(process.execPath, [
          join(ROOT, "scripts", "test-browser.mjs"),
          "--report",
          join(REPORT_DIR, "browser-chromium.json"),
        ]);
      },
    ],
    [
      "Bundle-size budget of the scheduling API in a browser (esbuild, minified + gzip)",
      () => run(process.execPath, [join(ROOT, "scripts", "bundle-size.mjs")]),
    ],
    [
      "Pack smoke test (pnpm pack, publint, attw, install in an empty project)",
      () => {
        const env = childEnv();
        env.ASYNCIO_TEST_NODES = SUPPORTED_NODES.map(nodeBinary).join(delimiter);
        pnpm(["run", "pack-smoke"], { env });
      },
    ],
    [
      "Scaffolded plugins (create-plugin self-test; one plugin of each kind on the tarballs, type-checked and tested)",
      () => {
        pnpm(["run", "create-plugin:self-test"]);
        const env = childEnv();
        env.ASYNCIO_TEST_NODES = SUPPORTED_NODES.map(nodeBinary).join(delimiter);
        pnpm(["run", "plugin-smoke"], { env });
      },
    ],
  ],
};

async function main() {
  const command = process.argv[2];
  const stages = commands[command];
  if (!stages) {
    console.error(`usage: node scripts/bootstrap.mjs <${Object.keys(commands).join("|")}>`);
    process.exit(2);
  }
  if (process.env[GUARD]) {
    console.error(
      `bootstrap: already running inside \`bootstrap ${command}\`; call the stage's own script instead.`,
    );
    process.exit(2);
  }
  if (nodeMajor < 20) {
    console.error(`bootstrap: Node.js 20 or newer is needed (this is ${process.version}).`);
    process.exit(1);
  }

  const started = Date.now();
  const timings = [];
  rmSync(REPORT_DIR, { recursive: true, force: true });
  // A redis-server started by a stage ends with us, however we end.
  process.on("exit", stopRedis);
  for (const [index, [title, action]] of stages.entries()) {
    const header = `[${index + 1}/${stages.length}] ${title}`;
    console.log(`\n${"=".repeat(78)}\n${header}\n${"=".repeat(78)}`);
    const stageStart = Date.now();
    try {
      await action();
    } catch (error) {
      if (!(error instanceof StageError)) throw error;
      const seconds = ((Date.now() - stageStart) / 1000).toFixed(1);
      console.error(
        `\nbootstrap ${command}: FAILED at ${header} after ${seconds}s\n  ${error.message}`,
      );
      process.exit(1);
    }
    timings.push([title, (Date.now() - stageStart) / 1000]);
  }
  stopRedis();
  console.log(`\n${"=".repeat(78)}\nbootstrap ${command}: all ${stages.length} stages succeeded`);
  for (const [title, seconds] of timings)
    console.log(`  ${seconds.toFixed(1).padStart(7)}s  ${title}`);
  console.log(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(7)}s  total`);
  const counts = testCounts();
  if (counts !== null) console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
}

/** Vitest writes a JSON report beside its usual output, so the summary can count every run. */
const REPORT_DIR = join(ROOT, ".tools", "reports");

function vitestReportArgs(name) {
  mkdirSync(REPORT_DIR, { recursive: true });
  const file = join(REPORT_DIR, `vitest-${name}.json`);
  rmSync(file, { force: true });
  return ["--reporter=default", "--reporter=json", `--outputFile.json=${file}`];
}

/** Passed and failed tests over every vitest run of this bootstrap, or null if none reported. */
function testCounts() {
  if (!existsSync(REPORT_DIR)) return null;
  let passed = 0;
  let failed = 0;
  let found = false;
  for (const name of readdirSync(REPORT_DIR)) {
    if (!name.endsWith(".json")) continue;
    const report = JSON.parse(readFileSync(join(REPORT_DIR, name), "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    found = true;
  }
  return found ? { passed, failed } : null;
}

await main();
