// Packs every publishable package the way it would be published and checks the tarballs:
//   1. `pnpm pack` each package (publishConfig applied, workspace: ranges replaced);
//   2. the packed manifest has no workspace: range and no source export condition;
//   3. publint --strict and attw --profile esm-only on each tarball;
//   4. an empty project outside the workspace installs the tarballs with npm (the @asyncio/*
//      packages come only from the tarballs) and imports every package;
//   5. the first ```js / ```ts example of packages/all/README.md runs there as an .mjs file;
//   6. @asyncio/testkit, as installed from its tarball, runs its suites there with Vitest against
//      the project's own implementations from their tarballs: EventLoop (virtual and real time),
//      the task factories, the clocks, ThreadPoolExecutor and the TCP and Unix-socket transports.
//
//   node scripts/pack-smoke.mjs       (run `pnpm build` first; ASYNCIO_TEST_NODES=<node>:<node>
//                                      runs the imports and the example on those Nodes)
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspacePackages } from "./lib/workspace.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const SOURCE_CONDITION = "@asyncio/source";
const EXAMPLE_README = "packages/all/README.md";
const isWindows = process.platform === "win32";

function fail(message) {
  console.error(`\npack-smoke: FAILED: ${message}`);
  process.exit(1);
}

/** Environment without the npm_* variables of whichever package manager started us. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

function run(command, args, options = {}) {
  const shown = [command, ...args].map((part) => (/\s/.test(part) ? JSON.stringify(part) : part));
  if (!options.capture)
    console.log(`$ ${shown.join(" ")}${options.cwd ? `   (in ${options.cwd})` : ""}`);
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    stdio: options.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
    shell: isWindows && !command.endsWith(".exe") && command !== process.execPath,
    env: options.env ?? cleanEnv(),
    timeout: options.timeout,
  });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(`${shown.join(" ")} exited with ${result.status ?? result.signal}${options.hint ?? ""}`);
  }
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

const binOf = (name) => join(root, "node_modules", ".bin", isWindows ? `${name}.cmd` : name);

/**
 * The test file of step 6: the suites of the installed @asyncio/testkit on the implementations
 * of the installed packages, as a plugin's own test file would call them.
 */
const CONFORMANCE_TEST = `// Written by scripts/pack-smoke.mjs.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLoop, systemClock, VirtualClock } from "@asyncio/core";
import { createConnection, createServer, createUnixConnection, createUnixServer } from "@asyncio/streams";
import { eagerTaskFactory } from "@asyncio/tasks";
import {
  describeClock,
  describeEventLoop,
  describeExecutor,
  describeTaskFactory,
  describeTransport,
  executorJobsUrl,
} from "@asyncio/testkit";
import { moduleFunction, ThreadPoolExecutor } from "@asyncio/to-thread";

describeEventLoop(() => new EventLoop({ clock: new VirtualClock() }), {
  name: "EventLoop on a VirtualClock",
  time: "virtual",
});
describeEventLoop(() => new EventLoop(), { name: "EventLoop on the system clock" });

describeTaskFactory(eagerTaskFactory, {
  name: "eagerTaskFactory",
  loop: () => new EventLoop({ clock: new VirtualClock() }),
  eager: true,
});

describeClock(() => systemClock, { name: "systemClock", loop: (clock) => new EventLoop({ clock }) });
describeClock(() => new VirtualClock(), {
  name: "VirtualClock",
  virtual: true,
  loop: (clock) => new EventLoop({ clock }),
});

describeExecutor(() => new ThreadPoolExecutor({ maxWorkers: 2 }), {
  name: "ThreadPoolExecutor",
  fn: (name, { onCancel }) => moduleFunction(executorJobsUrl, name, { onCancel }),
  loop: () => new EventLoop(),
  capacity: 2,
  cooperative: true,
});

const portOf = (server) => server.sockets[0].getsockname()[1];
const closing = (server) => async () => {
  server.close();
  await server.waitClosed();
};

describeTransport({
  name: "TCP",
  loop: () => new EventLoop(),
  async connect({ client, server }) {
    const listener = await createServer(server, "127.0.0.1", 0);
    const [transport] = await createConnection(client, "127.0.0.1", portOf(listener));
    return { client: transport, close: closing(listener) };
  },
});

const socketDir = mkdtempSync(join(tmpdir(), "asyncio-pack-smoke-sockets-"));
let sockets = 0;
describeTransport({
  name: "Unix socket",
  loop: () => new EventLoop(),
  async connect({ client, server }) {
    const path = join(socketDir, \`s\${sockets++}.sock\`);
    const listener = await createUnixServer(server, path);
    const [transport] = await createUnixConnection(client, path);
    return { client: transport, close: closing(listener) };
  },
});
`;

function firstExample(readmePath) {
  const text = readFileSync(readmePath, "utf8");
  const match = /^```(?:js|javascript|mjs|ts|typescript|mts)\s*\n([\s\S]*?)^```/m.exec(text);
  return match?.[1];
}

const packages = workspacePackages(root).filter((pkg) => !pkg.manifest.private);
if (packages.length === 0) fail("no publishable packages found");

