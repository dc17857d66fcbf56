// Checks the workspace's internal dependency rules and prints the package graph.
//
//   node scripts/check-deps.mjs [root]
//
//   node scripts/check-deps.mjs --fix   (first rewrites tsconfig references from package.json)
//
// For every workspace package it reads the imports of src/ and test/ files and fails when:
//   - a workspace package (or any `@asyncio/*` name) is imported without being declared
//     (src: dependencies/peerDependencies; tests may also use devDependencies);
//   - a third-party package is imported from src without being declared, or from a test
//     without being declared by the package or the workspace root;
//   - a package imports itself by name from src (use a relative import);
//   - a subpath import (`#name`) is not in the package's own "imports" map;
//   - a relative import leaves the package directory (or src imports from test), except a test
//     importing the shared test support (test/support/) of a package it depends on;
//   - the internal dependency graph has a cycle;
//   - tsconfig.json / tsconfig.test.json references differ from the internal dependencies,
//     or the root tsconfig.json does not reference every package and test project;
//   - a manifest breaks the conventions (workspace: protocol, peer + dev pairs,
//     publishConfig.exports and .imports equal to exports and imports without the source
//     condition).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { internalDeps, workspacePackages } from "./lib/workspace.mjs";

export const SOURCE_CONDITION = "@asyncio/source";
const SCOPE = "@asyncio/";
const CODE_FILE = /\.(?:[cm]?[jt]sx?)$/;
const SCANNED_DIRS = ["src", "test"];
const builtins = new Set(builtinModules);

const posix = (path) => path.split(sep).join("/");

function walk(dir) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (CODE_FILE.test(entry.name)) files.push(full);
  }
  return files.sort();
}

/** Module specifiers of a file with their line numbers (imports, re-exports, import(), require()). */
export function importsOf(text) {
  const info = ts.preProcessFile(text, true, true);
  const lineStarts = ts.computeLineStarts(text);
  return info.importedFiles.map(({ fileName, pos }) => ({
    specifier: fileName,
    line: ts.computeLineAndCharacterOfPosition(lineStarts, pos).line + 1,
  }));
}

function packageNameOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function readTsconfig(file) {
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return config;
}

/** Resolves tsconfig references to absolute config file paths. */
function referencesOf(file) {
  const config = readTsconfig(file);
  return (config.references ?? []).map(({ path }) => {
    const target = resolve(dirname(file), path);
    return target.endsWith(".json") ? target : join(target, "tsconfig.json");
  });
}

function stripCondition(value) {
  if (Array.isArray(value)) return value.map(stripCondition);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== SOURCE_CONDITION)
        .map(([key, inner]) => [key, stripCondition(inner)]),
    );
  }
  return value;
}

function hasCondition(value) {
  if (Array.isArray(value)) return value.some(hasCondition);
  if (value && typeof value === "object") {
    return Object.entries(value).some(
      ([key, inner]) => key === SOURCE_CONDITION || hasCondition(inner),
    );
  }
  return false;
}

const sameSet = (a, b) => a.size === b.size && [...a].every((item) => b.has(item));
const list = (items) => [...items].sort().join(", ") || "(none)";

/** Finds one cycle in the graph (Map name -> names), or null. */
export function findCycle(graph) {
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, "active");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "active") return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}

/** Topological order (dependencies first); assumes no cycle. */
function buildOrder(graph) {
  const order = [];
  const seen = new Set();
  const visit = (node) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) visit(next);
    order.push(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return order;
}

/**
 * Whether `target` lies in the `test/support/` folder of one of `deps` (workspace packages by
 * name): tests may share fixtures with the packages above them, such as the contract loop of the
 * Future tests that the Task tests run on, without publishing them.
 */
function isDependencyTestSupport(target, deps, byName) {
  for (const dep of deps) {
    const support = byName.get(dep) && join(byName.get(dep).dir, "test", "support");
    if (!support) continue;
    const inside = relative(support, target);
    if (!inside.startsWith("..") && !isAbsolute(inside)) return true;
  }
  return false;
}

