import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { currentRuntime, skippedFiles } from "./scripts/runtime-skips/skips.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The export condition that maps `@asyncio/*` imports to their TypeScript sources. */
const SOURCE_CONDITION = "@asyncio/source";
const conditions = [SOURCE_CONDITION, "module", "node", "development|production"];

/** Every workspace package under packages/* and apps/*, found by globbing, and examples/. */
function workspacePackages(): { name: string; dir: string }[] {
  const dirs: string[] = [];
  for (const group of ["packages", "apps"]) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(`${group}/${entry.name}`);
    }
  }
  dirs.push("examples");
  const found: { name: string; dir: string }[] = [];
  for (const dir of dirs) {
    const manifest = join(root, dir, "package.json");
    if (!existsSync(manifest)) continue;
    const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name: string };
    found.push({ name, dir });
  }
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * The examples' tests start the built programs in child processes; some of them wait on
 * timeouts of a few seconds by design, and CPython runs beside them.
 */
const EXAMPLES_TEST_TIMEOUT_MS = 60_000;

/** Whether `dir` holds a runtime test file (`*.test.ts`), at any depth. */
function hasTests(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((entry) =>
    entry.isDirectory() ? hasTests(join(dir, entry.name)) : entry.name.endsWith(".test.ts"),
  );
}

const packages = workspacePackages();
// Every package is tested: a project without tests is a mistake, not something to pass.
const untested = packages.filter(({ dir }) => !hasTests(join(root, dir, "test")));
if (untested.length > 0) {
  throw new Error(
    `every workspace package needs tests in test/**/*.test.ts; none in ${untested.map(({ dir }) => dir).join(", ")}`,
  );
}

// On Bun and Deno, the tests that can't run there are skipped with their reasons
// (scripts/runtime-skips/skips.mjs): single tests by the setup file, whole files here.
const runtime = currentRuntime();
const skipped = runtime === "node" ? [] : skippedFiles(runtime);
// Said once per run: the config is loaded again for each project and by the workers.
if (skipped.length > 0 && process.env.ASYNCIO_RUNTIME_SKIPS_SHOWN === undefined) {
  process.env.ASYNCIO_RUNTIME_SKIPS_SHOWN = "1";
  for (const { file, reason } of skipped) console.log(`skipped on ${runtime}: ${file}: ${reason}`);
}
const runtimeSkips =
  runtime === "node"
    ? {}
    : {
        setupFiles: [join(root, "scripts/runtime-skips/setup.mjs")],
        exclude: ["**/node_modules/**", ...skipped.map(({ file }) => file)],
      };

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    root,
    ...runtimeSkips,
    projects: [
      // One project per package: runtime tests, importing sibling packages from source.
      ...packages.map(({ name, dir }) => ({
        extends: true as const,
        test: {
          name,
          include: [`${dir}/test/**/*.test.ts`],
          ...(dir === "examples" ? { testTimeout: EXAMPLES_TEST_TIMEOUT_MS } : {}),
        },
      })),
      // One project for all type tests, so the type checker runs once over the workspace.
      {
        extends: true as const,
        test: {
          name: "types",
          include: [],
          typecheck: {
            enabled: true,
            only: true,
            checker: "tsc",
            include: ["{packages,apps}/*/test/**/*.test-d.ts"],
            tsconfig: "./tsconfig.vitest.json",
          },
        },
      },
    ],
  },
});
