/**
 * The public surface of @embargo/core is curated (issue 11): every entry point names what it exports (no `export *`,
 * which silently publishes whatever a module adds), no name means two different things across entry points, and the
 * exported names are the ones recorded in `packages/core/public-api.json` — adding or removing a public name is a
 * deliberate change to that file. After an intended change, regenerate it with
 * `EMBARGO_UPDATE_PUBLIC_API=1 node scripts/test.mjs core/src/entry-points` and review the diff.
 *
 * The check is syntactic (TypeScript's parser, no type checker): with no `export *` left, an entry point's names are
 * exactly its export clauses and exported declarations, and a re-exported name is followed to its declaring module.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";

const coreDir = path.resolve(import.meta.dirname, "..");
const srcDir = path.join(coreDir, "src");
const apiFile = path.join(coreDir, "public-api.json");

/** The package `exports` map: sub-path → file. */
const exportsMap: Record<string, string> = JSON.parse(readFileSync(path.join(coreDir, "package.json"), "utf8")).exports;
const packageEntries = Object.entries(exportsMap).map(([sub, rel]) => ({ sub, file: path.resolve(coreDir, rel) }));

/** Every `index.ts` under src: the package entry points and the capability aggregators they re-export from. */
function indexFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) indexFiles(p, out);
    else if (name === "index.ts") out.push(p);
  }
  return out;
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

function resolveSpec(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const p = path.resolve(path.dirname(from), spec);
  return existsSync(p) ? p : undefined;
}

const hasExport = (n: ts.Node): boolean =>
  ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function declaredNames(st: ts.Statement): string[] {
  if (ts.isVariableStatement(st))
    return st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  if (
    (ts.isFunctionDeclaration(st) ||
      ts.isClassDeclaration(st) ||
      ts.isInterfaceDeclaration(st) ||
      ts.isTypeAliasDeclaration(st) ||
      ts.isEnumDeclaration(st)) &&
    st.name
  )
    return [st.name.text];
  return [];
}

/** Where `name`, as exported or declared by `file`, is declared: `relative/file.ts#name`. */
const originCache = new Map<string, string>();
function originOf(file: string, name: string, depth = 0): string {
  const key = `${file}#${name}`;
  const cached = originCache.get(key);
  if (cached) return cached;
  const found = findOrigin(file, name, depth);
  originCache.set(key, found);
  return found;
}

function findOrigin(file: string, name: string, depth: number): string {
  const here = `${path.relative(srcDir, file)}#${name}`;
  if (depth > 20) return here;
  const sf = parse(file);
  for (const st of sf.statements) {
    if (hasExport(st) && declaredNames(st).includes(name)) return here;
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (el.name.text !== name) continue;
        const orig = (el.propertyName ?? el.name).text;
        const target = st.moduleSpecifier && resolveSpec(file, (st.moduleSpecifier as ts.StringLiteral).text);
        if (target) return originOf(target, orig, depth + 1);
        return importedOrigin(file, orig, depth) ?? `${path.relative(srcDir, file)}#${orig}`;
      }
    }
  }
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && !st.exportClause && st.moduleSpecifier) {
      const target = resolveSpec(file, (st.moduleSpecifier as ts.StringLiteral).text);
      if (target && exportedNames(target).has(name)) return originOf(target, name, depth + 1);
    }
  }
  return importedOrigin(file, name, depth) ?? here;
}

/** The origin of a local binding that `file` imported from a relative module, if it did. */
function importedOrigin(file: string, local: string, depth: number): string | undefined {
  for (const st of parse(file).statements) {
    if (!ts.isImportDeclaration(st) || !st.importClause?.namedBindings) continue;
    const nb = st.importClause.namedBindings;
    if (!ts.isNamedImports(nb)) continue;
    for (const el of nb.elements) {
      if (el.name.text !== local) continue;
      const target = resolveSpec(file, (st.moduleSpecifier as ts.StringLiteral).text);
      if (target) return originOf(target, (el.propertyName ?? el.name).text, depth + 1);
    }
  }
  return undefined;
}

