// Runs the benchmark rows side by side and prints a Markdown table (or JSON with --json).
//
//   node run.mjs [--rows a,b] [--node <path>] [--python <path>] [--repeat N] [--json]
//
// Each folder of rows/ with a row.json is a row; its scripts are the columns:
//   project.mjs  this project, on the Node given by --node (default: the Node running this)
//   python.py    CPython's asyncio, and again with --uvloop for uvloop
//   floor.mjs    the same work with plain Promises / queueMicrotask / timers, on the same Node
//   library.mjs  optional: the same work with another Node library (row.json "library" names it)
// A script prints one JSON line, { "ops": N, "seconds": S } or { "ops": N, "bytes": B }.
// Every script runs --repeat times (default 5), each time in a fresh process; the best run counts.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const rowsDir = join(here, "rows");

/** Goals: how a project cell compares with the others. */
const GOALS = {
  minOverUvloop: 2,
  minOverFloor: 0.5,
  maxBytesPerOp: 1024,
};
const RUN_TIMEOUT_MS = 120_000;

const COLUMNS = [
  { key: "project", label: "project", script: "project.mjs", runtime: "node" },
  { key: "asyncio", label: "asyncio", script: "python.py", runtime: "python" },
  { key: "uvloop", label: "uvloop", script: "python.py", runtime: "python", args: ["--uvloop"] },
  { key: "floor", label: "Node floor", script: "floor.mjs", runtime: "node" },
  { key: "library", label: "other library", script: "library.mjs", runtime: "node" },
];

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** Scripts run in their row's folder, so a relative path to a program must be made absolute. */
function executable(path) {
  return path?.includes("/") ? resolve(path) : path;
}

function parseOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        rows: { type: "string" },
        node: { type: "string" },
        python: { type: "string" },
        repeat: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (error) {
    fail(error.message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(
      "usage: node run.mjs [--rows a,b] [--node <path>] [--python <path>] [--repeat N] [--json]\n",
    );
    process.exit(0);
  }
  const repeat = values.repeat === undefined ? 5 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) fail(`--repeat must be a positive integer`);
  return {
    rows: values.rows?.split(",").map((name) => name.trim()) ?? null,
    node: executable(values.node) ?? process.execPath,
    python: executable(values.python) ?? "/usr/bin/python3",
    repeat,
    json: values.json ?? false,
  };
}

