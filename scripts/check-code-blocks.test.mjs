// Self-test of check-code-blocks.mjs: the Markdown parsing and the markers' rules on small texts,
// then the whole checker on throwaway documents. Run with: node --test scripts/check-code-blocks.test.mjs
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { extractBlocks, normaliseOutput, planBlock } from "./check-code-blocks.mjs";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "check-code-blocks.mjs");
const dirs = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const fence = "```";

test("extractBlocks finds each block with its language, first code line and markers", () => {
  const md = [
    "# Title", // 1
    "", // 2
    "<!-- run -->", // 3
    `${fence}ts`, // 4
    "console.log(1);", // 5
    fence, // 6
    "", // 7
    "<!-- output -->", // 8
    `${fence}text`, // 9
    "1", // 10
    fence, // 11
    "", // 12
    `${fence}sh`, // 13
    "npm test", // 14
    fence, // 15
  ].join("\n");
  const blocks = extractBlocks(md);
  assert.equal(blocks.length, 2);
  assert.deepEqual(
    blocks.map((b) => [b.lang, b.line, b.code, b.output]),
    [
      ["ts", 5, "console.log(1);", "1"],
      ["sh", 14, "npm test", null],
    ],
  );
  assert.deepEqual(
    blocks[0].markers.map((m) => [m.kind, m.line]),
    [["run", 3]],
  );
});

test("a marker applies only to the block right after it (blank lines allowed)", () => {
  const md = ["<!-- run -->", "", "Some text.", "", `${fence}ts`, "let a = 1;", fence].join("\n");
  assert.deepEqual(extractBlocks(md)[0].markers, []);
});

test("blocks indented in a list keep their code without the indentation", () => {
  const md = ["- item", "", `  ${fence}ts`, "  const x = 1;", "    nested();", `  ${fence}`].join(
    "\n",
  );
  assert.equal(extractBlocks(md)[0].code, "const x = 1;\n  nested();");
});

test("an unclosed block and a misplaced output are errors with the line", () => {
  assert.throws(
    () => extractBlocks(`${fence}ts\nlet a;\n`),
    /line 1: a code block that never closes/,
  );
  assert.throws(
    () => extractBlocks(["<!-- output -->", `${fence}text`, "1", fence].join("\n")),
    /line 1: <!-- output --> must precede a text block/,
  );
});

test("planBlock: not-checked needs a reason; file and run don't mix; output needs run", () => {
  const block = (markers, output = null) => ({ line: 10, markers, output });
  assert.deepEqual(planBlock(block([{ kind: "not-checked", value: "a fragment", line: 8 }])), {
    action: "skip",
    reason: "a fragment",
  });
  assert.throws(
    () => planBlock(block([{ kind: "not-checked", value: " ", line: 8 }])),
    /line 8: <!-- not-checked --> needs a reason/,
  );
  assert.deepEqual(planBlock(block([{ kind: "run", value: "", line: 9 }])), {
    action: "run",
    file: undefined,
  });
  assert.deepEqual(planBlock(block([{ kind: "file", value: "work.ts", line: 9 }])), {
    action: "check",
    file: "work.ts",
  });
  assert.throws(
    () => planBlock(block([{ kind: "file", value: "../work.ts", line: 9 }])),
    /must name a \.ts file/,
  );
  assert.throws(
    () =>
      planBlock(
        block([
          { kind: "file", value: "work.ts", line: 8 },
          { kind: "run", value: "", line: 9 },
        ]),
      ),
    /can't also be run/,
  );
  assert.throws(() => planBlock(block([], "1")), /an output follows a block not marked/);
});

test("normaliseOutput ignores trailing spaces and trailing blank lines only", () => {
  assert.equal(normaliseOutput("a  \nb\n\n"), "a\nb");
  assert.notEqual(normaliseOutput(" a"), normaliseOutput("a"));
});

/** Runs the checker on one throwaway document; returns its exit status and output. */
function check(markdown) {
  const dir = mkdtempSync(join(tmpdir(), "check-code-blocks-"));
  dirs.push(dir);
  const file = join(dir, "doc.md");
  writeFileSync(file, markdown);
  const result = spawnSync(process.execPath, [SCRIPT, file], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test("the checker runs a block, compares its output and prints the skip reasons", () => {
  const { status, output } = check(
    [
      "<!-- run -->",
      `${fence}ts`,
      "const greeting: string = 'hello';",
      "console.log(greeting);",
      fence,
      "",
      "<!-- output -->",
      `${fence}text`,
      "hello",
      fence,
      "",
      "<!-- not-checked: stands for any fragment -->",
      `${fence}ts`,
      "await undefinedThing();",
      fence,
    ].join("\n"),
  );
  assert.equal(status, 0, output);
  assert.match(output, /skip {2}.*doc\.md:13 {2}\(stands for any fragment\)/);
  assert.match(output, /1 blocks type-checked, 1 of them run, in 1 documents\./);
});

test("the checker reports a type error at its Markdown line and a wrong output", () => {
  const { status, output } = check(
    [
      "Intro.", // 1
      "", // 2
      `${fence}ts`, // 3
      "const n: number = 1;", // 4
      "const s: string = n;", // 5
      fence, // 6
      "", // 7
      "<!-- run -->", // 8
      `${fence}ts`, // 9
      "console.log('actual');", // 10
      fence, // 11
      "<!-- output -->", // 12
      `${fence}text`, // 13
      "expected", // 14
      fence, // 15
    ].join("\n"),
  );
  assert.equal(status, 1);
  assert.match(
    output,
    /doc\.md:5:7: error TS2322: Type 'number' is not assignable to type 'string'/,
  );
  assert.match(
    output,
    /doc\.md:9: the output differs from the document's\n--- expected\nexpected\n--- printed\nactual/,
  );
});

test("the checker fails a program that exits with a non-zero status", () => {
  const { status, output } = check(
    ["<!-- run -->", `${fence}ts`, "process.exitCode = 3;", fence].join("\n"),
  );
  assert.equal(status, 1);
  assert.match(output, /doc\.md:2: the program failed \(exit status 3\)/);
});