/** Checks the workspace at `root`. Returns { errors, packages, graph, kinds }. */
export function checkWorkspace(root) {
  const errors = [];
  const packages = workspacePackages(root);
  const names = new Set(packages.map((pkg) => pkg.name));
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const byConfig = new Map(packages.map((pkg) => [join(pkg.dir, "tsconfig.json"), pkg.name]));
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const rootDeclared = new Set(
    Object.keys({ ...rootManifest.dependencies, ...rootManifest.devDependencies }),
  );
  const graph = new Map();
  const kinds = new Map();

  for (const pkg of packages) {
    const where = `${pkg.rel}/package.json`;
    const manifest = pkg.manifest;
    if (!pkg.name) {
      errors.push(`${where}: has no "name"`);
      continue;
    }
    const internal = internalDeps(pkg, names);
    const allInternal = new Set(Object.values(internal).flat());
    graph.set(pkg.name, allInternal);
    for (const dep of allInternal) {
      const kind = internal.peerDependencies.includes(dep) ? "peer" : "";
      kinds.set(`${pkg.name}>${dep}`, kind || (internal.dependencies.includes(dep) ? "" : "dev"));
    }

    // Manifest conventions.
    for (const [field, deps] of Object.entries(internal)) {
      for (const dep of deps) {
        const spec = manifest[field][dep];
        if (!String(spec).startsWith("workspace:")) {
          errors.push(`${where}: ${field}["${dep}"] is "${spec}"; use the workspace: protocol`);
        }
      }
    }
    for (const dep of internal.peerDependencies) {
      if (!internal.devDependencies.includes(dep)) {
        errors.push(
          `${where}: "${dep}" is a peerDependency but not a devDependency; add "${dep}": "workspace:^" to devDependencies`,
        );
      }
    }
    if (allInternal.has(pkg.name)) errors.push(`${where}: depends on itself`);
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (dep.startsWith(SCOPE) && !names.has(dep)) {
        errors.push(`${where}: depends on "${dep}", which is not a workspace package`);
      }
    }
    for (const field of ["exports", "imports"]) {
      if (manifest.private || !hasCondition(manifest[field])) continue;
      const expected = stripCondition(manifest[field]);
      const actual = manifest.publishConfig?.[field];
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        errors.push(
          `${where}: publishConfig.${field} must equal ${field} without the "${SOURCE_CONDITION}" condition: ${JSON.stringify(expected)}`,
        );
      }
    }

    // Imports.
    const declaredFor = {
      src: new Set(
        Object.keys({
          ...manifest.dependencies,
          ...manifest.peerDependencies,
          ...manifest.optionalDependencies,
        }),
      ),
    };
    declaredFor.test = new Set([
      ...declaredFor.src,
      ...Object.keys(manifest.devDependencies ?? {}),
    ]);
    for (const area of SCANNED_DIRS) {
      for (const file of walk(join(pkg.dir, area))) {
        const at = posix(relative(root, file));
        for (const { specifier, line } of importsOf(readFileSync(file, "utf8"))) {
          const here = `${at}:${line}: import "${specifier}"`;
          if (specifier.startsWith(".") || isAbsolute(specifier)) {
            const target = resolve(dirname(file), specifier);
            const inside = relative(pkg.dir, target);
            if (area === "test" && isDependencyTestSupport(target, allInternal, byName)) continue;
            if (inside.startsWith("..") || isAbsolute(inside)) {
              errors.push(
                `${here} leaves the package directory ${pkg.rel}; import other packages by name`,
              );
            } else if (area === "src" && posix(inside).startsWith("test/")) {
              errors.push(`${here} reaches into test/ from src/`);
            }
            continue;
          }
          if (specifier.startsWith("#")) {
            // The package's own subpath import: its "imports" map says which file, per runtime.
            if (!Object.hasOwn(manifest.imports ?? {}, specifier)) {
              errors.push(`${here}: "${specifier}" is not in ${pkg.name}'s "imports"`);
            }
            continue;
          }
          if (specifier.startsWith("node:") || builtins.has(specifier.split("/")[0])) continue;
          const dep = packageNameOf(specifier);
          if (dep === pkg.name) {
            if (area === "src") {
              errors.push(`${here}: ${pkg.name} imports itself by name; use a relative import`);
            }
            continue;
          }
          if (!names.has(dep) && dep.startsWith(SCOPE)) {
            errors.push(`${here}: "${dep}" is not a workspace package`);
            continue;
          }
          if (declaredFor[area].has(dep)) continue;
          if (names.has(dep)) {
            errors.push(
              area === "src"
                ? `${here}: "${dep}" is not in ${pkg.name}'s dependencies or peerDependencies`
                : `${here}: "${dep}" is not in ${pkg.name}'s dependencies, peerDependencies or devDependencies`,
            );
          } else if (area === "src") {
            errors.push(
              `${here}: "${dep}" is not in ${pkg.name}'s dependencies or peerDependencies`,
            );
          } else if (!rootDeclared.has(dep)) {
            errors.push(
              `${here}: "${dep}" is declared neither by ${pkg.name} nor by the workspace root`,
            );
          }
        }
      }
    }

    // tsconfig references.
    const tsconfig = join(pkg.dir, "tsconfig.json");
    const testTsconfig = join(pkg.dir, "tsconfig.test.json");
    if (!existsSync(tsconfig)) {
      if (existsSync(join(pkg.dir, "src")))
        errors.push(`${pkg.rel}: has src/ but no tsconfig.json`);
      continue;
    }
    const expectedRefs = new Set(allInternal);
    const checkRefs = (file, self) => {
      const at = posix(relative(root, file));
      const refs = new Set();
      for (const target of referencesOf(file)) {
        if (self && target === tsconfig) continue;
        const name = byConfig.get(target);
        if (!name)
          errors.push(
            `${at}: references ${posix(relative(root, target))}, which is not a package tsconfig.json`,
          );
        else refs.add(name);
      }
      if (!sameSet(refs, expectedRefs)) {
        errors.push(
          `${at}: references [${list(refs)}] but ${pkg.name}'s internal dependencies are [${list(expectedRefs)}]`,
        );
      }
      if (self && !referencesOf(file).includes(tsconfig)) {
        errors.push(`${at}: must reference ./tsconfig.json`);
      }
    };
    try {
      checkRefs(tsconfig, false);
      if (existsSync(testTsconfig)) checkRefs(testTsconfig, true);
      else errors.push(`${pkg.rel}: has no tsconfig.test.json (type-checks test/)`);
    } catch (error) {
      errors.push(`${pkg.rel}: cannot read tsconfig: ${error.message}`);
    }
  }

  // The root solution must reference every project so `tsc -b` checks everything.
  const rootTsconfig = join(root, "tsconfig.json");
  if (existsSync(rootTsconfig)) {
    const refs = new Set(referencesOf(rootTsconfig));
    for (const pkg of packages) {
      for (const file of ["tsconfig.json", "tsconfig.test.json"]) {
        const target = join(pkg.dir, file);
        if (existsSync(target) && !refs.has(target)) {
          const path = file === "tsconfig.json" ? pkg.rel : `${pkg.rel}/${file}`;
          errors.push(`tsconfig.json: add { "path": "${path}" } to references`);
        }
      }
    }
    for (const target of refs) {
      if (!existsSync(target))
        errors.push(
          `tsconfig.json: references ${posix(relative(root, target))}, which does not exist`,
        );
    }
  } else {
    errors.push("tsconfig.json: missing at the workspace root");
  }

  const cycle = findCycle(graph);
  if (cycle) errors.push(`dependency cycle: ${cycle.join(" -> ")}`);

  // Keep only references to known packages in the returned graph.
  for (const [name, deps] of graph)
    graph.set(name, new Set([...deps].filter((dep) => byName.has(dep))));
  return { errors, packages, graph, kinds, cycle };
}

