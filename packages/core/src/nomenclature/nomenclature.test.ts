import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { bundledDataDir } from "../data/index.ts";
import { createEngine } from "../engine.ts";
import { isEmbargoError } from "../errors/index.ts";
import { createSnapshotCache } from "../runtime/snapshot-cache.ts";
import {
  codeView,
  getNomenclature,
  type HsEntry,
  loadNomenclature,
  NOMENCLATURE_FILES,
  stem,
  tokenize,
} from "./index.ts";

const dir = path.join(bundledDataDir, "nomenclature");
const nomP = loadNomenclature(dir);

function codeOf(e: unknown): string | undefined {
  return isEmbargoError(e) ? e.code : undefined;
}

test("the bundled files carry no Comtrade artefacts (TOTAL, 99/9999/999999, empty rows)", async () => {
  for (const file of ["hs2022.json", "hs2017.json"]) {
    const doc = JSON.parse(await readFile(path.join(dir, file), "utf8")) as { rows: string[][] };
    const codes = doc.rows.map((r) => r[0]);
    for (const bad of ["TOTAL", "99", "9999", "999999", ""]) assert.ok(!codes.includes(bad), `${file} has ${bad}`);
    assert.ok(
      codes.every((c) => c !== undefined && /^\d{2}(\d{2}){0,2}$/.test(c)),
      `${file}: malformed code`,
    );
  }
  const corr = JSON.parse(await readFile(path.join(dir, "correlation-hs2022-hs2017.json"), "utf8")) as {
    rows: string[][];
  };
  assert.ok(!corr.rows.some((r) => r[0] === "999999" || r[1] === "999999"));
  const nom = await nomP;
  for (const c of ["99", "9999", "999999"]) {
    assert.equal(nom.lookup(c), undefined);
    assert.equal(nom.lookup(c, "HS2017"), undefined);
  }
});

test("edition sizes match the sources minus the artefacts", async () => {
  const nom = await nomP;
  // Walks the whole tree from the 21 sections through children(): every code is reachable exactly once.
  function count(ed: "HS2022" | "HS2017", level: HsEntry["level"]): number {
    let n = 0;
    const walk = (e: HsEntry) => {
      if (e.level === level) n++;
      if (e.level !== "subheading") for (const k of nom.children(e.code, ed)) walk(k);
    };
    for (let s = 1; s <= 21; s++) walk(nom.get(roman(s), ed));
    return n;
  }
  assert.equal(count("HS2022", "chapter"), 96);
  assert.equal(count("HS2022", "heading"), 1228);
  assert.equal(count("HS2022", "subheading"), 5612);
  assert.equal(count("HS2017", "subheading"), 5387);
});

function roman(n: number): string {
  const table: [number, string][] = [
    [10, "X"],
    [9, "IX"],
    [5, "V"],
    [4, "IV"],
    [1, "I"],
  ];
  let out = "";
  for (const [v, s] of table)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}

test("lookups at every level, with punctuation and spaces", async () => {
  const nom = await nomP;
  assert.equal(nom.lookup("85")?.level, "chapter");
  assert.equal(nom.lookup("8542")?.description, "Electronic integrated circuits");
  assert.equal(nom.lookup("8542")?.parent, "85");
  assert.equal(nom.lookup("8542")?.section, "XVI");
  for (const input of ["854231", "8542.31", " 8542 31 ", "8542-31"]) {
    const e = nom.lookup(input);
    assert.equal(e?.code, "854231", input);
    assert.equal(e?.edition, "HS2022");
    assert.equal(e?.level, "subheading");
  }
  for (const input of ["85423111", "8542 31 11", "8542.31.11"]) {
    const e = nom.lookup(input);
    assert.equal(e?.code, "85423111", input);
    assert.equal(e?.edition, "CN2026");
    assert.equal(e?.level, "cn8");
  }
  assert.equal(nom.lookup("xvi")?.level, "section");
  assert.equal(nom.lookup("I")?.description, "Live animals; animal products"); // capitalised from the source
  assert.equal(nom.normalise("8542 31 11"), "85423111");
});

