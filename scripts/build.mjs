// The build (`npm run build`, run by `npm ci`/`npm install` through the root `prepare` script): bundles the CLI —
// which also carries the HTTP server behind `embargo serve` — from the TypeScript sources into
// packages/cli/dist/ with esbuild, so `embargo` and `npm start` run compiled JavaScript and tsx stays a
// development tool. Why a bundle rather than tsc per package: see docs/ARCHITECTURE.md ("Build").
//
// - Every module under packages/*/src that the entry reaches is compiled (no list of files to keep in step);
//   commands are dynamic imports in the registry, so esbuild splits them into chunks loaded on demand.
// - Third-party packages stay external (native addons, wasm and worker files resolve from node_modules as in
//   development); the build fails if one of them is not hoisted to the root node_modules, where dist/ finds it.
// - `import.meta.url` in the sources is rewritten to the source file's own URL (relative to the chunk), so
//   data folders found relative to a source file (`data/`, the web pages) are found from compiled code too.
// - The output is written to a temporary folder and renamed into place: a failed build leaves the old one.
// - No type checking here (esbuild strips types); `npm test` typechecks.
//
// Usage: node scripts/build.mjs [--outdir DIR] [--quiet]
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { outdir: { type: "string" }, quiet: { type: "boolean" } } });
const outdir = path.resolve(values.outdir ?? path.join(root, "packages/cli/dist"));
const tmpdir = `${outdir}.tmp-${process.pid}`;
const started = performance.now();

/** The workspace packages' source files (tests excluded), sorted: they define the build id. */
function sources() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mjs|js|css|json)$/.test(name) && !name.includes(".test.")) out.push(p);
    }
  };
  for (const pkg of readdirSync(path.join(root, "packages")).sort()) {
    const src = path.join(root, "packages", pkg, "src");
    if (existsSync(src)) walk(src);
    out.push(path.join(root, "packages", pkg, "package.json"));
  }
  return out;
}

/** SHA-256 over the sources' paths and bytes and the lock file: the code version caches are keyed by. */
function buildId() {
  const h = createHash("sha256");
  for (const f of [...sources(), path.join(root, "package-lock.json")]) {
    if (!existsSync(f)) continue;
    h.update(path.relative(root, f));
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

/**
 * Pure-JavaScript ES-module libraries (no native addon, wasm, worker or data file, and none in their dependency
 * trees) that are bundled into the chunks instead of loaded from node_modules: node resolves, reads and compiles
 * every file of an external package at start-up (zod alone is ~95 files, its locales included), which cost more
 * than the work of a short command (issue 10). Bundled, esbuild drops what is not imported and the code loads
 * with the chunk that needs it. Their own imports are bundled with them.
 */
const INLINED = new Set([
  "zod",
  "fast-xml-parser",
  "csv-parse",
  "csv-stringify",
  "any-ascii",
  "@noble/hashes",
  "hono",
  "@hono/node-server",
]);

const packageName = (spec) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);

/** Bare imports of third-party packages stay external (except {@link INLINED}); the workspace's own are bundled. */
const externals = {
  name: "embargo-externals",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@embargo/") || args.path.startsWith("node:")) return undefined;
      const name = packageName(args.path);
      // An inlined library's own imports (its importer is in node_modules) are bundled with it.
      const fromLibrary = /[/\\]node_modules[/\\]/.test(args.importer);
      if ((INLINED.has(name) || fromLibrary) && !isBuiltin(name)) {
        if (!existsSync(path.join(root, "node_modules", name)) && !fromLibrary)
          return { errors: [{ text: `${name} (imported by ${path.relative(root, args.importer)}) is not installed` }] };
        return undefined;
      }
      // dist/ resolves externals from the root node_modules: a copy nested under a package would be missed.
      const pkgDir = args.importer.match(/^(.*[/\\]packages[/\\][^/\\]+)[/\\]src[/\\]/)?.[1];
      if (pkgDir && existsSync(path.join(pkgDir, "node_modules", name)))
        return {
          errors: [
            { text: `${name} is installed under ${pkgDir}/node_modules, not hoisted: dist/ would load another copy` },
          ],
        };
      if (!existsSync(path.join(root, "node_modules", name)) && !isBuiltin(name))
        return { errors: [{ text: `${name} (imported by ${path.relative(root, args.importer)}) is not installed` }] };
      return { path: args.path, external: true };
    });
  },
};

function isBuiltin(name) {
  return builtinModules.includes(name);
}

/** Keeps `import.meta.url` meaning "this source file" in compiled chunks (all chunks sit in one folder). */
const sourceUrls = {
  name: "embargo-source-urls",
  setup(build) {
    build.onLoad({ filter: /[/\\]packages[/\\][^/\\]+[/\\]src[/\\].*\.ts$/ }, (args) => {
      let text = readFileSync(args.path, "utf8");
      if (text.includes("import.meta.")) {
        const rel = path.relative(outdir, args.path).split(path.sep).join("/");
        const url = `new URL(${JSON.stringify(rel)}, import.meta.url)`;
        text = text
          .replaceAll("import.meta.url", `${url}.href`)
          .replaceAll("import.meta.filename", `__embargoFileURLToPath(${url})`)
          .replaceAll("import.meta.dirname", `__embargoDirname(__embargoFileURLToPath(${url}))`);
        if (text.includes("__embargoFileURLToPath"))
          text = `import { fileURLToPath as __embargoFileURLToPath } from "node:url";\nimport { dirname as __embargoDirname } from "node:path";\n${text}`;
      }
      return { contents: text, loader: "ts" };
    });
  },
};

