// Starts a plugin package from templates/plugin: the kind's minimal implementation, a test that
// runs its conformance suite of @asyncio/testkit, a README, and around them the manifest, the
// tsconfigs and (in this repository) a changeset. Plain Node, no dependencies.
//
//   node scripts/create-plugin.mjs NAME [--kind executor|task-factory|clock] [--description TEXT]
//        writes packages/NAME as @asyncio/NAME, a package of this workspace
//   node scripts/create-plugin.mjs NAME --out DIR --standalone [--package NPM_NAME]
//        writes DIR as a package of its own, on the published @asyncio packages
//
// In the workspace, run `pnpm install` afterwards; the new package's tests are then one Vitest
// project among the others (`vitest run --project @asyncio/NAME`).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** What each kind's code imports, as dependency kinds of its manifest. */
export const KINDS = {
  executor: {
    description: "An asyncio executor that runs the calls submitted to it one at a time.",
    dependencies: ["@asyncio/core", "@asyncio/to-thread"],
    devDependencies: [],
  },
  "task-factory": {
    description: "An asyncio task factory whose tasks remember when they were created.",
    dependencies: [],
    devDependencies: ["@asyncio/core"],
  },
  clock: {
    description: "An asyncio clock on Node's high-resolution counter.",
    dependencies: ["@asyncio/core"],
    devDependencies: [],
  },
};

/** Every plugin takes the running-loop registry and the task registry as peers, as the packages do. */
const PEERS = ["@asyncio/futures", "@asyncio/tasks"];
const TESTKIT = "@asyncio/testkit";

function usage(message) {
  return new Error(
    `${message}\nusage: create-plugin NAME [--kind ${Object.keys(KINDS).join("|")}] [--description TEXT] [--out DIR --standalone] [--package NPM_NAME]`,
  );
}

/** The version of a workspace package, by name. */
function workspaceVersion(root, name) {
  const dir = join(root, "packages", name.replace(/^@asyncio\//, ""));
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
}

function sorted(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The manifest of the new package. */
function manifest({ packageName, description, kind, standalone, root }) {
  const spec = (name) => (standalone ? `^${workspaceVersion(root, name)}` : "workspace:^");
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const { dependencies, devDependencies } = KINDS[kind];
  const exports = standalone
    ? { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } }
    : {
        ".": {
          "@asyncio/source": "./src/index.ts",
          types: "./dist/index.d.ts",
          default: "./dist/index.js",
        },
      };
  const dev = Object.fromEntries(
    [...PEERS, ...devDependencies, TESTKIT].map((name) => [name, spec(name)]),
  );
  if (standalone) {
    // Outside the workspace the tools come with the package.
    for (const tool of ["vitest", "typescript", "@types/node"]) {
      dev[tool] = rootManifest.devDependencies[tool];
    }
  }
  const result = {
    name: packageName,
    version: "0.0.0",
    description,
    keywords: ["asyncio", "async", "plugin", kind],
    license: "MIT",
    type: "module",
    sideEffects: false,
    exports,
    files: ["dist", "src"],
    publishConfig: {
      access: "public",
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
    },
    engines: { node: ">=22" },
    scripts: standalone
      ? {
          build: "tsc -p tsconfig.json",
          typecheck: "tsc -p tsconfig.test.json",
          test: "vitest run",
        }
      : {
          build: "tsc -b",
          test: `vitest run --config ../../vitest.config.ts --project ${packageName}`,
          lint: "biome check .",
        },
  };
  if (dependencies.length > 0) {
    result.dependencies = sorted(Object.fromEntries(dependencies.map((n) => [n, spec(n)])));
  }
  result.peerDependencies = sorted(Object.fromEntries(PEERS.map((n) => [n, spec(n)])));
  result.devDependencies = sorted(dev);
  return result;
}

/** The workspace packages the new one depends on, in any way: its tsconfig references. */
function internalDependencies(kind) {
  const { dependencies, devDependencies } = KINDS[kind];
  const order = [
    "@asyncio/futures",
    "@asyncio/tasks",
    TESTKIT,
    "@asyncio/core",
    "@asyncio/to-thread",
  ];
  const all = new Set([...PEERS, ...dependencies, ...devDependencies, TESTKIT]);
  return order.filter((name) => all.has(name));
}

function tsconfigs({ kind, standalone }) {
  if (standalone) {
    const compilerOptions = {
      target: "ES2022",
      lib: ["ES2023", "ESNext.Disposable"],
      types: ["node"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      declaration: true,
      sourceMap: true,
      rootDir: "src",
      outDir: "dist",
    };
    return {
      "tsconfig.json": { compilerOptions, include: ["src/**/*.ts"] },
      "tsconfig.test.json": {
        extends: "./tsconfig.json",
        compilerOptions: { rootDir: ".", noEmit: true },
        include: ["src/**/*.ts", "test/**/*.ts"],
      },
    };
  }
  const refs = internalDependencies(kind).map((name) => ({
    path: `../${name.replace(/^@asyncio\//, "")}`,
  }));
  return {
    "tsconfig.json": {
      extends: "../../tsconfig.base.json",
      compilerOptions: { rootDir: "src", outDir: "dist" },
      include: ["src/**/*.ts"],
      references: refs,
    },
    "tsconfig.test.json": {
      extends: "../../tsconfig.base.json",
      compilerOptions: { rootDir: ".", noEmit: true, isolatedDeclarations: false },
      include: ["test/**/*.ts"],
      references: [{ path: "./tsconfig.json" }, ...refs],
    },
  };
}

/**
 * Puts short lists of strings on one line, as the repository's formatter writes a tsconfig's
 * `include` and `lib` (it keeps a package.json's lists one item a line).
 */
function inlineStringLists(json) {
  return json.replace(/\[\n\s+("[^"\n]*"(?:,\n\s+"[^"\n]*")*)\n\s*\]/g, (list, items) => {
    const inline = `[${items.split(/,\n\s+/).join(", ")}]`;
    return inline.length <= 60 ? inline : list;
  });
}

/** Copies the kind's `.tmpl` files, filling in the placeholders. */
function copyTemplate(kind, out, values) {
  const from = join(ROOT, "templates", "plugin", kind);
  const written = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const source = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(source);
        continue;
      }
      if (!entry.name.endsWith(".tmpl")) continue;
      const target = join(out, relative(from, source)).slice(0, -".tmpl".length);
      let text = readFileSync(source, "utf8");
      for (const [key, value] of Object.entries(values))
        text = text.replaceAll(`{{${key}}}`, value);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      written.push(target);
    }
  };
  walk(from);
  return written;
}