test("junk is HS_CODE_INVALID; unknown codes are HS_CODE_NOT_FOUND", async () => {
  const nom = await nomP;
  for (const bad of ["", "854", "85a2", "hello", "123456789", "XXII"])
    assert.throws(
      () => nom.normalise(bad),
      (e) => codeOf(e) === "HS_CODE_INVALID" && (e as { category: string }).category === "invalid_input",
      bad,
    );
  assert.equal(nom.lookup("854299"), undefined);
  assert.throws(
    () => nom.get("854299"),
    (e) => codeOf(e) === "HS_CODE_NOT_FOUND" && (e as { category: string }).category === "not_found",
  );
  assert.throws(() => nom.get("8542311100"), /10-digit/);
  // HS 2022-only code is absent from HS 2017, and vice versa.
  assert.ok(nom.lookup("854800"));
  assert.equal(nom.lookup("854800", "HS2017"), undefined);
  assert.ok(nom.lookup("854890", "HS2017"));
  assert.equal(nom.lookup("854890"), undefined);
});

test("CN entries: full labels built by walking up, leaf kept, years and supplementary unit", async () => {
  const nom = await nomP;
  const mco = nom.get("85423111");
  assert.equal(mco.leaf, "Multi-component integrated circuits (MCOs)");
  assert.match(mco.description, /^Electronic integrated circuits › Processors and controllers.* › Multi-component/);
  assert.deepEqual(mco.years, [2023, 2024, 2025, 2026]);
  assert.equal(mco.parent, "854231");
  // A leaf of just "Other" gets its context.
  const other = nom.get("85480090");
  assert.equal(other.leaf, "Other");
  assert.match(other.description, /^Electrical parts of machinery .* › Other$/);
  // No CN 6-digit node: the HS 2022 subheading text restores the missing level; unit carried.
  const horse = nom.get("01012100");
  assert.equal(horse.parent, "0101");
  assert.equal(horse.supplementaryUnit, "PST");
  assert.match(horse.description, /Live horses, asses, mules and hinnies › Horses; live, pure-bred .* › Pure-bred/);
  // Codes that ended: the default is the most recent year they existed in.
  const tomatoes = nom.get("07020000");
  assert.deepEqual(tomatoes.years, [2023, 2024]);
  assert.equal(tomatoes.edition, "CN2024");
  assert.equal(nom.lookup("07020000", "CN2026"), undefined);
  assert.equal(nom.get("07020010", "CN2025").parent, "070200"); // repaired source slip ("0702" in CN 2025)
});

test("parents run from the section down; children are direct and sorted", async () => {
  const nom = await nomP;
  assert.deepEqual(
    nom.parents("85423111").map((e) => `${e.code}/${e.level}/${e.edition}`),
    ["XVI/section/CN2026", "85/chapter/CN2026", "8542/heading/CN2026", "854231/subheading/CN2026"],
  );
  assert.deepEqual(
    nom.parents("854231").map((e) => e.code),
    ["XVI", "85", "8542"],
  );
  assert.deepEqual(nom.parents("XVI"), []);
  assert.deepEqual(
    nom.children("8542").map((e) => e.code),
    ["854231", "854232", "854233", "854239", "854290"],
  );
  assert.deepEqual(
    nom.children("XVI").map((e) => e.code),
    ["84", "85"],
  );
  // An HS 2022 subheading's children are the latest CN's 8-digit codes under it.
  const kids = nom.children("854231");
  assert.deepEqual(
    kids.map((e) => `${e.code}/${e.edition}`),
    ["85423111/CN2026", "85423119/CN2026", "85423190/CN2026"],
  );
  assert.deepEqual(
    nom.children("010121").map((e) => e.code),
    ["01012100"],
  );
  assert.deepEqual(nom.children("854231", "HS2017"), []);
  assert.ok(nom.children("8542", "CN2023").some((e) => e.code === "854231"));
  assert.throws(
    () => nom.children("854299"),
    (e) => codeOf(e) === "HS_CODE_NOT_FOUND",
  );
});

