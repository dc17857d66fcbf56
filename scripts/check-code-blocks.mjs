// Checks the TypeScript code blocks of the documentation, so that an example a reader copies
// compiles and does what its text says. Every ```ts block of README.md, packages/*/README.md and
// docs/*.md is written into `.code-blocks/`, a scratch folder inside the workspace (where
// `@asyncio/*` resolve to the packages' built `dist/`), type-checked in one `tsc` run, and the blocks marked runnable are
// run with Node, their exit status (and printed output, where the document shows it) asserted.
//
// Markers, each an HTML comment on the line just before a block (blank lines between allowed):
//   <!-- not-checked: reason -->   a fragment that can't compile on its own; the reason is
//                                  required and printed
//   <!-- run -->                   also run the program (it must exit with status 0); when the
//                                  block is followed by <!-- output --> and a ```text block, the
//                                  program's output must be exactly that text
//   <!-- file: name.ts -->         write the block under that name (other blocks of the same
//                                  document may import it as "./name.js"); implies no run
//
// Usage: node scripts/check-code-blocks.mjs [file.md ...]   (after `pnpm build`)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SCRATCH = join(ROOT, ".code-blocks");
const RUN_TIMEOUT_MS = 30_000;

const MARKER = /^<!--\s*(not-checked|run|file|output)\s*(?::\s*(.*?))?\s*-->$/;
const FENCE_OPEN = /^(\s*)(`{3,})\s*([\w-]*)\s*$/;

/**
 * The code blocks of one Markdown text: `{ lang, code, line, markers, output }`, where `line` is
 * the 1-based line of the block's first code line, `markers` the comments just before it and
 * `output` the text of an `<!-- output -->` block that follows it (or null).
 */
export function extractBlocks(markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  let pending = []; // markers seen since the last non-blank, non-marker line
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = MARKER.exec(line.trim());
    if (marker) {
      pending.push({ kind: marker[1], value: marker[2] ?? "", line: i + 1 });
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (!open) {
      if (line.trim() !== "") pending = [];
      continue;
    }
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (lines[j].trim() === fence && lines[j].startsWith(indent)) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (j === lines.length) throw new Error(`line ${i + 1}: a code block that never closes`);
    const block = { lang, code: body.join("\n"), line: i + 2, markers: pending, output: null };
    const previous = blocks.at(-1);
    const outputMarker = pending.find((m) => m.kind === "output");
    if (outputMarker) {
      if (!previous || lang !== "text")
        throw new Error(`line ${outputMarker.line}: <!-- output --> must precede a text block`);
      if (previous.output !== null)
        throw new Error(`line ${outputMarker.line}: a second output for one block`);
      previous.output = block.code;
      block.isOutput = true;
    }
    blocks.push(block);
    pending = [];
    i = j;
  }
  return blocks.filter((block) => !block.isOutput);
}

/** What to do with one ```ts block: `{ action: "skip" | "check" | "run", reason?, file? }`. */
export function planBlock(block) {
  const kinds = new Map(block.markers.map((m) => [m.kind, m]));
  const skip = kinds.get("not-checked");
  if (skip) {
    if (skip.value.trim() === "")
      throw new Error(`line ${skip.line}: <!-- not-checked --> needs a reason after a colon`);
    if (block.output !== null)
      throw new Error(`line ${skip.line}: a block that isn't checked can't have an output`);
    return { action: "skip", reason: skip.value.trim() };
  }
  const file = kinds.get("file");
  if (file && !/^[\w.-]+\.ts$/.test(file.value))
    throw new Error(`line ${file.line}: <!-- file: ${file.value} --> must name a .ts file`);
  if (file && kinds.has("run"))
    throw new Error(`line ${file.line}: a block written as a module can't also be run`);
  if (block.output !== null && !kinds.has("run"))
    throw new Error(`line ${block.line - 1}: an output follows a block not marked <!-- run -->`);
  return { action: kinds.has("run") ? "run" : "check", file: file?.value };
}

/** The Markdown files whose blocks are checked: the root README, the packages' and docs/. */
function documents() {
  const found = ["README.md"];
  for (const pkg of readdirSync(join(ROOT, "packages")).sort()) {
    if (existsSync(join(ROOT, "packages", pkg, "README.md")))
      found.push(`packages/${pkg}/README.md`);
  }
  for (const doc of readdirSync(join(ROOT, "docs")).sort()) {
    if (doc.endsWith(".md")) found.push(`docs/${doc}`);
  }
  return found;
}

/** A folder name for a document's blocks: `packages/core/README.md` -> `packages-core-README`. */
function folderOf(doc) {
  return doc.replace(/\.md$/, "").replaceAll(/[/\\]/g, "-");
}

/** Makes `@asyncio/<name>` resolve from the scratch folder to the workspace's packages. */
function linkPackages() {
  const scope = join(SCRATCH, "node_modules", "@asyncio");
  mkdirSync(scope, { recursive: true });
  for (const pkg of readdirSync(join(ROOT, "packages"))) {
    if (!existsSync(join(ROOT, "packages", pkg, "package.json"))) continue;
    symlinkSync(join(ROOT, "packages", pkg), join(scope, pkg), "dir");
  }
}

function tsconfig(files) {
  return {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023", "ESNext.Disposable", "DOM"],
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules", "@types")],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      outDir: "out",
      rootDir: ".",
      noEmitOnError: false,
      pretty: false,
    },
    files,
  };
}

