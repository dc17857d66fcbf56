// The README's runtime table, from the reports of the last `npm test` (.tools/reports/): per
// package and per runtime, the tests that passed, failed and were skipped there (each skip has
// its reason in scripts/runtime-skips/skips.mjs or scripts/test-browser.mjs).
//
//   node scripts/runtime-table.mjs [report dir]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = process.argv[2] ?? join(ROOT, ".tools", "reports");

const COLUMNS = [
  ["vitest-node-22.json", "Node 22"],
  ["vitest-node-24.json", "Node 24"],
  ["vitest-node-26.json", "Node 26"],
  ["vitest-bun.json", "Bun"],
  ["vitest-deno.json", "Deno"],
  ["browser-chromium.json", "Chromium"],
];

/** "packages/core/test/x.test.ts" -> "core" (or "task-tree" for apps). */
function packageOf(file) {
  const match = /^(?:packages|apps)\/([^/]+)\//.exec(file);
  return match === null ? null : match[1];
}

function countVitest(report) {
  const counts = {};
  for (const suite of report.testResults ?? []) {
    const name = packageOf(relative(ROOT, suite.name));
    if (name === null) continue;
    const entry = (counts[name] ??= { passed: 0, failed: 0, skipped: 0 });
    for (const test of suite.assertionResults ?? []) {
      if (test.status === "passed") entry.passed++;
      else if (test.status === "failed") entry.failed++;
      else entry.skipped++;
    }
  }
  return counts;
}

function countBrowser(report) {
  const counts = {};
  for (const file of report.files ?? []) {
    const entry = (counts[packageOf(file.file)] ??= { passed: 0, failed: 0, skipped: 0 });
    for (const result of file.results) {
      if (result.state === "pass") entry.passed++;
      else if (result.state === "fail") entry.failed++;
      else entry.skipped++;
    }
  }
  for (const file of Object.keys(report.skippedFiles ?? {})) {
    const entry = (counts[packageOf(file)] ??= { passed: 0, failed: 0, skipped: 0 });
    entry.skippedFiles = (entry.skippedFiles ?? 0) + 1;
  }
  return counts;
}

const columns = COLUMNS.filter(([file]) => existsSync(join(dir, file))).map(([file, title]) => {
  const report = JSON.parse(readFileSync(join(dir, file), "utf8"));
  return { title, counts: file.startsWith("browser") ? countBrowser(report) : countVitest(report) };
});
if (columns.length === 0) {
  console.error(`no reports in ${dir} (${readdirSync(dir).join(", ")})`);
  process.exit(1);
}
const packages = [...new Set(columns.flatMap(({ counts }) => Object.keys(counts)))].sort();

const cell = (entry) => {
  if (entry === undefined) return "—";
  const parts = [`${entry.passed} ✓`];
  if (entry.failed > 0) parts.push(`${entry.failed} ✗`);
  if (entry.skipped > 0) parts.push(`${entry.skipped} skipped`);
  if (entry.skippedFiles) parts.push(`${entry.skippedFiles} file(s) skipped`);
  return parts.join(", ");
};

console.log(`| package | ${columns.map(({ title }) => title).join(" | ")} |`);
console.log(`| --- | ${columns.map(() => "---").join(" | ")} |`);
for (const name of packages) {
  console.log(`| ${name} | ${columns.map(({ counts }) => cell(counts[name])).join(" | ")} |`);
}
