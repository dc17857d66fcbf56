// Runs the scheduling packages' test suites (futures, tasks, core, locks, queues, and compat
// without I/O) in a real browser: Debian's Chromium, headless, driven by playwright-core through
// its executablePath (nothing here downloads a browser). Each test file is bundled by esbuild for
// the page, with the packages' `browser` conditions, and runs in a fresh page of its own, as
// Vitest runs each file in a fresh module graph.
//
//   node scripts/test-browser.mjs [--report <file.json>] [path filter ...]
//
// A file or test that can't run in a page is skipped, with the reason printed (see SKIPPED_FILES
// and SKIPPED_TESTS below); everything else must pass. Then the task-tree page (apps/task-tree)
// is loaded, watched while its tasks run, screenshot, and its content checked.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, ".tools", "browser-tests");
const HARNESS = join(ROOT, "scripts", "browser-tests", "vitest-in-page.mjs");
const NODE_TEST_SHIMS = join(ROOT, "scripts", "browser-tests", "node-test-shims.mjs");

/** Debian's Chromium, and the flags of a quiet, sandbox-free, offline headless run. */
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const SUITES = ["futures", "tasks", "core", "locks", "queues", "compat"];

const TESTKIT_NEEDS_NODE =
  "@asyncio/testkit's entry reaches Node's fs and net (the executor suite's gates, the transport suite)";

/** Test files that can't run in a page at all, and why. */
const SKIPPED_FILES = {
  "packages/core/test/tasks/eager-task-factory.test.ts":
    "without an async context, eagerStart inside a task raises RuntimeError (tasks README, Runtimes)",
  "packages/futures/test/frame-store.test.ts":
    "its stand-in for AsyncContext is built on Node's AsyncLocalStorage",
  "packages/core/test/loop/process-exit.test.ts": "it starts Node processes to watch them exit",
  "packages/core/test/runners/process-edges.test.ts":
    "it starts Node processes and sends them signals",
  "packages/core/test/signals/signals.test.ts": "a page has no process signals",
  "packages/core/test/tasks/foreign-promise.test.ts":
    "its foreign API is Node's timers/promises; and a page's frame can't follow a foreign await",
  "packages/compat/test/bundle.test.ts": "it runs esbuild and a Node process",
  "packages/compat/test/io.test.ts": "streams and subprocesses need Node's net and child_process",
  "packages/compat/test/threads.test.ts": "toThread needs worker_threads",
  "packages/compat/test/network.test.ts":
    "sockets, TLS and name resolution need Node's net, tls and dns",
  "packages/core/test/conformance/event-loop.test.ts": TESTKIT_NEEDS_NODE,
  "packages/core/test/conformance/task-factory.test.ts": TESTKIT_NEEDS_NODE,
  "packages/core/test/conformance/clock.test.ts": TESTKIT_NEEDS_NODE,
  "packages/core/test/diagnostics/channels.test.ts":
    "a page has no node:diagnostics_channel to subscribe on (nothing is published there; core README, Events for observability tools)",
  "packages/core/test/diagnostics/debug-mode.test.ts":
    "debug mode's reports are built on V8's promise hooks and Node's gc (node:v8, node:vm), which a page lacks (core README, Runtimes)",
};

const EAGER_NEEDS_CONTEXT =
  "without an async context, eagerStart inside a task raises RuntimeError (tasks README, Runtimes)";
const FOREIGN_AWAIT_LEAVES_TASK =
  "without an async context, code after an await of a foreign Promise runs outside its task (tasks README, Runtimes)";

const AWAIT_FRAMES_NEED_HOOKS =
  "the frames of each await are recorded through V8's promise hooks (node:v8), which a page lacks (core README, Runtimes)";

