// Copies the RFC 6962 Merkle test vectors the registry's unit tests need from ../shared/data/diamonds into
// packages/core/src/registry/testdata/, one JSON file per suite (the per-case files are concatenated, keyed by
// their relative path, values unchanged), with each suite's LICENSE. Run: node --import tsx scripts/convert-diamonds-vectors.ts
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const src = path.resolve(root, "../shared/data/diamonds");
const out = path.join(root, "packages/core/src/registry/testdata");

function collect(dir: string, base = dir, acc: Record<string, unknown> = {}): Record<string, unknown> {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) collect(p, base, acc);
    else if (name.endsWith(".json")) acc[path.relative(base, p)] = JSON.parse(readFileSync(p, "utf8"));
  }
  return acc;
}

const td = path.join(src, "transparency-dev-merkle");
writeFileSync(
  path.join(out, "transparency-dev-inclusion.json"),
  `${JSON.stringify(collect(path.join(td, "testdata/inclusion")))}\n`,
);
writeFileSync(
  path.join(out, "transparency-dev-consistency.json"),
  `${JSON.stringify(collect(path.join(td, "testdata/consistency")))}\n`,
);
copyFileSync(path.join(td, "reference-tree.json"), path.join(out, "transparency-dev-reference-tree.json"));
copyFileSync(path.join(td, "LICENSE"), path.join(out, "LICENSE.transparency-dev-merkle"));
const c2 = path.join(src, "c2sp-cctv-merkle");
const c2sp: Record<string, unknown> = {};
for (const f of ["merkle_tree", "inclusion-valid", "inclusion-invalid", "consistency-valid", "consistency-invalid"])
  c2sp[f] = JSON.parse(readFileSync(path.join(c2, "testdata", `${f}.json`), "utf8"));
writeFileSync(path.join(out, "c2sp-cctv-merkle.json"), `${JSON.stringify(c2sp)}\n`);
copyFileSync(path.join(c2, "LICENSE"), path.join(out, "LICENSE.c2sp-cctv-merkle"));
console.log("wrote", readdirSync(out).join(", "));
