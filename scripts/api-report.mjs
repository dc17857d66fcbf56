// The API report: every public entry point of every published package, as the declarations it
// exports, written to api/<package>.md so that a change to a public surface — the user API or the
// contract other packages and plugins build on — shows up in review.
//
//   node scripts/api-report.mjs          rewrite api/*.md from the built declarations (dist/)
//   node scripts/api-report.mjs --check  fail if api/*.md differs from what the build declares
//
// Run `pnpm build` first. Members marked `@internal` are stripped from the declarations, so they
// never appear; members marked `@contract` stay in them and are listed with a `[contract]` mark:
// they are the protocol between the packages of one release.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { workspacePackages } from "./lib/workspace.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "api");
const check = process.argv.includes("--check");

/** The published entry points of a package: subpath -> declaration file. */
function entryPoints(pkg) {
  const exports = pkg.manifest.publishConfig?.exports ?? pkg.manifest.exports ?? {};
  const entries = [];
  for (const [subpath, target] of Object.entries(exports)) {
    const types = typeof target === "string" ? null : target.types;
    if (typeof types === "string") entries.push([subpath, join(pkg.dir, types)]);
  }
  return entries;
}

/** Whether a declaration is marked `@contract`. */
function isContract(node) {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === "contract");
}

/** One line per declaration, printed from the declaration itself with comments dropped. */
function printDeclaration(node, printer, sourceFile) {
  const text = printer.printNode(ts.EmitHint.Unspecified, node, sourceFile);
  return text.replace(/\s+/g, " ").trim();
}

function describeSymbol(symbol, checker, printer) {
  const lines = [];
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  for (const declaration of target.declarations ?? []) {
    const sourceFile = declaration.getSourceFile();
    if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) {
      const kind = ts.isClassDeclaration(declaration) ? "class" : "interface";
      const heritage = (declaration.heritageClauses ?? [])
        .map((clause) => printDeclaration(clause, printer, sourceFile))
        .join(" ");
      const params = declaration.typeParameters
        ? `<${declaration.typeParameters.map((p) => printDeclaration(p, printer, sourceFile)).join(", ")}>`
        : "";
      lines.push(`${kind} ${symbol.name}${params}${heritage ? ` ${heritage}` : ""}`);
      for (const member of declaration.members) {
        if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) continue;
        const mark = isContract(member) ? "  [contract] " : "  ";
        lines.push(`${mark}${printDeclaration(member, printer, sourceFile)}`);
      }
    } else if (ts.isModuleDeclaration(declaration)) {
      lines.push(`namespace ${symbol.name}`);
    } else {
      const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
      const mark = isContract(node) ? "[contract] " : "";
      lines.push(`${mark}${printDeclaration(node, printer, sourceFile).replace(/^export /, "")}`);
    }
  }
  return lines;
}

function report(pkg) {
  const entries = entryPoints(pkg);
  const files = entries.map(([, file]) => file);
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first`);
  }
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const printer = ts.createPrinter({ removeComments: true, omitTrailingSemicolon: true });
  const out = [
    `# ${pkg.name} — API report`,
    "",
    "<!-- Written by scripts/api-report.mjs from the built declarations; CI checks it. -->",
    "",
  ];
  for (const [subpath, file] of entries) {
    const sourceFile = program.getSourceFile(file);
    const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
    const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    out.push(`## \`${specifier}\``, "", "```ts");
    const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
    for (const symbol of [...exported].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(...describeSymbol(symbol, checker, printer));
    }
    out.push("```", "");
  }
  return out.join("\n");
}

const packages = workspacePackages(ROOT).filter((pkg) => !pkg.manifest.private);
const expected = new Map(
  packages.map((pkg) => [`${pkg.name.replace(/^@asyncio\//, "")}.md`, report(pkg)]),
);

if (check) {
  const stale = [];
  for (const [name, text] of expected) {
    const file = join(OUT, name);
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) stale.push(name);
  }
  const extra = existsSync(OUT) ? readdirSync(OUT).filter((name) => !expected.has(name)) : [];
  if (stale.length > 0 || extra.length > 0) {
    console.error(
      `api-report: the public API changed (${[...stale, ...extra].join(", ")}). ` +
        "Review it, then run `node scripts/api-report.mjs` and commit api/.",
    );
    process.exit(1);
  }
  console.log(`api-report: ${expected.size} packages match api/`);
} else {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, text] of expected) writeFileSync(join(OUT, name), text);
  console.log(`api-report: wrote ${expected.size} reports to api/`);
}
