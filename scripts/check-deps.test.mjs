// Self-test of check-deps.mjs on small throwaway workspaces: node --test scripts/
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { checkWorkspace, findCycle, fixReferences, importsOf } from "./check-deps.mjs";

const roots = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function write(root, file, content) {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`,
  );
}

/** A valid two-package workspace (b -> a, a as peer), with optional edits applied. */
function fixture(edit = () => {}, { fix = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), "check-deps-"));
  roots.push(root);
  const files = {
    "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
    "package.json": { name: "root", private: true, devDependencies: { vitest: "^4.0.0" } },
    "tsconfig.json": {
      files: [],
      references: ["a", "a/tsconfig.test.json", "b", "b/tsconfig.test.json"].map((p) => ({
        path: `packages/${p}`,
      })),
    },
    "packages/a/package.json": { name: "@asyncio/a", version: "0.1.0" },
    "packages/a/tsconfig.json": { references: [] },
    "packages/a/tsconfig.test.json": { references: [{ path: "./tsconfig.json" }] },
    "packages/a/src/index.ts": 'export * from "./impl.js";\n',
    "packages/a/src/impl.ts": "export const a = 1;\n",
    "packages/a/test/a.test.ts": 'import { it } from "vitest";\nimport { a } from "@asyncio/a";\n',
    "packages/b/package.json": {
      name: "@asyncio/b",
      version: "0.1.0",
      peerDependencies: { "@asyncio/a": "workspace:^" },
      devDependencies: { "@asyncio/a": "workspace:^" },
    },
    "packages/b/tsconfig.json": { references: [{ path: "../a" }] },
    "packages/b/tsconfig.test.json": {
      references: [{ path: "./tsconfig.json" }, { path: "../a" }],
    },
    "packages/b/src/index.ts": 'import type { a } from "@asyncio/a";\nexport type A = typeof a;\n',
  };
  edit(files);
  for (const [file, content] of Object.entries(files)) {
    if (content !== undefined) write(root, file, content);
  }
  if (fix) fixReferences(root);
  return checkWorkspace(root).errors;
}

const expectError = (errors, pattern) =>
  assert.ok(
    errors.some((error) => pattern.test(error)),
    `expected an error matching ${pattern}, got:\n${errors.join("\n") || "(none)"}`,
  );

test("a valid workspace passes", () => {
  assert.deepEqual(fixture(), []);
});

test("import specifiers are found with their lines", () => {
  const found = importsOf(
    'import a from "x";\nexport { b } from "y";\nconst c = await import("z");\n// import "no";\nimport type { T } from "t";\n',
  );
  assert.deepEqual(
    found.map(({ specifier, line }) => `${line}:${specifier}`),
    ["1:x", "2:y", "3:z", "5:t"],
  );
});

test("an undeclared workspace import fails, naming file and import", () => {
  const errors = fixture((files) => {
    files["packages/a/src/impl.ts"] = 'import "@asyncio/b";\n';
  });
  expectError(errors, /packages\/a\/src\/impl\.ts:1: import "@asyncio\/b"/);
});

test("src may not rely on a devDependency; tests may", () => {
  const errors = fixture((files) => {
    files["packages/b/package.json"].peerDependencies = undefined;
  });
  expectError(
    errors,
    /packages\/b\/src\/index\.ts:1: .*not in @asyncio\/b's dependencies or peerDependencies/,
  );
  const ok = fixture((files) => {
    files["packages/b/src/index.ts"] = "export {};\n";
    files["packages/b/test/b.test.ts"] = 'import "@asyncio/a";\n';
  });
  assert.deepEqual(ok, []);
});

test("a subpath import must be in the package's own imports map", () => {
  const errors = fixture((files) => {
    files["packages/a/src/impl.ts"] = 'import { a } from "#platform";\nexport { a };\n';
  });
  expectError(
    errors,
    /packages\/a\/src\/impl\.ts:1: import "#platform": "#platform" is not in @asyncio\/a's "imports"/,
  );
  const ok = fixture((files) => {
    files["packages/a/src/impl.ts"] = 'import { a } from "#platform";\nexport { a };\n';
    files["packages/a/package.json"].imports = {
      "#platform": { browser: "./src/platform-browser.ts", default: "./src/platform-node.ts" },
    };
  });
  assert.deepEqual(ok, []);
});

test("a package importing itself by name from src fails", () => {
  const errors = fixture((files) => {
    files["packages/a/src/impl.ts"] = 'import "@asyncio/a";\n';
  });
  expectError(errors, /imports itself by name/);
});

test("a relative import out of the package fails", () => {
  const errors = fixture((files) => {
    files["packages/b/src/index.ts"] = 'export * from "../../a/src/impl.js";\n';
  });
  expectError(errors, /leaves the package directory packages\/b/);
});

test("a test may import the test/support/ of a package it depends on, and nothing else of it", () => {
  const sharing = fixture((files) => {
    files["packages/a/test/support/loop.ts"] = "export const loop = 1;\n";
    files["packages/b/test/b.test.ts"] = 'import { loop } from "../../a/test/support/loop.js";\n';
  });
  assert.deepEqual(sharing, []);
  const beyondSupport = fixture((files) => {
    files["packages/b/test/b.test.ts"] = 'import { a } from "../../a/test/a.test.js";\n';
  });
  expectError(beyondSupport, /leaves the package directory packages\/b/);
  const upwards = fixture((files) => {
    files["packages/b/test/support/loop.ts"] = "export const loop = 1;\n";
    files["packages/a/test/a2.test.ts"] = 'import { loop } from "../../b/test/support/loop.js";\n';
  });
  expectError(upwards, /leaves the package directory packages\/a/);
  const fromSrc = fixture((files) => {
    files["packages/a/test/support/loop.ts"] = "export const loop = 1;\n";
    files["packages/b/src/index.ts"] = 'export { loop } from "../../a/test/support/loop.js";\n';
  });
  expectError(fromSrc, /leaves the package directory packages\/b/);
});

test("an undeclared third-party import from src fails", () => {
  const errors = fixture((files) => {
    files["packages/a/src/impl.ts"] = 'import "left-pad";\nimport "node:fs";\nimport "path";\n';
  });
  assert.equal(errors.length, 1);
  expectError(errors, /import "left-pad"/);
});

test("a dependency cycle fails", () => {
  const errors = fixture((files) => {
    files["packages/a/package.json"].dependencies = { "@asyncio/b": "workspace:^" };
    files["packages/a/tsconfig.json"].references = [{ path: "../b" }];
    files["packages/a/tsconfig.test.json"].references.push({ path: "../b" });
  });
  expectError(errors, /dependency cycle: @asyncio\/a -> @asyncio\/b -> @asyncio\/a/);
  assert.deepEqual(
    findCycle(
      new Map([
        ["x", new Set(["y"])],
        ["y", new Set()],
      ]),
    ),
    null,
  );
});

test("tsconfig references must match the internal dependencies", () => {
  const errors = fixture((files) => {
    files["packages/b/tsconfig.json"].references = [];
  });
  expectError(errors, /packages\/b\/tsconfig\.json: references \[\(none\)\] but .*\[@asyncio\/a\]/);
  const testErrors = fixture((files) => {
    files["packages/b/tsconfig.test.json"].references = [{ path: "../a" }];
  });
  expectError(testErrors, /tsconfig\.test\.json: must reference \.\/tsconfig\.json/);
});

test("the root solution must reference every project", () => {
  const errors = fixture((files) => {
    files["tsconfig.json"].references.pop();
  });
  expectError(errors, /add \{ "path": "packages\/b\/tsconfig\.test\.json" \}/);
});

test("manifest conventions are enforced", () => {
  const errors = fixture((files) => {
    files["packages/b/package.json"].devDependencies = undefined;
    files["packages/b/package.json"].peerDependencies["@asyncio/a"] = "^0.1.0";
  });
  expectError(errors, /use the workspace: protocol/);
  expectError(errors, /peerDependency but not a devDependency/);
  const exportErrors = fixture((files) => {
    files["packages/a/package.json"].exports = {
      ".": { "@asyncio/source": "./src/index.ts", default: "./dist/index.js" },
    };
  });
  expectError(exportErrors, /publishConfig\.exports must equal/);
});

test("--fix rewrites references and creates a missing tsconfig.test.json", () => {
  const errors = fixture(
    (files) => {
      files["packages/b/tsconfig.json"].references = [];
      files["packages/b/tsconfig.test.json"] = undefined;
      files["tsconfig.json"].references = [];
    },
    { fix: true },
  );
  assert.deepEqual(errors, []);
});