/** Adds the package and its test project to the root tsconfig.json's references. */
function referenceFromRoot(root, name) {
  const file = join(root, "tsconfig.json");
  const text = readFileSync(file, "utf8");
  const config = JSON.parse(text);
  const wanted = [`packages/${name}`, `packages/${name}/tsconfig.test.json`];
  const present = new Set(config.references.map((ref) => ref.path));
  const missing = wanted.filter((path) => !present.has(path));
  if (missing.length === 0) return;
  // Keep the file's one-reference-per-line layout: insert after the last package entry.
  const lines = text.split("\n");
  let last = -1;
  lines.forEach((line, index) => {
    if (/"path": "packages\//.test(line)) last = index;
  });
  const indent = last >= 0 ? (/^\s*/.exec(lines[last])?.[0] ?? "    ") : "    ";
  const added = missing.map((path) => `${indent}{ "path": ${JSON.stringify(path)} },`);
  if (last >= 0 && !lines[last].trimEnd().endsWith(",")) lines[last] = `${lines[last]},`;
  lines.splice(last + 1, 0, ...added);
  // A new last entry must not end with a comma.
  const closing = lines.findIndex((line, index) => index > last && /^\s*\]/.test(line));
  if (closing > 0) lines[closing - 1] = lines[closing - 1].replace(/,\s*$/, "");
  writeFileSync(file, lines.join("\n"));
}

/**
 * Writes the plugin package; returns the files it wrote. `root` is the workspace (its versions
 * and, unless `standalone`, where the package and its changeset go).
 */
export function createPlugin({
  root = ROOT,
  name,
  kind = "executor",
  out,
  standalone = false,
  packageName,
  description,
}) {
  if (typeof name !== "string" || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw usage(
      `NAME must be lower-case words joined by hyphens (my-executor), got ${JSON.stringify(name)}`,
    );
  }
  if (!Object.hasOwn(KINDS, kind)) {
    throw usage(
      `--kind must be one of ${Object.keys(KINDS).join(", ")}, got ${JSON.stringify(kind)}`,
    );
  }
  if (standalone && out === undefined) throw usage("--standalone needs --out DIR");
  const target = out === undefined ? join(root, "packages", name) : resolve(out);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw usage(`${target} already exists and is not empty`);
  }
  const npmName = packageName ?? (standalone ? name : `@asyncio/${name}`);
  const text = description ?? KINDS[kind].description;
  mkdirSync(target, { recursive: true });
  const written = copyTemplate(kind, target, { package: npmName, description: text });
  const files = {
    "package.json": manifest({ packageName: npmName, description: text, kind, standalone, root }),
    ...tsconfigs({ kind, standalone }),
  };
  for (const [file, content] of Object.entries(files)) {
    const json = JSON.stringify(content, null, 2);
    writeFileSync(
      join(target, file),
      `${file === "package.json" ? json : inlineStringLists(json)}\n`,
    );
    written.push(join(target, file));
  }
  if (!standalone) {
    const changeset = join(root, ".changeset", `${name}.md`);
    writeFileSync(changeset, `---\n"${npmName}": minor\n---\n\nNew package: ${text}\n`);
    written.push(changeset);
    referenceFromRoot(root, name);
  }
  return written.sort();
}

function parseArgs(argv) {
  const options = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw usage(`${arg} needs a value`);
      return next;
    };
    if (arg === "--kind") options.kind = value();
    else if (arg === "--out") options.out = value();
    else if (arg === "--package") options.packageName = value();
    else if (arg === "--description") options.description = value();
    else if (arg === "--standalone") options.standalone = true;
    else if (arg.startsWith("--")) throw usage(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw usage("give exactly one NAME");
  return { ...options, name: positional[0] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const written = createPlugin(options);
    const shown = (file) => (isAbsolute(file) ? relative(process.cwd(), file) || file : file);
    console.log(`create-plugin: wrote\n${written.map((file) => `  ${shown(file)}`).join("\n")}`);
    if (options.standalone) {
      console.log("\nNext: npm install, then npm test (the conformance suite runs).");
    } else {
      console.log(
        `\nNext: pnpm install, then vitest run --project @asyncio/${options.name} (the conformance suite runs).`,
      );
    }
  } catch (error) {
    console.error(`create-plugin: ${error.message}`);
    process.exit(2);
  }
}