export function formatGraph({ graph, kinds, cycle }) {
  const lines = ["Internal dependency graph (A -> B: A depends on B):"];
  const width = Math.max(...[...graph.keys()].map((name) => name.length));
  for (const name of cycle ? [...graph.keys()].sort() : buildOrder(graph)) {
    const deps = [...graph.get(name)].sort().map((dep) => {
      const kind = kinds.get(`${name}>${dep}`);
      return kind ? `${dep} (${kind})` : dep;
    });
    lines.push(`  ${name.padEnd(width)} -> ${deps.length ? deps.join(", ") : "(nothing)"}`);
  }
  if (!cycle) lines.push(`Build order: ${buildOrder(graph).join(", ")}`);
  return lines.join("\n");
}

/**
 * Rewrites the tsconfig references from the package.json files: each package's tsconfig.json
 * and tsconfig.test.json (created when missing), and the root solution. Returns the files written.
 */
export function fixReferences(root) {
  const packages = workspacePackages(root);
  const names = new Set(packages.map((pkg) => pkg.name));
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const graph = new Map(
    packages.map((pkg) => [pkg.name, new Set(Object.values(internalDeps(pkg, names)).flat())]),
  );
  if (findCycle(graph)) return [];
  const order = buildOrder(graph);
  const written = [];
  const save = (file, config) => {
    const text = JSON.stringify(config, null, 2).replace(
      /\{\n\s+("path": "[^"]*")\n\s+\}/g,
      "{ $1 }",
    );
    writeFileSync(file, `${text}\n`);
    written.push(file);
  };
  const refsFrom = (pkg) =>
    order
      .filter((name) => graph.get(pkg.name).has(name))
      .map((name) => ({ path: posix(relative(pkg.dir, byName.get(name).dir)) }));
  const solution = [];
  for (const name of order) {
    const pkg = byName.get(name);
    const tsconfig = join(pkg.dir, "tsconfig.json");
    if (!existsSync(tsconfig)) continue;
    save(tsconfig, { ...readTsconfig(tsconfig), references: refsFrom(pkg) });
    const testTsconfig = join(pkg.dir, "tsconfig.test.json");
    const testConfig = existsSync(testTsconfig)
      ? readTsconfig(testTsconfig)
      : {
          extends: posix(relative(pkg.dir, join(root, "tsconfig.base.json"))),
          // Tests publish no declarations, so they need not spell out every exported type.
          compilerOptions: { rootDir: ".", noEmit: true, isolatedDeclarations: false },
          include: ["test/**/*.ts"],
        };
    save(testTsconfig, {
      ...testConfig,
      references: [{ path: "./tsconfig.json" }, ...refsFrom(pkg)],
    });
    solution.push({ path: pkg.rel }, { path: `${pkg.rel}/tsconfig.test.json` });
  }
  const rootTsconfig = join(root, "tsconfig.json");
  const rootConfig = existsSync(rootTsconfig) ? readTsconfig(rootTsconfig) : { files: [] };
  save(rootTsconfig, { ...rootConfig, references: solution });
  return written;
}

function main() {
  const args = process.argv.slice(2);
  const fix = args.includes("--fix");
  const rootArg = args.find((arg) => !arg.startsWith("--"));
  const root = resolve(rootArg ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  if (fix) {
    const written = fixReferences(root);
    const biome = join(root, "node_modules", ".bin", "biome");
    if (written.length > 0 && existsSync(biome)) {
      spawnSync(biome, ["format", "--write", ...written], { cwd: root, stdio: "ignore" });
    }
    console.log(`check-deps --fix: rewrote the references of ${written.length} tsconfig files\n`);
  }
  const result = checkWorkspace(root);
  console.log(formatGraph(result));
  if (result.errors.length > 0) {
    console.error(`\ncheck-deps: ${result.errors.length} problem(s):`);
    for (const error of result.errors) console.error(`  - ${error}`);
    if (!fix)
      console.error("\n`pnpm check-deps --fix` rewrites tsconfig references from package.json.");
    process.exit(1);
  }
  console.log(`\ncheck-deps: ${result.packages.length} packages OK`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