/** The names a module exports (following `export *` only for leaf modules, which may still use it). */
const exportedCache = new Map<string, Set<string>>();
function exportedNames(file: string, seen = new Set<string>()): Set<string> {
  const cached = exportedCache.get(file);
  if (cached) return cached;
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  for (const st of parse(file).statements) {
    if (hasExport(st)) for (const n of declaredNames(st)) out.add(n);
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause && ts.isNamedExports(st.exportClause))
        for (const el of st.exportClause.elements) out.add(el.name.text);
      else if (!st.exportClause && st.moduleSpecifier) {
        const target = resolveSpec(file, (st.moduleSpecifier as ts.StringLiteral).text);
        if (target) for (const n of exportedNames(target, seen)) out.add(n);
      }
    }
  }
  exportedCache.set(file, out);
  return out;
}

function starExports(file: string): string[] {
  const sf = parse(file);
  return sf.statements
    .filter((st): st is ts.ExportDeclaration => ts.isExportDeclaration(st) && !st.exportClause)
    .map((st) => `${path.relative(srcDir, file)}:${sf.getLineAndCharacterOfPosition(st.getStart()).line + 1}`);
}

test("no core entry point or capability index uses `export *`", () => {
  const files = new Set([...packageEntries.map((e) => e.file), ...indexFiles(srcDir)]);
  const offenders = [...files].flatMap(starExports);
  assert.deepEqual(offenders, [], `name the exports instead of \`export *\` at ${offenders.join(", ")}`);
});

test("a name exported by several entry points is the same declaration in each", () => {
  const origins = new Map<string, Map<string, string>>();
  for (const { sub, file } of packageEntries)
    for (const name of exportedNames(file)) {
      const m = origins.get(name) ?? new Map<string, string>();
      origins.set(name, m);
      m.set(sub, originOf(file, name));
    }
  const ambiguous = [...origins]
    .filter(([, m]) => new Set(m.values()).size > 1)
    .map(([name, m]) => `${name}: ${[...m].map(([sub, o]) => `${sub} → ${o}`).join(", ")}`);
  assert.deepEqual(ambiguous, [], "rename one of them at its entry point (e.g. `Reason as VerdictReason`)");
  // the renamed pairs the issue names stay distinct
  for (const n of ["Nomenclature", "Reason", "Party", "BatchRow"]) {
    const m = origins.get(n);
    assert.ok(!m || m.size === 1, `${n} is exported by ${m ? [...m.keys()].join(", ") : ""}`);
  }
});

test("each entry point exports exactly the names recorded in public-api.json", () => {
  const actual: Record<string, string[]> = {};
  for (const { sub, file } of packageEntries) actual[sub] = [...exportedNames(file)].sort();
  for (const names of Object.values(actual))
    assert.equal(new Set(names).size, names.length, "an entry point exports a name twice");
  if (process.env.EMBARGO_UPDATE_PUBLIC_API === "1") writeFileSync(apiFile, `${JSON.stringify(actual, null, 2)}\n`);
  const recorded: Record<string, string[]> = JSON.parse(readFileSync(apiFile, "utf8"));
  const diff: string[] = [];
  for (const sub of new Set([...Object.keys(actual), ...Object.keys(recorded)])) {
    const a = new Set(actual[sub] ?? []);
    const r = new Set(recorded[sub] ?? []);
    for (const n of a) if (!r.has(n)) diff.push(`+ ${sub} ${n}`);
    for (const n of r) if (!a.has(n)) diff.push(`- ${sub} ${n}`);
  }
  assert.deepEqual(
    diff,
    [],
    "the public surface changed; if intended, regenerate with EMBARGO_UPDATE_PUBLIC_API=1 node scripts/test.mjs core/src/entry-points",
  );
});