test("correlation: 8548.00 ← 8548.90, 8541.51 n:n, reversal and aggregation", async () => {
  const nom = await nomP;
  assert.deepEqual(nom.correlate("8548.00", "HS2022", "HS2017"), [{ code: "854890", relationship: "n:1" }]);
  const back = nom.correlate("854890", "HS2017", "HS2022");
  assert.ok(back.some((l) => l.code === "854800" && l.relationship === "1:n"));
  const pv = nom.correlate("854151", "HS2022", "HS2017");
  assert.ok(pv.length > 10);
  assert.ok(pv.every((l) => l.relationship === "n:n"));
  assert.deepEqual(nom.correlate("880730", "HS2022", "HS2017"), [{ code: "880330", relationship: "n:1" }]);
  assert.deepEqual(nom.correlate("010121", "HS2022", "HS2017"), [{ code: "010121", relationship: "1:1" }]);
  // Aggregates: heading 8548 is just 8548.00; an 8-digit CN code uses its subheading.
  assert.deepEqual(nom.correlate("8548", "HS2022", "HS2017"), [{ code: "854890", relationship: "n:1" }]);
  assert.deepEqual(nom.correlate("85480090", "HS2022", "HS2017"), [{ code: "854890", relationship: "n:1" }]);
  // Heading 0101 aggregates four subheadings that each map 1:1: one source (the heading) → four targets, "1:n".
  const horses = nom.correlate("0101", "HS2022", "HS2017");
  assert.deepEqual(
    horses.map((l) => l.code),
    ["010121", "010129", "010130", "010190"],
  );
  assert.ok(horses.every((l) => l.relationship === "1:n"));
  // HS2017 300219 has no row in the UNSD table: empty, not invented.
  assert.deepEqual(nom.correlate("300219", "HS2017", "HS2022"), []);
  assert.throws(
    () => nom.correlate("854890", "HS2022", "HS2017"),
    (e) => codeOf(e) === "HS_CODE_NOT_FOUND",
  );
  assert.deepEqual(nom.correlate("854231", "HS2022", "HS2022"), [{ code: "854231", relationship: "1:1" }]);
});

test("search ranks the specific heading first and honours edition/level/limit", async () => {
  const nom = await nomP;
  const ic = nom.search("integrated circuits");
  assert.equal(ic[0]?.entry.code, "8542");
  assert.equal(ic[0]?.entry.edition, "HS2022");
  assert.ok((ic[0]?.score ?? 0) >= (ic[1]?.score ?? 0));
  assert.equal(nom.search("ball bearings")[0]?.entry.code, "848210");
  assert.equal(nom.search("unmanned aircraft")[0]?.entry.code, "8806");
  // Prefixes and plurals.
  assert.ok(nom.search("semicond", { limit: 5 }).some((h) => h.entry.code.startsWith("8541")));
  assert.ok(nom.search("tomato", { limit: 3 }).some((h) => h.entry.code === "0702"));
  // Filters.
  const cn = nom.search("integrated circuits", { edition: "CN2024", level: "cn8", limit: 5 });
  assert.equal(cn.length, 5);
  assert.ok(
    cn.every((h) => h.entry.edition === "CN2024" && h.entry.level === "cn8" && h.entry.code.startsWith("8542")),
  );
  assert.ok(nom.search("integrated circuits", { edition: "HS2017" }).every((h) => h.entry.edition === "HS2017"));
  // The default scope shows 4/6-digit codes once (HS 2022), not again from the CN.
  const codes = ic.map((h) => `${h.entry.code}`);
  assert.equal(new Set(codes).size, codes.length);
  assert.deepEqual(nom.search("the of and"), []);
  assert.deepEqual(nom.search("zzzzqqq"), []);
});

test("tokenizer: stopwords, diacritics, crude stemming", () => {
  assert.deepEqual(tokenize("Parts of Machines, n.e.s."), ["part", "machine"]);
  assert.deepEqual(tokenize("Crème brûlée"), ["creme", "brulee"]);
  assert.equal(stem("batteries"), "battery");
  assert.equal(stem("glass"), "glass");
  assert.equal(stem("tomatoes"), "tomato");
});

test("version is a content hash; the engine accessor memoises", async () => {
  const nom = await nomP;
  assert.match(nom.version, /^nomenclature-[0-9a-f]{12}$/);
  const engine = createEngine();
  const a = await getNomenclature(engine);
  assert.equal(a, await getNomenclature(engine));
  assert.equal(a.version, nom.version);
});