const work = mkdtempSync(join(tmpdir(), "asyncio-pack-smoke-"));
const tarballDir = join(work, "tarballs");
const project = join(work, "project");
mkdirSync(tarballDir);
mkdirSync(project);
let ok = false;
process.on("exit", () => {
  if (ok || !process.env.CI) rmSync(work, { recursive: true, force: true });
  else console.error(`pack-smoke: left ${work} for inspection`);
});

console.log(`pack-smoke: ${packages.length} packages, working in ${work}\n`);

const tarballs = new Map();
for (const pkg of packages) {
  console.log(`--- ${pkg.name}`);
  if (!existsSync(join(pkg.dir, "dist")))
    fail(`${pkg.rel}/dist is missing: run \`pnpm build\` first`);
  const before = new Set(readdirSync(tarballDir));
  pnpm(["pack", "--pack-destination", tarballDir], { cwd: pkg.dir, capture: true });
  const created = readdirSync(tarballDir).filter(
    (file) => !before.has(file) && file.endsWith(".tgz"),
  );
  if (created.length !== 1) fail(`pnpm pack in ${pkg.rel} made ${created.length} tarballs`);
  const tarball = join(tarballDir, created[0]);
  tarballs.set(pkg.name, tarball);

  const manifestText = run("tar", ["-xzOf", tarball, "package/package.json"], { capture: true });
  if (manifestText.includes("workspace:"))
    fail(`${created[0]}: package.json still has a workspace: range`);
  if (manifestText.includes(SOURCE_CONDITION)) {
    fail(`${created[0]}: package.json still has the "${SOURCE_CONDITION}" export condition`);
  }
  run(binOf("publint"), ["run", "--strict", tarball]);
  run(binOf("attw"), [
    tarball,
    "--profile",
    "esm-only",
    "--no-definitely-typed",
    "--format",
    "ascii",
  ]);
  console.log("");
}

console.log("--- install the tarballs into an empty project");
const deps = Object.fromEntries([...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]));
writeFileSync(
  join(project, "package.json"),
  `${JSON.stringify(
    {
      name: "asyncio-pack-smoke",
      version: "0.0.0",
      private: true,
      type: "module",
      dependencies: deps,
      // The kit's suites run on Vitest, which it takes as a peer dependency.
      devDependencies: { vitest: rootManifest.devDependencies.vitest },
      // Any @asyncio/* range inside the tarballs resolves to these tarballs, never the registry.
      overrides: deps,
    },
    null,
    2,
  )}\n`,
);
run(isWindows ? "npm.cmd" : "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], {
  cwd: project,
});
const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
for (const name of tarballs.keys()) {
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry) fail(`${name} was not installed`);
  if (entry.resolved && !entry.resolved.startsWith("file:")) {
    fail(`${name} was installed from ${entry.resolved}, not from its tarball`);
  }
}
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  if (/node_modules\/@asyncio\/[^/]+$/.test(path) && !path.startsWith("node_modules/@asyncio/")) {
    fail(`a nested copy of an @asyncio package was installed at ${path} (${entry.version})`);
  }
}

// The supported Nodes, as bootstrap passes them; this one when run by hand.
const nodes = process.env.ASYNCIO_TEST_NODES
  ? process.env.ASYNCIO_TEST_NODES.split(delimiter)
  : [process.execPath];

const importAll = [...tarballs.keys()]
  .map(
    (name) =>
      `const m${name.replace(/\W/g, "_")} = await import(${JSON.stringify(name)});\n` +
      `console.log(${JSON.stringify(`${name}:`)}, Object.keys(m${name.replace(/\W/g, "_")}).length, "exports");`,
  )
  .join("\n");
writeFileSync(join(project, "import-all.mjs"), `${importAll}\n`);

writeFileSync(join(project, "conformance.test.mjs"), CONFORMANCE_TEST);

const example = firstExample(join(root, EXAMPLE_README));
if (example === undefined) fail(`${EXAMPLE_README} has no \`\`\`js or \`\`\`ts example`);
writeFileSync(join(project, "example.mjs"), example);

for (const node of nodes) {
  const version = run(node, ["--version"], { capture: true }).trim();
  console.log(`\n--- import every package on Node ${version}`);
  run(node, ["import-all.mjs"], { cwd: project, timeout: 60_000 });
  console.log(`\n--- first example of ${EXAMPLE_README} on Node ${version}`);
  run(node, ["example.mjs"], {
    cwd: project,
    timeout: 120_000,
    hint: `\n  (the first \`\`\`ts/\`\`\`js block of ${EXAMPLE_README} runs as plain JavaScript: no type annotations)`,
  });
  console.log(
    `\n--- @asyncio/testkit from its tarball, on the project's implementations, Node ${version}`,
  );
  run(node, [join(project, "node_modules", "vitest", "vitest.mjs"), "run"], {
    cwd: project,
    timeout: 300_000,
  });
}

ok = true;
console.log(
  `\npack-smoke: ${tarballs.size} packages packed, linted, installed and run; the testkit's suites passed`,
);