/** Single tests that can't run in a page, by file and full name, and why. */
const SKIPPED_TESTS = {
  "packages/tasks/test/call-graph.test.ts": {
    "call graphs while suspension sites are recorded > a task group's task is awaited by the group's task and by the tasks awaiting it (test_graph.py::CallStackTestBase::test_stack_tgroup)":
      AWAIT_FRAMES_NEED_HOOKS,
    "call graphs while suspension sites are recorded > a child of gather() is awaited by the task awaiting the gather (test_graph.py::CallStackTestBase::test_stack_gather)":
      AWAIT_FRAMES_NEED_HOOKS,
    "call graphs while suspension sites are recorded > a shielded task is awaited by the task awaiting the shield (test_graph.py::CallStackTestBase::test_stack_shield)":
      AWAIT_FRAMES_NEED_HOOKS,
    "call graphs while suspension sites are recorded > a timeout adds no frame and no edge (test_graph.py::CallStackTestBase::test_stack_timeout)":
      AWAIT_FRAMES_NEED_HOOKS,
    "call graphs while suspension sites are recorded > a task in wait() is awaited by the task waiting (test_graph.py::CallStackTestBase::test_stack_wait)":
      AWAIT_FRAMES_NEED_HOOKS,
    "call graphs while suspension sites are recorded > a task is awaited by the task awaiting it (test_graph.py::CallStackTestBase::test_stack_task)":
      AWAIT_FRAMES_NEED_HOOKS,
    "call graphs while suspension sites are recorded > a Future is awaited by every task awaiting it (test_graph.py::CallStackTestBase::test_stack_future)":
      AWAIT_FRAMES_NEED_HOOKS,
  },
  "packages/tasks/test/task-snapshot.test.ts": {
    "takeTaskSnapshot > names each task's state: running, pending, cancelling, not started":
      "it compares the snapshot's pid with Node's process.pid",
    "takeTaskSnapshot > a started task awaiting nothing of ours waits on a foreign Promise; recorded, its site is where it awaits":
      AWAIT_FRAMES_NEED_HOOKS,
  },
  "packages/compat/test/combinators.test.ts": {
    "compat: gather of very many awaitables > asyncio.gather(...aws) passes its arguments on without spreading them again; gather_from takes an iterable (test_tasks.py::BaseTaskTests::test_gather_shield)":
      "spreading 120,000 arguments into one call (gather(...aws)) overflows Chromium's stack before the library runs",
  },
  "packages/compat/test/compat.test.ts": {
    "futures and tasks > eager_task_factory / create_eager_task_factory(Task) finish a non-blocking task without a loop iteration (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_completion)":
      EAGER_NEEDS_CONTEXT,
  },
  "packages/core/test/loop/scheduling.test.ts": {
    "far timers on the system clock > a timer 40 days ahead arms Node's timer within its range: no overflow warning, no spinning (test_base_events.py::BaseEventLoopTests::test_call_later)":
      "it watches Node's process 'warning' event",
  },
  "packages/core/test/tasks/context-vars.test.ts": {
    "contexts of tasks and callbacks > the value is right after awaiting a foreign Promise (context carried by AsyncLocalStorage)":
      FOREIGN_AWAIT_LEAVES_TASK,
    "callbacks that run after tasks' first steps > the code such a callback starts goes on outside every task after a foreign await (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)":
      FOREIGN_AWAIT_LEAVES_TASK,
  },
  "packages/core/test/tasks/current-task.test.ts": {
    "currentTask > stays right after the task awaits a foreign Promise (test_tasks.py::BaseTaskTests::test_current_task_with_interleaving_tasks)":
      FOREIGN_AWAIT_LEAVES_TASK,
  },
  "packages/core/test/tasks/task-group.test.ts": {
    "TaskGroup > a child that fails eagerly aborts the group at the next iteration, not inside createTask (taskgroups.py create_task, gh-128550: the done callback is always added)":
      EAGER_NEEDS_CONTEXT,
  },
  "packages/tasks/test/detached-code.test.ts": {
    "a timeout around code blocked on a foreign Promise > the detached body's next await of ours raises CancelledError, and its later error is reported (test_timeouts.py::TimeoutTests::test_timeout_exception_context)":
      FOREIGN_AWAIT_LEAVES_TASK,
    "a task cancelled while blocked on a foreign Promise > ends cancelled on the loop, not when the Promise settles; cancelling() counts the request (test_tasks.py::BaseTaskTests::test_cancel_current_task)":
      FOREIGN_AWAIT_LEAVES_TASK,
  },
};

const APP_DIR = join(ROOT, "apps", "task-tree");
const SCREENSHOTS = join(ROOT, ".tools", "reports");

/** Bundles the task-tree page for the browser beside its HTML. */
async function bundleApp() {
  await build({
    entryPoints: [join(APP_DIR, "src", "main.ts")],
    outfile: join(OUT, "app", "main.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@asyncio/source"],
    logLevel: "error",
  });
  writeFileSync(join(OUT, "app", "index.html"), readFileSync(join(APP_DIR, "src", "index.html")));
}

/**
 * Loads the page, waits until the tree shows tasks awaiting one another (a screenshot then), and
 * until the scenario finished (another), and checks what the page says. Returns the failures.
 */
