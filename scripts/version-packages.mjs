// `changeset version` with one rule changed for 0.x releases: `pnpm version-packages`.
//
// Every package takes @asyncio/futures (and most take @asyncio/tasks) as a peer dependency.
// When a peer leaves its dependents' range, changesets gives every dependent a *major* bump, so
// the first minor release of the fixed group would jump from 0.x straight to 1.0.0. On 0.x a
// minor bump already is the breaking one (`^0.1.0` accepts 0.1.x only), and the fixed group moves
// every package together, so such a bump is lowered to minor here. A major bump a changeset asks
// for is kept, and from 1.0.0 on nothing is changed. Everything else (reading the changesets,
// the fixed group, the changelogs, the dependency ranges) is changesets' own code: the modules
// are loaded from the installed @changesets/cli, so they are the versions the CLI runs.
import { createRequire } from "node:module";
import { dirname } from "node:path";

const cliEntry = createRequire(import.meta.url).resolve("@changesets/cli");
const cliRequire = createRequire(cliEntry);
const load = (name) => {
  const module = cliRequire(name);
  return module.default ?? module;
};
const getReleasePlan = load("@changesets/get-release-plan");
const applyReleasePlan = load("@changesets/apply-release-plan");
const { read: readConfig } = cliRequire("@changesets/config");
const { getPackages } = cliRequire("@manypkg/get-packages");

const cwd = process.cwd();
const packages = await getPackages(cwd);
const config = await readConfig(packages.root.dir, packages);
const plan = await getReleasePlan(cwd);

if (plan.preState?.mode === "pre") {
  console.error("version-packages: pre-release mode is not supported; run `changeset version`.");
  process.exit(1);
}
if (plan.changesets.length === 0) {
  console.log("version-packages: no unreleased changesets.");
  process.exit(0);
}

const askedForMajor = new Set(
  plan.changesets.flatMap((changeset) =>
    changeset.releases.filter((release) => release.type === "major").map((release) => release.name),
  ),
);
const lowered = [];
for (const release of plan.releases) {
  const [major, minor] = release.oldVersion.split(".").map(Number);
  if (release.type !== "major" || major !== 0 || askedForMajor.has(release.name)) continue;
  // A changeset's own major bump would move the whole fixed group, so nothing here asked for one.
  release.type = "minor";
  release.newVersion = `0.${minor + 1}.0`;
  lowered.push(release.name);
}
if (lowered.length > 0) {
  console.log(
    `version-packages: peer-dependency major bumps lowered to minor on 0.x: ${lowered.join(", ")}`,
  );
}

// The changelog generator ("@changesets/cli/changelog") is resolved from the CLI's folder.
await applyReleasePlan(plan, packages, config, undefined, dirname(cliEntry));

for (const release of plan.releases.filter((release) => release.type !== "none")) {
  console.log(`  ${release.name}: ${release.oldVersion} -> ${release.newVersion}`);
}