/** Every folder of rows/ that has a row.json, in `order`, then by name. */
function discoverRows() {
  const rows = [];
  for (const entry of readdirSync(rowsDir, { withFileTypes: true })) {
    const dir = join(rowsDir, entry.name);
    const meta = join(dir, "row.json");
    if (!entry.isDirectory() || !existsSync(meta)) continue;
    const row = JSON.parse(readFileSync(meta, "utf8"));
    if (row.metric !== "ops/s" && row.metric !== "bytes/op") {
      fail(`${entry.name}/row.json: metric must be "ops/s" or "bytes/op"`);
    }
    rows.push({ name: entry.name, dir, nodeFlags: [], order: 0, ...row });
  }
  return rows.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

function probe(command, args) {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim();
}

function runOnce(row, column, env) {
  const script = join(row.dir, column.script);
  const [command, args] =
    column.runtime === "node"
      ? [env.node, [...row.nodeFlags, script]]
      : [env.python, [script, ...(column.args ?? [])]];
  const result = spawnSync(command, args, {
    cwd: row.dir,
    encoding: "utf8",
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 1 << 20,
  });
  if (result.error) return { error: result.error.message };
  if (result.status !== 0) {
    const lines = result.stderr.trim().split("\n");
    const reason = lines.find((line) => /Error|error:/.test(line)) ?? lines.at(-1);
    return { error: `exit ${result.status ?? result.signal}: ${reason}` };
  }
  const last = result.stdout.trim().split("\n").at(-1);
  try {
    const { ops, seconds, bytes } = JSON.parse(last);
    if (row.metric === "ops/s") return { value: ops / seconds, ops, seconds };
    return { value: bytes / ops, ops, bytes };
  } catch {
    return { error: `unexpected output: ${last}` };
  }
}

function better(metric, a, b) {
  return metric === "ops/s" ? a > b : a < b;
}

function measureRow(row, env, repeat, log) {
  const columns = COLUMNS.filter(
    (column) => env.available[column.key] && existsSync(join(row.dir, column.script)),
  );
  const cells = {};
  for (const column of columns) cells[column.key] = { runs: [], value: null, error: null };
  // Interleave the columns so that a noisy moment hits all of them alike.
  for (let i = 0; i < repeat; i++) {
    for (const column of columns) {
      const cell = cells[column.key];
      if (cell.error !== null) continue;
      const run = runOnce(row, column, env);
      if (run.error !== undefined) {
        cell.error = run.error;
        log(`  ${row.name} / ${column.key}: ${run.error}`);
        continue;
      }
      cell.runs.push(run.value);
      if (cell.value === null || better(row.metric, run.value, cell.value)) cell.value = run.value;
    }
  }
  const project = cells.project?.value ?? null;
  const ratios = {};
  for (const key of ["asyncio", "uvloop", "floor", "library"]) {
    const other = cells[key]?.value ?? null;
    ratios[key] = project !== null && other !== null ? project / other : null;
  }
  return {
    name: row.name,
    title: row.title,
    library: row.library ?? null,
    metric: row.metric,
    cells,
    ratios,
    goals: goals(row, project, ratios),
  };
}

/** Which goals the project cell meets (null where the comparison is missing). */
function goals(row, project, ratios) {
  if (row.metric === "bytes/op") {
    return { maxBytes: project === null ? null : project <= GOALS.maxBytesPerOp };
  }
  return {
    overUvloop: ratios.uvloop === null ? null : ratios.uvloop >= GOALS.minOverUvloop,
    overFloor: ratios.floor === null ? null : ratios.floor >= GOALS.minOverFloor,
  };
}

function formatValue(metric, value) {
  if (value === null || value === undefined) return "—";
  if (metric === "bytes/op") return `${Math.round(value).toLocaleString("en-US")} B`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M/s`;
  if (value < 1e3) return `${value.toFixed(1)}/s`;
  return `${(value / 1e3).toFixed(0)} k/s`;
}

function formatRatio(ratio) {
  if (ratio === null) return "—";
  return `${ratio.toFixed(ratio < 10 ? 2 : 1)}×`;
}

function formatGoals(result) {
  const mark = (met) => (met === null ? "?" : met ? "✓" : "✗");
  const { goals: g } = result;
  if (result.metric === "bytes/op") return `${mark(g.maxBytes)} ≤ 1 KB`;
  return `${mark(g.overUvloop)} 2× uvloop, ${mark(g.overFloor)} ½ floor`;
}

function markdown(results, env, options, seconds) {
  const lines = [];
  const uvloop = env.available.uvloop ? `uvloop ${env.uvloopVersion}` : "uvloop: not installed";
  const python = env.available.asyncio ? `CPython ${env.pythonVersion}` : "CPython: not found";
  lines.push(
    `Node ${env.nodeVersion} (project and floor), ${python}, ${uvloop}; ${cpus()[0]?.model ?? "unknown CPU"}.`,
    `Best of ${options.repeat} runs, each in a fresh process. ops/s: higher is better; bytes: lower is better.`,
    "",
    "| row | project | asyncio | uvloop | Node floor | project/asyncio | project/uvloop | project/floor | goals |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  );
  for (const result of results) {
    const cell = (key) => {
      const c = result.cells[key];
      if (c === undefined) return "—";
      if (c.error !== null && c.value === null) return "error";
      return formatValue(result.metric, c.value);
    };
    lines.push(
      `| ${result.title} | ${cell("project")} | ${cell("asyncio")} | ${cell("uvloop")} | ${cell("floor")} | ${formatRatio(result.ratios.asyncio)} | ${formatRatio(result.ratios.uvloop)} | ${formatRatio(result.ratios.floor)} | ${formatGoals(result)} |`,
    );
  }
  const withLibrary = results.filter((result) => result.cells.library !== undefined);
  if (withLibrary.length > 0) {
    lines.push(
      "",
      "| row | project | other library | project/library |",
      "| --- | ---: | ---: | ---: |",
    );
    for (const result of withLibrary) {
      const c = result.cells.library;
      const value =
        c.error !== null && c.value === null ? "error" : formatValue(result.metric, c.value);
      lines.push(
        `| ${result.title} | ${formatValue(result.metric, result.cells.project?.value ?? null)} | ${result.library ?? "library"}: ${value} | ${formatRatio(result.ratios.library)} |`,
      );
    }
  }
  lines.push("", `Took ${seconds.toFixed(0)} s.`);
  return `${lines.join("\n")}\n`;
}

function main() {
  const started = performance.now();
  const options = parseOptions();
  const log = (line) => process.stderr.write(`${line}\n`);
  let rows = discoverRows();
  if (options.rows !== null) {
    const known = new Set(rows.map((row) => row.name));
    const unknown = options.rows.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      fail(`unknown rows: ${unknown.join(", ")} (known: ${[...known].join(", ")})`);
    }
    rows = rows.filter((row) => options.rows.includes(row.name));
  }

  try {
    const core = fileURLToPath(import.meta.resolve("@asyncio/core"));
    if (!existsSync(core)) fail(`${core} is missing: run \`pnpm build\` first`);
  } catch (error) {
    fail(`cannot resolve @asyncio/core (${error.message}): run \`pnpm install\` first`);
  }

  const nodeVersion = probe(options.node, ["-p", "process.version"]);
  if (nodeVersion === null) fail(`cannot run Node at ${options.node}`);
  const pythonVersion = probe(options.python, [
    "-c",
    "import platform; print(platform.python_version())",
  ]);
  const uvloopVersion =
    pythonVersion === null
      ? null
      : probe(options.python, ["-c", "import uvloop; print(uvloop.__version__)"]);
  if (pythonVersion === null) {
    log(
      `python3 not found at ${options.python}: apt-get install python3 (skipping asyncio and uvloop)`,
    );
  } else if (uvloopVersion === null) {
    log("uvloop not installed: apt-get install python3-uvloop (skipping the uvloop column)");
  }
  const env = {
    node: options.node,
    nodeVersion,
    python: options.python,
    pythonVersion,
    uvloopVersion,
    available: {
      project: true,
      asyncio: pythonVersion !== null,
      uvloop: uvloopVersion !== null,
      floor: true,
      library: true,
    },
  };

  const results = [];
  for (const row of rows) {
    log(`${row.name} ...`);
    results.push(measureRow(row, env, options.repeat, log));
  }
  const seconds = (performance.now() - started) / 1000;
  if (options.json) {
    const report = {
      node: { path: env.node, version: nodeVersion },
      python: pythonVersion === null ? null : { path: env.python, version: pythonVersion },
      uvloop: uvloopVersion,
      cpu: cpus()[0]?.model ?? null,
      repeat: options.repeat,
      pick: "best",
      goals: GOALS,
      seconds,
      rows: results,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(markdown(results, env, options, seconds));
  }
  if (results.some((r) => Object.values(r.cells).some((c) => c.value === null))) {
    process.exitCode = 1;
  }
}

main();
