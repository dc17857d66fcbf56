#!/usr/bin/env node
/**
 * `pnpm run docs` (a bare `pnpm docs` is pnpm's own command, which opens the package's web page):
 * builds the API reference (TypeDoc, every published package, into site/api), fails on any
 * TypeDoc warning (a broken `{@link}`, a type referenced but not documented, a README link to a
 * missing file) and on any exported function, class, interface, type or constant without a
 * description (an `@example` alone is not one), then follows every link between the site's own
 * pages and fails on one that leads nowhere.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, LogLevel, ReflectionKind } from "typedoc";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "site", "api");

async function build() {
  const app = await Application.bootstrapWithPlugins({
    options: join(ROOT, "typedoc.json"),
    logLevel: LogLevel.Warn,
  });
  const project = await app.convert();
  if (project === undefined) throw new Error("docs: TypeDoc could not convert the packages");
  app.validate(project);
  const undescribed = undescribedExports(project);
  if (undescribed.length > 0) {
    throw new Error(
      `docs: ${undescribed.length} export(s) without a description:\n  ${undescribed.join("\n  ")}`,
    );
  }
  await app.generateDocs(project, OUT);
  const { errorCount, warningCount } = app.logger;
  if (errorCount + warningCount > 0) {
    throw new Error(`docs: TypeDoc reported ${errorCount} error(s) and ${warningCount} warning(s)`);
  }
}

const DESCRIBED_KINDS =
  ReflectionKind.Function |
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Variable;

/** Whether a comment says something in words (its summary), not only in block tags. */
function hasSummary(comment) {
  return comment?.summary.some((part) => part.text.trim() !== "") ?? false;
}

/** The exports whose page would open with no description: a re-export shares its target's. */
function undescribedExports(project) {
  const missing = [];
  for (const reflection of project.getReflectionsByKind(DESCRIBED_KINDS)) {
    if (!reflection.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) continue;
    const signatures = reflection.signatures ?? [];
    const described =
      hasSummary(reflection.comment) ||
      signatures.some((signature) => hasSummary(signature.comment));
    if (!described) missing.push(reflection.getFriendlyFullName());
  }
  return missing.sort();
}

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith(".html")) yield path;
  }
}

/** Every `href` of the site that stays on the site must name a file that exists (and its anchor). */
function checkLinks() {
  const anchors = new Map();
  const anchorsOf = (file) => {
    if (!anchors.has(file)) {
      const html = readFileSync(file, "utf8");
      anchors.set(file, new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1])));
    }
    return anchors.get(file);
  };
  const broken = [];
  let checked = 0;
  for (const file of htmlFiles(OUT)) {
    const html = readFileSync(file, "utf8");
    for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue; // another site
      const [path, anchor] = href.split("#");
      const target = path === "" ? file : resolve(dirname(file), decodeURI(path));
      checked++;
      if (!existsSync(target)) {
        broken.push(`${relative(OUT, file)}: ${href} (no such file)`);
      } else if (anchor && target.endsWith(".html") && !anchorsOf(target).has(decodeURI(anchor))) {
        broken.push(`${relative(OUT, file)}: ${href} (no such anchor)`);
      }
    }
  }
  if (broken.length > 0) {
    throw new Error(
      `docs: ${broken.length} broken link(s):\n  ${broken.slice(0, 40).join("\n  ")}`,
    );
  }
  console.log(`docs: ${checked} links between the site's pages, none broken`);
}

try {
  await build();
  checkLinks();
  console.log(`docs: the API reference is in ${relative(ROOT, OUT)}/index.html`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