async function checkApp(context, port) {
  const page = await context.newPage();
  const failures = [];
  page.on("pageerror", (error) => failures.push(`uncaught in the page: ${error.message}`));
  await page.goto(`http://127.0.0.1:${port}/app/index.html?pace=0.25`);
  await page.waitForFunction(
    () => document.querySelector("#tree")?.textContent?.includes("parser [awaiting] → fetcher"),
    undefined,
    { timeout: 30_000 },
  );
  const live = await page.textContent("#tree");
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, "task-tree-running.png") });
  await page.waitForSelector("body[data-state=finished], body[data-state=failed]", {
    timeout: 30_000,
  });
  await page.screenshot({ path: join(SCREENSHOTS, "task-tree-finished.png") });
  const tree = await page.textContent("#tree");
  const summary = await page.textContent("#summary");
  const log = await page.textContent("#log");
  await page.close();
  const expect = (ok, what) => {
    if (!ok) failures.push(what);
  };
  expect(
    live.includes("main [awaiting] → sleep(0.75)"),
    `while running, main awaits its sleep:\n${live}`,
  );
  expect(
    summary === "finished: parsed 42 rows; timeout hit: true; 2 tasks done, 2 cancelled",
    `the summary: ${summary}`,
  );
  for (const line of [
    "fetcher [done]",
    "parser [done]",
    "waiter [cancelled]",
    "slow [cancelled]",
  ]) {
    expect(tree.includes(line), `the finished tree shows "${line}":\n${tree}`);
  }
  expect(log.includes("waiter cancel requested by main (cancelling() = 1)"), `the log:\n${log}`);
  return { failures, live, tree, summary };
}

function parseArgs(argv) {
  const options = { report: null, filters: [] };
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === "--report") options.report = argv[++index];
    else options.filters.push(argv[index]);
  }
  return options;
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const posix = (path) => path.split(sep).join("/");

async function bundle(files) {
  rmSync(OUT, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outdir: join(OUT, "bundles"),
    outbase: ROOT,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Tests assert function names (`<Handle failing()>`, `coro=<main()>`): keep them.
    keepNames: true,
    conditions: ["@asyncio/source"],
    alias: { vitest: HARNESS, "node:v8": NODE_TEST_SHIMS, "node:vm": NODE_TEST_SHIMS },
    logLevel: "error",
  });
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>asyncio-ts tests</title>
<script type="module">
  const file = decodeURIComponent(location.hash.slice(1));
  try {
    await import("/bundles/" + file);
    const results = await globalThis.__asyncioRunCollected(globalThis.__asyncioSkips ?? {});
    await globalThis.__asyncioReport({ results });
  } catch (error) {
    await globalThis.__asyncioReport({ error: String(error?.stack ?? error) });
  }
</script>`;

function serve() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    if (path === "/" || path === "/run.html") {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(PAGE);
      return;
    }
    const file = join(OUT, path);
    if (!file.startsWith(OUT) || !existsSync(file)) {
      response.writeHead(404);
      response.end();
      return;
    }
    const types = { ".js": "text/javascript", ".html": "text/html" };
    const type = types[extname(file)] ?? "application/octet-stream";
    response.writeHead(200, { "content-type": type });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

/** Launches Debian's Chromium headless with a fresh profile; nothing is downloaded. */
export async function launchChromium(extraArgs = []) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "asyncio-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const FILE_TIMEOUT_MS = 120_000;

async function runFile(context, port, relativeFile) {
  const page = await context.newPage();
  const errors = [];
  const consoleLines = [];
  page.on("pageerror", (error) => errors.push(`uncaught in the page: ${error.stack ?? error}`));
  page.on("console", (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  const skips = SKIPPED_TESTS[relativeFile] ?? {};
  await page.addInitScript((value) => {
    globalThis.__asyncioSkips = value;
  }, skips);
  let settle;
  const reported = new Promise((resolve) => {
    settle = resolve;
  });
  await page.exposeFunction("__asyncioReport", (payload) => settle(payload));
  const bundleName = relativeFile.replace(/\.ts$/, ".js");
  const started = performance.now();
  await page.goto(`http://127.0.0.1:${port}/run.html#${encodeURIComponent(bundleName)}`);
  let timer;
  const payload = await Promise.race([
    reported,
    new Promise((resolve) => {
      timer = setTimeout(
        () => resolve({ error: `no report within ${FILE_TIMEOUT_MS / 1000}s` }),
        FILE_TIMEOUT_MS,
      );
    }),
  ]);
  clearTimeout(timer);
  await page.close();
  return { payload, errors, consoleLines, ms: performance.now() - started };
}

