import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

// The compiled CLI, built from the current sources into a scratch folder inside the package (so third-party
// imports resolve from the repository's node_modules, as they do from packages/cli/dist).
const root = fileURLToPath(new URL("../../../", import.meta.url));
const scratch = path.join(root, "packages", "cli", `.scratch-build-${process.pid}`);
const dist = path.join(scratch, "dist");
const bin = path.join(scratch, "bin", "embargo.mjs");

interface Meta {
  outputs: Record<
    string,
    { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }
  >;
}
let meta: Meta;

before(() => {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "build.mjs"), "--outdir", dist, "--quiet"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  mkdirSync(path.dirname(bin), { recursive: true });
  copyFileSync(path.join(root, "packages", "cli", "bin", "embargo.mjs"), bin);
  meta = JSON.parse(readFileSync(path.join(dist, "meta.json"), "utf8")) as Meta;
});

after(() => rmSync(scratch, { recursive: true, force: true }));

const built = (args: string[]) => {
  const env = { ...process.env };
  delete env.EMBARGO_DEV;
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env, cwd: root, timeout: 60_000 });
};

/** The source files and external packages a chunk loads statically (what runs before any dynamic import). */
function staticClosure(entry: string): { inputs: Set<string>; externals: Set<string> } {
  const byName = new Map(Object.entries(meta.outputs).map(([k, v]) => [path.basename(k), v]));
  const inputs = new Set<string>();
  const externals = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const out = byName.get(name);
    assert.ok(out, `no chunk ${name}`);
    for (const i of Object.keys(out.inputs)) inputs.add(i);
    for (const imp of out.imports) {
      if (imp.kind !== "import-statement") continue;
      if (imp.external) externals.add(imp.path);
      else visit(path.basename(imp.path));
    }
  };
  visit(entry);
  return { inputs, externals };
}

function chunkOf(source: string): string {
  const hit = Object.entries(meta.outputs).find(([, v]) => Object.keys(v.inputs).includes(source));
  assert.ok(hit, `${source} is in no chunk`);
  return path.basename(hit[0]);
}

test("the built CLI runs without tsx: --help, and hs finds the bundled data from compiled code", () => {
  const help = built(["--help"]);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /usage: embargo <command>/);
  const hs = built(["hs", "8542.31", "--json"]);
  assert.equal(hs.status, 0, hs.stderr);
  assert.equal((JSON.parse(hs.stdout) as { code: string }).code, "854231");
});

test("--help loads no command module; hs loads no lists, trade, registry or their libraries", () => {
  const help = staticClosure("index.js");
  const commands = [...help.inputs].filter((i) => /packages\/cli\/src\/commands\/(?!index\.ts)/.test(i));
  assert.deepEqual(commands, []);
  assert.ok(![...help.inputs].some((i) => i.includes("packages/core/src/nomenclature/")));

  const hs = staticClosure(chunkOf("packages/cli/src/commands/hs.ts"));
  for (const i of [...hs.inputs, ...help.inputs]) {
    assert.doesNotMatch(i, /packages\/core\/src\/(screening|trade|registry|verdicts)\/|packages\/server\//, i);
    // Libraries the build bundles (scripts/build.mjs INLINED) show up as inputs rather than externals.
    assert.doesNotMatch(i, /node_modules\/(zod|fast-xml-parser|csv-|hono|@hono)\//, i);
  }
  for (const e of [...hs.externals, ...help.externals])
    assert.doesNotMatch(e, /^(@duckdb|@electric-sql|pg$|fast-xml-parser|pino|hono|esbuild|csv-)/, e);
  assert.ok(
    [...hs.inputs].some((i) => i.includes("packages/core/src/nomenclature/")),
    "hs bundles nomenclature",
  );
});

test("check and screen load no list parser, XML or CSV library statically: a warm start never parses a list", () => {
  // The parsers (and the XML/CSV libraries only they use) sit behind the store's dynamic import (issue 10).
  for (const command of ["check", "screen"]) {
    const { inputs } = staticClosure(chunkOf(`packages/cli/src/commands/${command}.ts`));
    assert.ok(
      [...inputs].some((i) => i.endsWith("packages/core/src/screening/store.ts")),
      `${command} bundles the store`,
    );
    const parsers = [...inputs].filter((i) =>
      /packages\/core\/src\/screening\/lists\/(parse|index|bis-dpl|csl|csv|eu-xml|ftm|ofac-csv|ofac-xml|ofac-remarks|ofsi-csv|uk-csv|un-xml)\.ts$/.test(
        i,
      ),
    );
    assert.deepEqual(parsers, [], `${command} loads list parsers statically`);
    // Nor the XML/CSV libraries (inlined by the build, so inputs): the regime sources' parsers and CSV batch
    // reading import them on demand too.
    const libraries = [...inputs].filter((i) => /node_modules\/(fast-xml-parser|csv-parse)\//.test(i));
    assert.deepEqual(libraries, [], `${command} loads fast-xml-parser or csv-parse statically`);
  }
  assert.ok(
    Object.values(meta.outputs).some((o) =>
      Object.keys(o.inputs).includes("packages/core/src/screening/lists/parse.ts"),
    ),
    "the parsers are still built (as a chunk of their own)",
  );
});

test("the build records its id: the code version the snapshot cache is keyed by", () => {
  const info = JSON.parse(readFileSync(path.join(dist, "build.json"), "utf8")) as { buildId: string };
  assert.match(info.buildId, /^[0-9a-f]{64}$/);
});

test("zod's locales other than English are left out of the bundle, and no source selects a locale", () => {
  const zodLocales = Object.values(meta.outputs)
    .flatMap((o) => Object.keys(o.inputs))
    .filter((i) => /node_modules\/zod\/v4\/locales\//.test(i))
    .map((i) => path.basename(i))
    .sort();
  // en.js stays: zod's schemas register it as the default; index.js is the build's English-only replacement.
  assert.deepEqual([...new Set(zodLocales)], ["en.js", "index.js"]);
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(e.name) && !e.name.includes(".test.")) sources.push(p);
    }
  };
  for (const pkg of readdirSync(path.join(root, "packages"))) {
    const src = path.join(root, "packages", pkg, "src");
    if (existsSync(src)) walk(src);
  }
  assert.ok(sources.length > 100, `${sources.length} sources`);
  for (const f of sources)
    assert.doesNotMatch(readFileSync(f, "utf8"), /\blocales\s*\.|zod(\/v4)?(\/core)?\/locales|\bconfig\s*\(\s*z\./, f);
});

test("any-ascii's blocks are read from the build's data file, each the same string as the library's own", async () => {
  const blocks = JSON.parse(readFileSync(path.join(dist, "any-ascii-blocks.json"), "utf8")) as Record<string, string>;
  // The library's own table, loaded by file (its package exports only the entry, which imports this).
  const url = pathToFileURL(path.join(root, "node_modules", "any-ascii", "block.js")).href;
  const { default: block } = (await import(url)) as { default: (n: number) => string };
  let filled = 0;
  for (let n = 0; n <= 0x10ff; n++) {
    const want = block(n);
    assert.equal(blocks[n] ?? "", want, `block ${n}`);
    if (want !== "") filled++;
  }
  assert.equal(Object.keys(blocks).length, filled);
  assert.ok(filled > 100, `${filled} blocks`);
  // The 555 KB function itself is not in any chunk.
  for (const [name, out] of Object.entries(meta.outputs))
    if (Object.keys(out.inputs).some((i) => i.endsWith("node_modules/any-ascii/block.js")))
      assert.ok(statSync(path.join(dist, path.basename(name))).size < 400_000, name);
});
