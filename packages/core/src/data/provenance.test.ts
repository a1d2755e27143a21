import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { bundledDataDir } from "./index.ts";
import { attributionLines, readDataProvenance } from "./provenance.ts";

test("attribution lines come from an Attribution section or labelled bullets", () => {
  const md =
    "# X\n\n## Attribution\n\n- Line one\n- Line two\n\n## Changes\n\n- not this\n- Attribution: **Line three**\n";
  assert.deepEqual(attributionLines(md), ["Line one", "Line two", "Line three"]);
});

test("readDataProvenance reads the index and every area with a provenance file, in name order", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-prov-"));
  try {
    await writeFile(path.join(dir, "PROVENANCE.md"), "# Data\n");
    await mkdir(path.join(dir, "b"));
    await writeFile(path.join(dir, "b", "PROVENANCE.md"), "# B\n\n## Attribution\n\n- © B\n");
    await mkdir(path.join(dir, "a"));
    await writeFile(path.join(dir, "a", "PROVENANCE.md"), "# A\n");
    await mkdir(path.join(dir, "c")); // no provenance file: left out
    const p = await readDataProvenance(dir);
    assert.equal(p.index, "# Data\n");
    assert.deepEqual(
      p.areas.map((a) => [a.area, a.file, a.attributions]),
      [
        ["a", path.join("a", "PROVENANCE.md"), []],
        ["b", path.join("b", "PROVENANCE.md"), ["© B"]],
      ],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the bundled data names its sources: every area's provenance is read", async () => {
  const p = await readDataProvenance(bundledDataDir);
  assert.match(p.index, /\S/);
  assert.ok(p.areas.some((a) => a.area === "lists"));
});

test("a missing data folder gives an empty provenance, not an error", async () => {
  assert.deepEqual(await readDataProvenance(path.join(tmpdir(), "embargo-no-such-dir-xyz")), { index: "", areas: [] });
});