function printFile(relativeFile, outcome) {
  const results = outcome.payload.results ?? [];
  const failed = results.filter((result) => result.state === "fail");
  const broken = outcome.payload.error !== undefined || outcome.errors.length > 0;
  const mark = failed.length > 0 || broken ? "✗" : "✓";
  console.log(`${mark} ${relativeFile} (${results.length} tests) ${Math.round(outcome.ms)}ms`);
  for (const result of results) {
    if (result.state === "fail") {
      console.log(`    ✗ ${result.name}\n      ${result.error.message}`);
      const frames = result.error.stack.split("\n").filter((line) => line.trim().startsWith("at "));
      for (const frame of frames.slice(0, 4)) console.log(`      ${frame.trim()}`);
    } else if (result.state === "skip") {
      console.log(`    ↓ ${result.name} — skipped in the browser: ${result.reason}`);
    }
  }
  if (outcome.payload.error !== undefined)
    console.log(`    ✗ the file failed: ${outcome.payload.error}`);
  for (const error of outcome.errors) console.log(`    ✗ ${error}`);
  if (failed.length > 0 || broken) {
    for (const line of outcome.consoleLines.slice(-20)) console.log(`      ${line}`);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const all = SUITES.flatMap((name) => testFiles(join(ROOT, "packages", name, "test"))).sort();
  const chosen = all
    .map((file) => posix(relative(ROOT, file)))
    .filter(
      (file) => options.filters.length === 0 || options.filters.some((f) => file.includes(f)),
    );
  const skippedFiles = chosen.filter((file) => SKIPPED_FILES[file] !== undefined);
  const runnable = chosen.filter((file) => SKIPPED_FILES[file] === undefined);
  for (const file of skippedFiles) {
    console.log(`↓ ${file} — skipped in the browser: ${SKIPPED_FILES[file]}`);
  }
  const bundleStarted = performance.now();
  await bundle(runnable.map((file) => join(ROOT, file)));
  await bundleApp();
  console.log(
    `bundled ${runnable.length} test files with esbuild in ${Math.round(performance.now() - bundleStarted)}ms`,
  );

  const server = await serve();
  const { port } = server.address();
  const browser = await launchChromium(["--js-flags=--expose-gc"]);
  const version = browser.context.browser()?.version() ?? "unknown";
  console.log(`Chromium ${version} (${CHROMIUM}), headless\n`);
  const totals = { passed: 0, failed: 0, skipped: 0, brokenFiles: 0 };
  const files = [];
  try {
    for (const file of runnable) {
      const outcome = await runFile(browser.context, port, file);
      printFile(file, outcome);
      const results = outcome.payload.results ?? [];
      totals.passed += results.filter((r) => r.state === "pass").length;
      totals.failed += results.filter((r) => r.state === "fail").length;
      totals.skipped += results.filter((r) => r.state === "skip").length;
      if (outcome.payload.error !== undefined || outcome.errors.length > 0) totals.brokenFiles++;
      files.push({
        file,
        results,
        error: outcome.payload.error ?? null,
        pageErrors: outcome.errors,
      });
    }
    const app = await checkApp(browser.context, port);
    console.log(`\n${app.failures.length === 0 ? "✓" : "✗"} apps/task-tree page: ${app.summary}`);
    console.log(`    live tree:\n${app.live.replace(/^/gm, "      ")}`);
    console.log(`    screenshots: .tools/reports/task-tree-running.png, task-tree-finished.png`);
    for (const failure of app.failures) console.log(`    ✗ ${failure}`);
    totals.failed += app.failures.length;
    totals.passed += app.failures.length === 0 ? 1 : 0;
  } finally {
    await browser.close();
    server.close();
  }
  console.log(
    `\nbrowser (Chromium ${version}): ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped; ${skippedFiles.length} files skipped, ${totals.brokenFiles} files broken`,
  );
  if (options.report !== null) {
    mkdirSync(dirname(options.report), { recursive: true });
    writeFileSync(
      options.report,
      `${JSON.stringify(
        {
          runtime: `Chromium ${version}`,
          numPassedTests: totals.passed,
          numFailedTests: totals.failed + totals.brokenFiles,
          numPendingTests: totals.skipped,
          skippedFiles: Object.fromEntries(skippedFiles.map((file) => [file, SKIPPED_FILES[file]])),
          files,
        },
        null,
        2,
      )}\n`,
    );
  }
  process.exitCode = totals.failed > 0 || totals.brokenFiles > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
