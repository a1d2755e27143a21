import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createEngine } from "../engine.ts";
import type { EmbargoError } from "../errors/index.ts";
import { createSnapshotCache, type SnapshotCacheEvent } from "../runtime/snapshot-cache.ts";
import { getRegimes } from "./index.ts";
import { buildRegimeSet, loadRegimeSet, parseCountryGroups, parseRegimeFile } from "./load.ts";
import { groupsFile, measure, regimeFile } from "./testkit.ts";

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A temporary `regimes/` folder (inside a data dir) holding the given files. */
async function folder(files: Record<string, unknown>): Promise<{ dataDir: string; dir: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "embargo-regimes-"));
  dirs.push(dataDir);
  const dir = path.join(dataDir, "regimes");
  await mkdir(dir);
  for (const [name, doc] of Object.entries(files))
    await writeFile(path.join(dir, name), typeof doc === "string" ? doc : JSON.stringify(doc));
  return { dataDir, dir };
}

const good = () => ({
  "country-groups.json": groupsFile(),
  "eu.json": regimeFile("EU", [
    measure("eu-a", "EU"),
    measure("eu-clause", "EU", {
      kind: "due_diligence",
      countries: ["@NON_PARTNERS"],
      flags: ["NO_RUSSIA_CLAUSE_REQUIRED"],
    }),
  ]),
  "us.json": regimeFile("US", [measure("us-a", "US", { countries: ["RU", "BY"] })]),
  "scenario.json": {
    ...regimeFile("test-scenario", [measure("sc-a", "test-scenario")]),
    type: "scenario",
  },
  "regime-file.schema.json": { note: "JSON Schemas beside the data are not regime files" },
});

test("a good folder loads: members in G7 order, scenarios, groups, version", async () => {
  const { dir } = await folder(good());
  const set = await loadRegimeSet(dir);
  assert.deepEqual(set.members, ["EU", "US"]);
  assert.deepEqual(set.scenarios, ["test-scenario"]);
  assert.equal(set.measures.length, 4);
  assert.equal(set.measure("us-a")?.jurisdiction, "US");
  assert.deepEqual(
    set.measuresOf("EU").map((m) => m.id),
    ["eu-a", "eu-clause"],
  );
  assert.match(set.version, /^regimes-[0-9a-f]{12}$/);
  assert.deepEqual(
    set.files.map((f) => [f.file, f.measureCount]),
    [
      ["eu.json", 2],
      ["scenario.json", 1],
      ["us.json", 1],
    ],
  );
  // list groups contain their members; complement groups everything else
  assert.ok(set.countryIn(["@PARTNERS"], "JP"));
  assert.ok(!set.countryIn(["@PARTNERS"], "KZ"));
  assert.ok(set.countryIn(["@NON_PARTNERS"], "KZ"));
  assert.ok(!set.countryIn(["@NON_PARTNERS"], "US"));
  assert.ok(!set.countryIn(["@NON_PARTNERS"], "RU"));
  assert.ok(set.countryIn(["BY", "@PARTNERS"], "BY"));
  // same content → same version; any change → a new version
  assert.equal((await loadRegimeSet(dir)).version, set.version);
  const changed = good();
  changed["us.json"].measures[0]!.effective.from = "2024-01-02";
  assert.notEqual((await loadRegimeSet((await folder(changed)).dir)).version, set.version);
});

test("one bad file rejects the whole folder, naming the file, path and reason", async () => {
  const files = good();
  (files["us.json"].measures[0] as { goods: unknown }).goods = {
    kind: "codes",
    nomenclature: "HS2022",
    include: ["85.42"],
  };
  const { dir } = await folder({ ...files, "broken.json": "{ not json" });
  await assert.rejects(loadRegimeSet(dir), (e: EmbargoError) => {
    assert.equal(e.code, "REGIME_FILE_INVALID");
    assert.equal(e.category, "invalid_input");
    const where = e.issues.map((i) => `${i.file} ${i.path ?? ""} ${i.code}`);
    assert.ok(where.includes("us.json measures[0].goods.include[0] invalid_format"), where.join("; "));
    assert.ok(
      where.some((w) => w.startsWith("broken.json") && w.endsWith("invalid_json")),
      where.join("; "),
    );
    assert.match(e.message, /2 problem\(s\)/);
    return true;
  });
});

test("a missing country-groups.json rejects the folder", async () => {
  const { "country-groups.json": _g, ...rest } = good();
  const { dir } = await folder(rest);
  await assert.rejects(loadRegimeSet(dir), (e: EmbargoError) =>
    e.issues.some((i) => i.code === "missing_file" && i.file === "country-groups.json"),
  );
});