test("a damaged file is rejected naming the file and row; a missing one is unavailable", async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), "nomenclature-"));
  try {
    for (const f of NOMENCLATURE_FILES) await writeFile(path.join(tmp, f), await readFile(path.join(dir, f)));
    const doc = JSON.parse(await readFile(path.join(dir, "hs2017.json"), "utf8")) as { rows: unknown[][] };
    doc.rows[2] = ["12x", "bad"];
    await writeFile(path.join(tmp, "hs2017.json"), JSON.stringify(doc));
    await assert.rejects(loadNomenclature(tmp), (e) => {
      assert.equal(codeOf(e), "NOMENCLATURE_DATA_INVALID");
      const issue = (e as { issues: { file?: string; row?: number }[] }).issues[0];
      assert.equal(issue?.file, "hs2017.json");
      assert.equal(issue?.row, 3);
      return true;
    });
    await rm(path.join(tmp, "cn.json"));
    await assert.rejects(loadNomenclature(tmp), (e) => codeOf(e) === "NOMENCLATURE_DATA_MISSING");
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test("invariants over every HS 2022 and CN 2026 entry: parent chains, prefixes, labels with context", async () => {
  const nom = await nomP;
  for (const edition of ["HS2022", "CN2026"] as const) {
    const seen: HsEntry[] = [];
    const walk = (e: HsEntry) => {
      seen.push(e);
      if (e.level !== "cn8" && !(edition === "HS2022" && e.level === "subheading"))
        for (const k of nom.children(e.code, edition)) walk(k);
    };
    for (let s = 1; s <= 21; s++) walk(nom.get(roman(s), edition));
    assert.ok(seen.length > (edition === "HS2022" ? 6900 : 11000), `${edition}: ${seen.length} entries`);
    for (const e of seen) {
      assert.equal(nom.lookup(e.code, edition), e);
      const chain = nom.parents(e.code, edition);
      assert.equal(chain.at(-1)?.code, e.parent, `${edition} ${e.code}`);
      assert.equal(chain[0]?.level ?? "section", "section", `${edition} ${e.code}`);
      for (const p of chain)
        if (p.level !== "section") assert.ok(e.code.startsWith(p.code), `${edition} ${e.code} under ${p.code}`);
      if (e.level === "cn8") {
        assert.notEqual(e.description, "Other", `${e.code} has a label without context`);
        assert.ok(e.description.endsWith(e.leaf ?? "\u0000") || e.description.includes(" › "), e.code);
      }
    }
  }
});

test("an HS 2017 / CN lookup before the edition's full tree answers exactly as the full tree does", async () => {
  // `fresh` answers from per-chapter trees (no full HS 2017 / CN tree built yet); `full` from the whole editions.
  const [fresh, full] = await Promise.all([loadNomenclature(dir), loadNomenclature(dir)]);
  const cn = JSON.parse(await readFile(path.join(dir, "cn.json"), "utf8")) as { codes: [string][] };
  const hs17 = JSON.parse(await readFile(path.join(dir, "hs2017.json"), "utf8")) as { rows: [string][] };
  for (const ed of ["CN2023", "CN2026", "HS2017"] as const) full.search("circuits", { edition: ed, limit: 1 });
  full.search("circuits", { limit: 1 });
  const sample = [...cn.codes, ...hs17.rows].filter((_, i) => i % 9 === 0).map((r) => r[0]);
  let compared = 0;
  for (const code of [...sample, "85", "8542", "854231", "85423111", "0101"])
    for (const ed of ["CN2026", "CN2023", "HS2017", undefined] as const) {
      const a = fresh.lookup(code, ed);
      assert.deepEqual(a, full.lookup(code, ed), `${ed} ${code}`);
      if (a === undefined) continue;
      assert.deepEqual(fresh.parents(code, ed), full.parents(code, ed), `parents ${ed} ${code}`);
      assert.deepEqual(fresh.children(code, ed), full.children(code, ed), `children ${ed} ${code}`);
      compared++;
    }
  for (const code of ["854231", "850110", "8542"]) {
    assert.deepEqual(fresh.children(code), full.children(code), `HS2022 ${code} → CN children`);
    assert.deepEqual(codeView(fresh, code), codeView(full, code), `view ${code}`);
  }
  assert.deepEqual(codeView(fresh, "854231", "HS2017"), codeView(full, "854231", "HS2017"));
  assert.ok(compared > 2000, `compared ${compared}`);
});

test("with a snapshot cache, validated bytes are remembered and changed bytes are validated again", async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), "nomenclature-cache-"));
  try {
    const events: string[] = [];
    const cache = createSnapshotCache({
      dir: path.join(tmp, "cache"),
      codeVersion: "test",
      onEvent: (e) => events.push(`${e.kind}:${e.name}`),
    });
    const data = path.join(tmp, "data");
    await mkdir(data);
    for (const f of NOMENCLATURE_FILES) await writeFile(path.join(data, f), await readFile(path.join(dir, f)));
    const first = await loadNomenclature(data, { cache });
    assert.deepEqual(events, ["miss:nomenclature-validated", "written:nomenclature-validated"]);
    const second = await loadNomenclature(data, { cache });
    assert.equal(events.at(-1), "hit:nomenclature-validated");
    assert.equal(second.version, first.version);
    assert.deepEqual(codeView(second, "8542.31"), codeView(first, "8542.31"));
    // A damaged file has other bytes, so the remembered validation does not apply to it.
    const doc = JSON.parse(await readFile(path.join(data, "cn.json"), "utf8")) as { codes: unknown[][] };
    doc.codes[4] = ["8542311", "bad", "854231", null, [2026]];
    await writeFile(path.join(data, "cn.json"), JSON.stringify(doc));
    await assert.rejects(loadNomenclature(data, { cache }), (e) => {
      assert.equal(codeOf(e), "NOMENCLATURE_DATA_INVALID");
      assert.equal((e as { issues: { file?: string; row?: number }[] }).issues[0]?.row, 5);
      return true;
    });
    assert.equal(events.at(-1), "stale:nomenclature-validated");
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test("after a remembered validation, one chapter is read from its rows' lines with the same answers; another layout is parsed whole", async () => {
  const tmp = await mkdtemp(path.join(tmpdir(), "nomenclature-lines-"));
  try {
    const full = await nomP;
    const cn = JSON.parse(await readFile(path.join(dir, "cn.json"), "utf8")) as { codes: [string][] };
    const hs17 = JSON.parse(await readFile(path.join(dir, "hs2017.json"), "utf8")) as { rows: [string][] };
    const hs22 = JSON.parse(await readFile(path.join(dir, "hs2022.json"), "utf8")) as { rows: [string][] };
    const sample: (readonly [string, "HS2017" | "CN2023" | "CN2026" | undefined])[] = [
      ...cn.codes.filter((_, i) => i % 97 === 0).map((r) => [r[0], undefined] as const),
      ...hs17.rows.filter((_, i) => i % 67 === 0).map((r) => [r[0], "HS2017"] as const),
      ...hs22.rows.filter((r, i) => r[0].length === 6 && i % 37 === 0).map((r) => [r[0], undefined] as const),
      ["854231", undefined],
      ["854231", "HS2017"],
      ["85423111", "CN2026"],
      ["85423111", "CN2023"],
      ["0101", "HS2017"],
    ];
    // Layouts: the bundled bytes (row per line) and the same documents on one line each (not row per line).
    for (const layout of ["lines", "compact"] as const) {
      const data = path.join(tmp, layout);
      await mkdir(data);
      for (const f of NOMENCLATURE_FILES) {
        const bytes = await readFile(path.join(dir, f));
        await writeFile(path.join(data, f), layout === "lines" ? bytes : JSON.stringify(JSON.parse(bytes.toString())));
      }
      const cache = createSnapshotCache({ dir: path.join(tmp, `cache-${layout}`), codeVersion: "test" });
      await loadNomenclature(data, { cache });
      const keyParts = await validatedKey(data);
      assert.deepEqual(await cache.get("nomenclature-validated", keyParts), { lines: layout === "lines" });
      for (const [code, ed] of sample) {
        // A fresh instance per code: every lookup starts from chapter trees.
        const nom = await loadNomenclature(data, { cache });
        const { dataVersion: _a, ...got } = codeView(nom, code, ed);
        const { dataVersion: _b, ...want } = codeView(full, code, ed);
        assert.deepEqual(got, want, `${layout} ${ed} ${code}`);
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

/** The snapshot-cache key parts loadNomenclature uses for the files in `data`. */
async function validatedKey(data: string): Promise<string[]> {
  const { createHash } = await import("node:crypto");
  const bytes = await Promise.all(NOMENCLATURE_FILES.map((f) => readFile(path.join(data, f))));
  const hash = createHash("sha256");
  for (const b of bytes) hash.update(b);
  return [hash.digest("hex"), ...bytes.map((b) => String(b.length))];
}
