// Profiles one column of one row with V8's sampling profiler and prints the functions (and the
// packages) with the most self time, summed over several runs.
//
//   node profile.mjs <row> [--column project|floor] [--node <path>] [--runs N] [--top N] [--keep]
//
// Only the samples of the measured window count: the last `seconds` the script reports, which
// leaves out start-up and module loading. The .cpuprofile files go to a temporary folder
// (kept and printed with --keep; open them in Chrome DevTools).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const usage =
  "usage: node profile.mjs <row> [--column project|floor] [--node <path>] [--runs N] [--top N] [--keep]\n";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    column: { type: "string", default: "project" },
    node: { type: "string" },
    runs: { type: "string", default: "3" },
    top: { type: "string", default: "20" },
    keep: { type: "boolean" },
  },
});
const [rowName] = positionals;
const runs = Number(values.runs);
if (
  rowName === undefined ||
  !["project", "floor"].includes(values.column) ||
  !Number.isInteger(runs) ||
  runs < 1
) {
  process.stderr.write(usage);
  process.exit(2);
}
const rowDir = join(here, "rows", rowName);
const row = JSON.parse(readFileSync(join(rowDir, "row.json"), "utf8"));
const node = values.node === undefined ? process.execPath : resolve(values.node);
const outDir = mkdtempSync(join(tmpdir(), "asyncio-profile-"));

function shortUrl(url) {
  return url.startsWith("file:") ? relative(root, fileURLToPath(url)) : url;
}

/** Where a function lives: a package, a Node internal module, the row's script, or V8. */
function areaOf(url, name) {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /packages\/([^/]+)\//.exec(url);
  if (pkg) return `@asyncio/${pkg[1]}`;
  if (url.startsWith("node:")) return url;
  return "row script";
}

const byFunction = new Map();
const byArea = new Map();
let total = 0;
let windowSeconds = 0;

for (let i = 0; i < runs; i++) {
  const dir = join(outDir, String(i));
  const run = spawnSync(
    node,
    [
      ...(row.nodeFlags ?? []),
      "--cpu-prof",
      "--cpu-prof-interval=100",
      `--cpu-prof-dir=${dir}`,
      join(rowDir, `${values.column}.mjs`),
    ],
    { cwd: rowDir, encoding: "utf8" },
  );
  if (run.status !== 0) {
    process.stderr.write(run.stderr);
    process.exit(1);
  }
  const output = run.stdout.trim().split("\n").at(-1);
  process.stdout.write(`${rowName} / ${values.column}: ${output}\n`);
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));

  const reported = JSON.parse(output);
  const windowStart =
    reported.seconds === undefined ? profile.startTime : profile.endTime - reported.seconds * 1e6;
  windowSeconds += (profile.endTime - windowStart) / 1e6;
  const selfSamples = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index];
    if (at < windowStart) return;
    selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
    total++;
  });
  for (const { id, callFrame } of profile.nodes) {
    const count = selfSamples.get(id) ?? 0;
    if (count === 0) continue;
    const name = callFrame.functionName || "(anonymous)";
    const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : "";
    const key = `${name}\t${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + count);
    const area = areaOf(callFrame.url, name);
    byArea.set(area, (byArea.get(area) ?? 0) + count);
  }
}

const percent = (count) => `${((100 * count) / total).toFixed(1).padStart(5)}%`;
process.stdout.write(
  `${total} samples in ${windowSeconds.toFixed(3)} s of measured work (${runs} runs); self time:\n`,
);
for (const [key, count] of [...byFunction]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(values.top))) {
  const [name, where] = key.split("\t");
  process.stdout.write(`${percent(count)}  ${name}${where ? `  ${where}` : ""}\n`);
}
process.stdout.write("by area:\n");
for (const [area, count] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
  process.stdout.write(`${percent(count)}  ${area}\n`);
}
if (values.keep) process.stdout.write(`profiles: ${outDir}\n`);
else rmSync(outDir, { recursive: true });
