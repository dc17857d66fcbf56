// Self-test of create-plugin.mjs: node --test scripts/create-plugin.test.mjs
//
// In a copy of this workspace's manifests and tsconfigs, a scaffolded plugin of every kind must
// pass check-deps as it is written (declared dependencies, tsconfig references, the root
// tsconfig); a standalone one must name published versions only; bad input is refused before
// anything is written. scripts/plugin-smoke.mjs runs the scaffolded plugins' own tests.
import assert from "node:assert/strict";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkWorkspace } from "./check-deps.mjs";
import { createPlugin, KINDS } from "./create-plugin.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const made = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function temporary(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** The workspace's manifests and tsconfigs, without sources: what check-deps reads. */
function workspaceCopy() {
  const root = temporary("create-plugin-");
  for (const file of [
    "package.json",
    "pnpm-workspace.yaml",
    "tsconfig.json",
    "tsconfig.base.json",
  ]) {
    cpSync(join(ROOT, file), join(root, file));
  }
  mkdirSync(join(root, ".changeset"));
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(ROOT, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const file of ["package.json", "tsconfig.json", "tsconfig.test.json"]) {
        const source = join(ROOT, group, entry.name, file);
        if (!existsSync(source)) continue;
        mkdirSync(join(root, group, entry.name), { recursive: true });
        cpSync(source, join(root, group, entry.name, file));
      }
    }
  }
  // check-deps reads benchmarks/ as a workspace package too.
  mkdirSync(join(root, "benchmarks"));
  cpSync(join(ROOT, "benchmarks", "package.json"), join(root, "benchmarks", "package.json"));
  return root;
}

for (const kind of Object.keys(KINDS)) {
  test(`the ${kind} kind, scaffolded in the workspace, passes check-deps as written`, () => {
    const root = workspaceCopy();
    const before = checkWorkspace(root).errors;
    assert.deepEqual(before, []);
    const written = createPlugin({ root, name: `my-${kind}`, kind });
    const dir = join(root, "packages", `my-${kind}`);
    for (const file of ["package.json", "tsconfig.json", "tsconfig.test.json", "README.md"]) {
      assert.ok(written.includes(join(dir, file)), `${file} written`);
    }
    assert.ok(existsSync(join(dir, "test", "conformance.test.ts")));
    assert.ok(existsSync(join(dir, "src", "index.ts")));
    assert.deepEqual(checkWorkspace(root).errors, []);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(manifest.name, `@asyncio/my-${kind}`);
    assert.equal(manifest.devDependencies["@asyncio/testkit"], "workspace:^");
    const changeset = readFileSync(join(root, ".changeset", `my-${kind}.md`), "utf8");
    assert.match(
      changeset,
      new RegExp(`^---\\n"@asyncio/my-${kind}": minor\\n---\\n\\nNew package: `),
    );
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    assert.match(readme, new RegExp(`^# @asyncio/my-${kind}\\n`));
    assert.doesNotMatch(readme, /\{\{/);
    const references = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")).references;
    assert.ok(references.some((ref) => ref.path === `packages/my-${kind}/tsconfig.test.json`));
  });
}

test("a standalone plugin names published versions, with its tools, and no changeset", () => {
  const out = join(temporary("create-plugin-out-"), "clock-plugin");
  createPlugin({ name: "clock-plugin", kind: "clock", out, standalone: true });
  const text = readFileSync(join(out, "package.json"), "utf8");
  assert.doesNotMatch(text, /workspace:|@asyncio\/source/);
  const manifest = JSON.parse(text);
  assert.equal(manifest.name, "clock-plugin");
  const coreVersion = JSON.parse(
    readFileSync(join(ROOT, "packages/core/package.json"), "utf8"),
  ).version;
  assert.equal(manifest.dependencies["@asyncio/core"], `^${coreVersion}`);
  for (const tool of ["vitest", "typescript", "@types/node"]) {
    assert.ok(manifest.devDependencies[tool], `${tool} is a dev dependency`);
  }
  const tsconfig = JSON.parse(readFileSync(join(out, "tsconfig.json"), "utf8"));
  assert.equal(tsconfig.extends, undefined);
  assert.equal(tsconfig.compilerOptions.strict, true);
  assert.ok(!existsSync(join(out, ".changeset")));
});

test("bad input is refused before anything is written, naming what is wrong", () => {
  const root = workspaceCopy();
  assert.throws(() => createPlugin({ root, name: "My Plugin" }), /NAME must be .* got "My Plugin"/);
  assert.throws(
    () => createPlugin({ root, name: "my-loop", kind: "loop" }),
    /--kind must be one of executor, task-factory, clock, got "loop"/,
  );
  assert.throws(
    () => createPlugin({ root, name: "solo", standalone: true }),
    /--standalone needs --out DIR/,
  );
  const occupied = join(root, "packages", "core");
  assert.ok(existsSync(occupied));
  assert.throws(() => createPlugin({ root, name: "core" }), /already exists and is not empty/);
  assert.deepEqual(readdirSync(join(root, ".changeset")), []);
});