test("the set is checked as a whole: duplicate ids and unknown @GROUPs → REGIME_SET_INVALID", () => {
  const groups = parseCountryGroups(groupsFile());
  const eu = parseRegimeFile(regimeFile("EU", [measure("dup", "EU")]), "eu.json");
  const us = parseRegimeFile(
    regimeFile("US", [measure("ok", "US"), measure("dup", "US", { countries: ["RU", "@NOWHERE"] })]),
    "us.json",
  );
  assert.throws(
    () =>
      buildRegimeSet(
        [
          { file: "eu.json", doc: eu, sha256: "a" },
          { file: "us.json", doc: us, sha256: "b" },
        ],
        groups,
      ),
    (e: EmbargoError) => {
      assert.equal(e.code, "REGIME_SET_INVALID");
      assert.deepEqual(
        e.issues.map((i) => [i.code, i.file, i.path]),
        [
          ["duplicate_id", "us.json", "measures[1].id"],
          ["unknown_group", "us.json", "measures[1].countries[1]"],
        ],
      );
      return true;
    },
  );
});

test("a bad folder never replaces a good set already served by the engine", async () => {
  const { dataDir, dir } = await folder(good());
  const engine = createEngine({ dataDir });
  const first = await getRegimes(engine);
  assert.deepEqual(first.members, ["EU", "US"]);

  // The data on disk goes bad (e.g. a half-written update): a reload fails as a whole …
  await writeFile(path.join(dir, "us.json"), JSON.stringify(regimeFile("US", [measure("eu-a", "US")])));
  const reload = loadRegimeSet(dir).then((set) => engine.replace("regimes", set));
  await assert.rejects(reload, (e: EmbargoError) => e.code === "REGIME_SET_INVALID");
  // … and the engine keeps serving the complete set it had.
  assert.equal(await getRegimes(engine), first);

  // A fresh engine over the bad folder fails, and the failure is not cached: once fixed, it loads.
  const fresh = createEngine({ dataDir });
  await assert.rejects(getRegimes(fresh), (e: EmbargoError) => e.code === "REGIME_SET_INVALID");
  await writeFile(path.join(dir, "us.json"), JSON.stringify(good()["us.json"]));
  const fixed = await getRegimes(fresh);
  assert.equal(fixed.version, first.version);
});

test("with a snapshot cache, validated files are remembered; a changed or corrupted entry is validated again", async () => {
  const { dir, dataDir } = await folder(good());
  const events: SnapshotCacheEvent[] = [];
  const cacheDir = path.join(dataDir, "cache");
  const cache = createSnapshotCache({ dir: cacheDir, codeVersion: "test", onEvent: (e) => events.push(e) });
  const fresh = await loadRegimeSet(dir);
  const first = await loadRegimeSet(dir, { cache });
  assert.deepEqual(
    events.map((e) => e.kind),
    ["miss", "written"],
  );
  const second = await loadRegimeSet(dir, { cache });
  assert.equal(events.at(-1)?.kind, "hit");
  // The remembered documents are the validated ones (defaults filled in), and build the same set.
  for (const set of [first, second]) {
    assert.equal(set.version, fresh.version);
    assert.deepEqual(set.measures, fresh.measures);
    assert.deepEqual(set.files, fresh.files);
    assert.deepEqual(set.groups, fresh.groups);
  }
  assert.deepEqual(second.measure("eu-a")?.exemptions, []);

  // A changed file changes the key: it is validated again, so an invalid edit is rejected despite the cache.
  const bad = good();
  (bad["us.json"].measures[0] as { kind: string }).kind = "no_such_kind";
  await writeFile(path.join(dir, "us.json"), JSON.stringify(bad["us.json"]));
  await assert.rejects(loadRegimeSet(dir, { cache }), (e) => (e as EmbargoError).code === "REGIME_FILE_INVALID");
  assert.equal(events.at(-1)?.kind, "stale");

  // A valid edit is validated, used and remembered in place of the old entry.
  const edited = good();
  edited["us.json"].measures[0] = measure("us-b", "US");
  await writeFile(path.join(dir, "us.json"), JSON.stringify(edited["us.json"]));
  assert.ok((await loadRegimeSet(dir, { cache })).measure("us-b"));
  assert.equal(events.at(-1)?.kind, "written");

  // A corrupt entry is never trusted: it reads as a miss and the files are validated again.
  const [entry] = (await readdir(cacheDir)).filter((n) => n.startsWith("regimes-validated"));
  assert.ok(entry);
  await writeFile(path.join(cacheDir, entry), "garbage\n{}");
  const again = await loadRegimeSet(dir, { cache });
  assert.ok(again.measure("us-b"));
  assert.ok(events.some((e) => e.kind === "corrupt"));
  assert.equal(events.at(-1)?.kind, "written");
});