/** The Node that runs the blocks: Node 24 from `.tools/` when present, else the one on PATH. */
function nodeBinary() {
  const node24 = join(ROOT, ".tools", "node24", "node_modules", ".bin", "node");
  return existsSync(node24) ? node24 : process.execPath;
}

/** Normalises a program's output for comparison: no trailing spaces or trailing blank lines. */
export function normaliseOutput(text) {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trimEnd();
}

async function main(argv) {
  const docs = argv.length > 0 ? argv.map((file) => relative(ROOT, resolve(file))) : documents();
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  writeFileSync(join(SCRATCH, "package.json"), '{ "type": "module", "private": true }\n');
  linkPackages();

  const entries = []; // { doc, block, plan, file }
  const problems = [];
  for (const doc of docs) {
    let blocks;
    try {
      blocks = extractBlocks(await readFile(join(ROOT, doc), "utf8"));
    } catch (error) {
      problems.push(`${doc}: ${error.message}`);
      continue;
    }
    for (const block of blocks) {
      if (block.lang !== "ts" && block.lang !== "typescript") continue;
      let plan;
      try {
        plan = planBlock(block);
      } catch (error) {
        problems.push(`${doc}: ${error.message}`);
        continue;
      }
      if (plan.action === "skip") {
        console.log(`skip  ${doc}:${block.line - 1}  (${plan.reason})`);
        continue;
      }
      const file = `${folderOf(doc)}/${plan.file ?? `block-${block.line - 1}.ts`}`;
      mkdirSync(join(SCRATCH, dirname(file)), { recursive: true });
      // `export {}` makes a block without imports a module too (top-level await, own scope).
      writeFileSync(join(SCRATCH, file), `${block.code}\nexport {};\n`);
      entries.push({ doc, block, plan, file });
    }
  }
  writeFileSync(
    join(SCRATCH, "tsconfig.json"),
    JSON.stringify(tsconfig(entries.map((e) => e.file)), null, 2),
  );

  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const checked = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], {
    cwd: SCRATCH,
    encoding: "utf8",
  });
  const byFile = new Map(entries.map((e) => [e.file, e]));
  for (const line of `${checked.stdout}${checked.stderr}`.split("\n")) {
    const diagnostic = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (!diagnostic) {
      if (line.trim() !== "") problems.push(`tsc: ${line}`);
      continue;
    }
    const entry = byFile.get(diagnostic[1]);
    if (!entry) {
      problems.push(`tsc: ${line}`);
      continue;
    }
    const mdLine = entry.block.line + Number(diagnostic[2]) - 1;
    problems.push(`${entry.doc}:${mdLine}:${diagnostic[3]}: ${diagnostic[4]}`);
  }
  for (const entry of entries) {
    if (entry.plan.action !== "check") continue;
    console.log(`check ${entry.doc}:${entry.block.line - 1}`);
  }

  const node = nodeBinary();
  for (const entry of entries) {
    if (entry.plan.action !== "run") continue;
    const where = `${entry.doc}:${entry.block.line - 1}`;
    const script = join(SCRATCH, "out", entry.file.replace(/\.ts$/, ".js"));
    if (!existsSync(script)) {
      problems.push(`${where}: tsc wrote no JavaScript for the block`);
      continue;
    }
    const started = Date.now();
    const ran = spawnSync(node, [script], {
      cwd: dirname(script),
      encoding: "utf8",
      timeout: RUN_TIMEOUT_MS,
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`run   ${where}  (${seconds} s)`);
    if (ran.error || ran.status !== 0) {
      const why = ran.error ? ran.error.message : `exit status ${ran.status}`;
      problems.push(`${where}: the program failed (${why})\n${ran.stdout}${ran.stderr}`);
      continue;
    }
    const expected = entry.block.output;
    if (expected !== null && normaliseOutput(ran.stdout) !== normaliseOutput(expected)) {
      problems.push(
        `${where}: the output differs from the document's\n--- expected\n${expected}\n--- printed\n${ran.stdout}`,
      );
    }
  }

  const counts = { check: 0, run: 0 };
  for (const entry of entries) counts[entry.plan.action]++;
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.join("\n")}`);
    process.exitCode = 1;
    return;
  }
  console.log(
    `\n${counts.check + counts.run} blocks type-checked, ${counts.run} of them run, in ${docs.length} documents.`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
