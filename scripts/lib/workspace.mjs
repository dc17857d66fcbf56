// Finds the workspace packages from the globs in pnpm-workspace.yaml, with no dependencies.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Reads the `packages:` list of pnpm-workspace.yaml (a flat list of globs). */
function workspaceGlobs(root) {
  const text = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const globs = [];
  let inPackages = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, "");
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages || /^\s*(#.*)?$/.test(line)) continue;
    const item = /^\s+-\s+["']?([^"']+?)["']?\s*$/.exec(line);
    if (!item) break;
    globs.push(item[1]);
  }
  if (globs.length === 0) throw new Error("pnpm-workspace.yaml lists no packages");
  return globs;
}

function expand(root, glob) {
  if (glob.includes("**"))
    throw new Error(`unsupported workspace glob "${glob}" (use dir/* or dir)`);
  if (glob.endsWith("/*")) {
    const base = join(root, glob.slice(0, -2));
    if (!existsSync(base)) return [];
    return readdirSync(base, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(base, entry.name));
  }
  if (glob.includes("*"))
    throw new Error(`unsupported workspace glob "${glob}" (use dir/* or dir)`);
  return [join(root, glob)];
}

/**
 * Every workspace package: { name, dir, rel, manifest }, sorted by directory.
 * `rel` is the directory relative to the root with forward slashes.
 */
export function workspacePackages(root) {
  const excluded = new Set();
  const dirs = new Set();
  for (const glob of workspaceGlobs(root)) {
    const negated = glob.startsWith("!");
    for (const dir of expand(root, negated ? glob.slice(1) : glob)) {
      if (negated) excluded.add(dir);
      else dirs.add(dir);
    }
  }
  const packages = [];
  for (const dir of [...dirs].sort()) {
    const file = join(dir, "package.json");
    if (excluded.has(dir) || !existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    packages.push({
      name: manifest.name,
      dir,
      rel: relative(root, dir).split(sep).join("/"),
      manifest,
    });
  }
  return packages;
}

/** Internal dependencies of a package, by kind. */
export function internalDeps(pkg, names) {
  const pick = (field) => Object.keys(pkg.manifest[field] ?? {}).filter((dep) => names.has(dep));
  return {
    dependencies: pick("dependencies"),
    peerDependencies: pick("peerDependencies"),
    optionalDependencies: pick("optionalDependencies"),
    devDependencies: pick("devDependencies"),
  };
}