/**
 * zod's `z.locales` namespace (error messages in ~50 languages, ~366 KB of the bundle) is part of every chunk that
 * uses zod, because `export * as locales` keeps the whole namespace alive, yet no source here selects a locale
 * (zod's English default is imported by its schemas directly, not through this index). Parsing it cost every
 * command that touches a contract ~20-30 ms CPU at start (issue 10). The bundle's index exports English only; the
 * build test checks that no source uses `z.locales` or imports zod's locales, so this stays true.
 */
const zodEnglishOnly = {
  name: "embargo-zod-english-only",
  setup(build) {
    build.onLoad({ filter: /[/\\]node_modules[/\\]zod[/\\]v4[/\\]locales[/\\]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * any-ascii (the matcher's transliteration of scripts it has no own table for) keeps its data as one ~555 KB
 * function of string literals, `block(n)`, which every screening command compiled at start although a run calls it
 * for a few blocks or none (issue 10). The build evaluates that function once for every block and writes the
 * non-empty ones to `any-ascii-blocks.json` beside the chunks; the bundled `block(n)` reads that file on its first
 * call and answers from it. Same strings (the build test compares every block with the library's own function).
 */
let anyAsciiBlocks;
const ANY_ASCII_BLOCKS = "any-ascii-blocks.json";
const anyAsciiLazyBlocks = {
  name: "embargo-any-ascii-lazy-blocks",
  setup(build) {
    build.onLoad({ filter: /[/\\]node_modules[/\\]any-ascii[/\\]block\.js$/ }, async (args) => {
      const { default: block } = await import(pathToFileURL(args.path).href);
      const blocks = {};
      // Code points end at U+10FFFF: blocks 0..0x10ff.
      for (let n = 0; n <= 0x10ff; n++) {
        const text = block(n);
        if (text !== "") blocks[n] = text;
      }
      anyAsciiBlocks = blocks;
      return {
        contents: [
          'import { readFileSync } from "node:fs";',
          "let blocks;",
          "export default function block(blockNum) {",
          `  blocks ??= JSON.parse(readFileSync(new URL(${JSON.stringify(`./${ANY_ASCII_BLOCKS}`)}, import.meta.url), "utf8"));`,
          '  return blocks[blockNum] ?? "";',
          "}",
          "",
        ].join("\n"),
        loader: "js",
      };
    });
  },
};

const id = buildId();
rmSync(tmpdir, { recursive: true, force: true });
const result = await esbuild
  .build({
    absWorkingDir: root,
    entryPoints: { index: "packages/cli/src/index.ts" },
    outdir: tmpdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    entryNames: "[name]",
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    sourcesContent: false,
    define: { EMBARGO_BUILD_ID: JSON.stringify(id) },
    plugins: [externals, zodEnglishOnly, anyAsciiLazyBlocks, sourceUrls],
    logLevel: "silent",
    metafile: true,
  })
  .catch((e) => {
    rmSync(tmpdir, { recursive: true, force: true });
    console.error(
      `build failed:\n${(e.errors ?? []).map((x) => `  ${x.location?.file ?? ""}: ${x.text}`).join("\n") || e.message}`,
    );
    process.exit(1);
  });
if (anyAsciiBlocks) writeFileSync(path.join(tmpdir, ANY_ASCII_BLOCKS), JSON.stringify(anyAsciiBlocks));
for (const w of result.warnings) console.error(`build warning: ${w.location?.file ?? ""}: ${w.text}`);
// Chunks move with the folder: the relative source URLs above were computed for `outdir`, not `tmpdir`,
// which is fine because both are siblings at the same depth.
writeFileSync(
  path.join(tmpdir, "build.json"),
  `${JSON.stringify({ buildId: id, files: Object.keys(result.metafile.outputs).length }, null, 2)}\n`,
);
// Which inputs and imports each chunk holds: lets a test prove that `--help` and `hs` load no lists, trade or registry.
writeFileSync(path.join(tmpdir, "meta.json"), JSON.stringify(result.metafile));
writeFileSync(path.join(tmpdir, "package.json"), `${JSON.stringify({ type: "module" })}\n`);
const old = `${outdir}.old-${process.pid}`;
if (existsSync(outdir)) renameSync(outdir, old);
renameSync(tmpdir, outdir);
rmSync(old, { recursive: true, force: true });
if (!values.quiet) {
  const ms = Math.round(performance.now() - started);
  console.log(
    `built ${path.relative(root, outdir) || outdir} (${Object.keys(result.metafile.outputs).length} files, build ${id.slice(0, 12)}) in ${ms} ms`,
  );
}
