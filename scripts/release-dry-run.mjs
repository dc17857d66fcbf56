// Rehearses a release on a throwaway copy of the repository: `pnpm release:dry-run`.
//
// The copy holds the checked-in files plus the working changes (tracked and untracked, not the
// ignored ones), so the real checkout is never touched. In the copy it installs from the local
// store, runs `pnpm version-packages` (changesets), builds, packs every published package with
// `pnpm pack` and reads the manifests inside the tarballs: they must carry real version ranges
// (no `workspace:`), every range on another @asyncio package must accept the version being
// published with it, all published packages must share one version (the fixed group), and every
// package must have a CHANGELOG.md entry for it. It needs no registry: `pnpm publish --dry-run -r`
// asks the registry which versions exist, so the tarballs are made with `pnpm pack`, which is
// what `pnpm publish` uploads. `--keep` leaves the copy in place for a look.
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const localPnpm = join(root, ".tools/pnpm/node_modules/.bin/pnpm");
const pnpm = existsSync(localPnpm) ? localPnpm : "pnpm";
const semver = createRequire(createRequire(import.meta.url).resolve("@changesets/cli"))("semver");

const started = Date.now();
const copy = mkdtempSync(join(tmpdir(), "asyncio-release-dry-run-"));
const problems = [];

function run(command, args, what) {
  console.log(`--- ${what}`);
  const result = spawnSync(command, args, { cwd: copy, encoding: "utf8", env: process.env });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    fail(`${what} failed (exit code ${result.status ?? result.signal})`);
  }
  return result.stdout;
}

function fail(message) {
  console.error(`release dry run: ${message}`);
  finish(1);
}

function finish(code) {
  if (keep) console.log(`the copy is kept in ${copy}`);
  else rmSync(copy, { recursive: true, force: true });
  process.exit(code);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

function publishedPackages() {
  const packagesDir = join(copy, "packages");
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({ dir, manifest: readJson(join(dir, "package.json")) }))
    .filter(({ manifest }) => manifest.private !== true);
}

console.log(`--- copy the repository (HEAD and the working changes) to ${copy}`);
const files = execFileSync(
  "git",
  ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
  {
    cwd: root,
    encoding: "utf8",
  },
)
  .split("\0")
  .filter(Boolean);
for (const file of files) {
  const source = join(root, file);
  // Deleted but not yet staged files, and nested checkouts, are not part of the copy.
  if (!existsSync(source) || !statSync(source).isFile()) continue;
  mkdirSync(dirname(join(copy, file)), { recursive: true });
  copyFileSync(source, join(copy, file));
}

run(
  pnpm,
  ["install", "--frozen-lockfile", "--offline", "--reporter=silent"],
  "install from the local store",
);

const before = new Map(
  publishedPackages().map(({ manifest }) => [manifest.name, manifest.version]),
);
console.log(run(process.execPath, ["scripts/version-packages.mjs"], "version the packages").trim());
const packages = publishedPackages();
const versions = new Map(packages.map(({ manifest }) => [manifest.name, manifest.version]));

const distinct = new Set(versions.values());
if (distinct.size !== 1) {
  problems.push(
    `the published packages do not share one version: ${[...versions].map(([n, v]) => `${n}@${v}`).join(", ")}`,
  );
}
const bumped = packages.some(({ manifest }) => manifest.version !== before.get(manifest.name));
if (!bumped) console.log("no unreleased changesets: the current versions are packed");
for (const { dir, manifest } of packages) {
  const { name, version } = manifest;
  if (!bumped) break;
  if (semver.major(version) > semver.major(before.get(name))) {
    console.warn(`note: ${name} goes from ${before.get(name)} to ${version}, a major release`);
  }
  const changelog = join(dir, "CHANGELOG.md");
  if (!existsSync(changelog)) problems.push(`${name} has no CHANGELOG.md`);
  else if (!readFileSync(changelog, "utf8").includes(`\n## ${version}\n`)) {
    problems.push(`${name}'s CHANGELOG.md has no "## ${version}" section`);
  }
}
const leftOver = readdirSync(join(copy, ".changeset")).filter(
  (f) => f.endsWith(".md") && f !== "README.md",
);
if (leftOver.length > 0) problems.push(`changesets left unapplied: ${leftOver.join(", ")}`);

// Every package builds with `tsc -b`; one process builds them all faster than one per package.
run(
  process.execPath,
  [
    "node_modules/typescript/bin/tsc",
    "-b",
    ...packages.map(({ dir }) => join(dir, "tsconfig.json")),
  ],
  "build",
);

const tarballs = join(copy, ".release-dry-run");
run(pnpm, ["-r", "--filter", "./packages/*", "pack", "--pack-destination", tarballs], "pack");

let rangesChecked = 0;
const kinds = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];
for (const { manifest } of packages) {
  const tarball = join(
    tarballs,
    `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`,
  );
  if (!existsSync(tarball)) {
    problems.push(`${manifest.name}: no tarball ${tarball}`);
    continue;
  }
  const packed = JSON.parse(
    execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }),
  );
  const where = `${packed.name}@${packed.version} (packed package.json)`;
  const text = JSON.stringify(packed);
  if (text.includes("workspace:")) problems.push(`${where} still has a workspace: range`);
  if (text.includes("@asyncio/source"))
    problems.push(`${where} still has the @asyncio/source condition`);
  for (const kind of kinds) {
    // devDependencies are not installed by consumers: only their form is checked above.
    if (kind === "devDependencies") continue;
    for (const [dependency, range] of Object.entries(packed[kind] ?? {})) {
      if (!dependency.startsWith("@asyncio/")) continue;
      rangesChecked += 1;
      const published = versions.get(dependency);
      if (published === undefined) {
        problems.push(`${where}: ${kind} ${dependency}@${range} is not a published package`);
      } else if (!semver.validRange(range) || !semver.satisfies(published, range)) {
        problems.push(
          `${where}: ${kind} ${dependency}@${range} does not accept ${published}, the version published`,
        );
      }
    }
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (problems.length > 0) {
  console.error(`release dry run FAILED (${seconds} s):`);
  for (const problem of problems) console.error(`  - ${problem}`);
  finish(1);
}
console.log(
  `release dry run passed (${seconds} s): ${packages.length} packages at ${[...distinct][0]}, ` +
    `${rangesChecked} internal ranges that resolve against each other, no workspace: ranges, changelogs written`,
);
finish(0);
