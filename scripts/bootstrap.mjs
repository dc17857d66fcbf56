// Sets the workspace up on a machine that has only Node.js (20+) and npm, then runs the
// demo or the whole test suite. Plain Node, no dependencies.
//
//   node scripts/bootstrap.mjs setup   install pnpm (into .tools/) and the dependencies
//   node scripts/bootstrap.mjs demo    setup, build, run the demo app (extra args go to it)
//   node scripts/bootstrap.mjs test    setup, build, type-check, lint, check-deps, unit tests on
//                                      this Node and on Node 24, pack smoke test
//
// pnpm comes from the npm registry into .tools/pnpm (the version in package.json's
// "packageManager"); Node 24 into .tools/node24. Neither needs corepack or a global install.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, ".tools");
const isWindows = process.platform === "win32";
/** The Node majors the project supports; the tests run on each, the demo on the newest LTS. */
const SUPPORTED_NODES = [22, 24, 26];
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

function install() {
  const frozen = existsSync(join(ROOT, "pnpm-lock.yaml"));
  pnpm(frozen ? ["install", "--frozen-lockfile"] : ["install"]);
}

const vitestCli = () => join(ROOT, "node_modules", "vitest", "vitest.mjs");
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
    [
      "Check dependencies (check-deps)",
      () => {
        pnpm(["run", "check-deps"]);
        pnpm(["run", "check-deps:self-test"]);
      },
    ],
    ...SUPPORTED_NODES.map((major) => [
      `Unit and type tests on Node ${major} (vitest)`,
      () => run(ensureNode(major), [vitestCli(), "run", ...vitestReportArgs(`node-${major}`)]),
    ]),
    [
      "Pack smoke test (pnpm pack, publint, attw, install in an empty project)",
      () => {
        const env = childEnv();
        env.ASYNCIO_TEST_NODES = SUPPORTED_NODES.map(nodeBinary).join(delimiter);
        pnpm(["run", "pack-smoke"], { env });
      },
    ],
  ],
};

function main() {
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
  for (const [index, [title, action]] of stages.entries()) {
    const header = `[${index + 1}/${stages.length}] ${title}`;
    console.log(`\n${"=".repeat(78)}\n${header}\n${"=".repeat(78)}`);
    const stageStart = Date.now();
    try {
      action();
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

main();
