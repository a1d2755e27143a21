import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { bundledDataDir } from "../data/index.ts";
import { createEngine } from "../engine.ts";
import { fixedClock } from "../runtime/index.ts";
import { getListSnapshots, getListVersions, updateLists } from "./store.ts";

const unGz = readFileSync(path.join(bundledDataDir, "lists/un-sc/un_sc_consolidated_2026-02-27.xml.gz"));
const unXml = gunzipSync(unGz).toString("utf8");
const bundledManifest = JSON.parse(readFileSync(path.join(bundledDataDir, "lists/manifest.json"), "utf8")) as {
  snapshots: { list: string }[];
};

/** A data dir holding only the bundled UN list (fast to load). */
function unOnlyDataDir(root: string): string {
  const dir = path.join(root, "data");
  mkdirSync(path.join(dir, "lists/un-sc"), { recursive: true });
  writeFileSync(path.join(dir, "lists/un-sc/un_sc_consolidated_2026-02-27.xml.gz"), unGz);
  writeFileSync(
    path.join(dir, "lists/manifest.json"),
    JSON.stringify({ snapshots: bundledManifest.snapshots.filter((s) => s.list === "un-sc") }),
  );
  return dir;
}

// Variants served by the local server.
const firstIndividual = /<INDIVIDUAL>[\s\S]*?<\/INDIVIDUAL>\s*/;
const removedOne = unXml.replace(firstIndividual, "");
const good = removedOne.replace("<FIRST_NAME>FRANK KAKOLELE</FIRST_NAME>", "<FIRST_NAME>FRANK K.</FIRST_NAME>");
const truncated = unXml.slice(0, Math.floor(unXml.length * 0.6));
const tiny = unXml
  .replace(/<INDIVIDUALS>[\s\S]*<\/INDIVIDUALS>/, "<INDIVIDUALS/>")
  .replace(
    /<ENTITIES>[\s\S]*<\/ENTITIES>/,
    (m) => `<ENTITIES>${(m.match(/<ENTITY>[\s\S]*?<\/ENTITY>/g) ?? []).slice(0, 10).join("")}</ENTITIES>`,
  );
const older = unXml.replace('dateGenerated="2026-02-27T00:00:09.554Z"', 'dateGenerated="2025-01-01T00:00:00.000Z"');
const hostile = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST/>`;

let server: Server;
let base = "";
const hits: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const body: Record<string, string> = {
      "/un.xml": unXml,
      "/good.xml": good,
      "/truncated.xml": truncated,
      "/tiny.xml": tiny,
      "/hostile.xml": hostile,
      "/older.xml": older,
    };
    const b = body[req.url ?? ""];
    if (b === undefined) {
      res.writeHead(req.url === "/missing.xml" ? 404 : 500).end("nope");
      return;
    }
    res.writeHead(200, { "content-type": "application/xml" }).end(b);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function setup() {
  const root = mkdtempSync(path.join(os.tmpdir(), "embargo-lists-"));
  const dataDir = unOnlyDataDir(root);
  const stateDir = path.join(root, "state");
  const engine = createEngine({ dataDir, stateDir, clock: fixedClock("2026-03-01T12:00:00Z") });
  return { root, dataDir, stateDir, engine, done: () => rmSync(root, { recursive: true, force: true }) };
}

const update = (engine: ReturnType<typeof createEngine>, file: string, force = false) =>
  updateLists(engine, {
    fetch: (u, i) => fetch(u, i),
    sources: ["un-sc"],
    urls: { "un-sc": `${base}/${file}` },
    force,
  });

test("a good download swaps in atomically, records version and delta, and survives a restart", async () => {
  const { engine, stateDir, dataDir, done } = setup();
  try {
    const [before] = await getListVersions(engine);
    assert.equal(before?.origin, "bundled");
    assert.equal(before?.entities, 1003);
    const report = await update(engine, "good.xml");
    assert.equal(report.failed, false);
    const r = report.results[0];
    assert.equal(r?.status, "updated", JSON.stringify(r));
    assert.equal(r?.version?.entities, 1002);
    assert.equal(r?.version?.date, "2026-02-27");
    assert.equal(r?.version?.retrievedAt, "2026-03-01T12:00:00.000Z");
    assert.deepEqual(r?.delta?.removed, ["un-sc:6907993"]);
    assert.deepEqual(r?.delta?.changed, ["un-sc:6907994"]);
    assert.deepEqual(r?.delta?.added, []);
    // The engine serves the new snapshot at once.
    const snap = (await getListSnapshots(engine))[0];
    assert.equal(snap?.origin, "downloaded");
    assert.equal(snap?.entities.length, 1002);
    assert.equal(snap?.sha256, r?.version?.sha256);
    // On disk: active.json names a complete version folder with its files, version and delta; no temp left.
    const active = JSON.parse(readFileSync(path.join(stateDir, "lists/active.json"), "utf8"));
    const dir = path.join(stateDir, "lists", active.lists["un-sc"].dir);
    assert.deepEqual(readdirSync(dir).sort(), ["consolidated.xml", "delta.json", "version.json"]);
    const delta = JSON.parse(readFileSync(path.join(dir, "delta.json"), "utf8"));
    assert.deepEqual([delta.added.length, delta.removed.length, delta.changed.length], [0, 1, 1]);
    assert.ok(!readdirSync(path.join(stateDir, "lists")).some((f) => f.startsWith(".tmp") || f.startsWith(".active")));
    // A new engine (process restart) loads the downloaded version.
    const again = createEngine({ dataDir, stateDir });
    const [v] = await getListVersions(again);
    assert.equal(v?.origin, "downloaded");
    assert.deepEqual(v?.delta, { added: 0, removed: 1, changed: 1 });
    // The same content again is "unchanged" and writes nothing new.
    const same = await update(engine, "good.xml");
    assert.equal(same.results[0]?.status, "unchanged");
  } finally {
    done();
  }
});

test("truncated, hostile, shrunken and failed downloads are rejected and the previous version keeps serving", async () => {
  const { engine, stateDir, done } = setup();
  try {
    const first = await update(engine, "good.xml");
    assert.equal(first.results[0]?.status, "updated");
    const activeBefore = readFileSync(path.join(stateDir, "lists/active.json"), "utf8");
    const shaBefore = (await getListSnapshots(engine))[0]?.sha256;
    for (const [file, code, category] of [
      ["truncated.xml", "LIST_XML_MALFORMED", "invalid_input"],
      ["hostile.xml", "LIST_XML_UNSAFE", "invalid_input"],
      ["tiny.xml", "LIST_SHRUNK", "integrity"],
      ["older.xml", "LIST_OLDER_THAN_CURRENT", "integrity"],
      ["missing.xml", "LIST_DOWNLOAD_FAILED", "unavailable"],
      ["error.xml", "LIST_DOWNLOAD_FAILED", "unavailable"],
    ] as const) {
      const report = await update(engine, file);
      assert.equal(report.failed, true, file);
      const r = report.results[0];
      assert.equal(r?.status, "rejected", file);
      assert.equal(r?.error?.code, code, file);
      assert.equal(r?.error?.category, category, file);
      assert.match(r?.message ?? "", /previous version keeps serving/);
      assert.equal((await getListSnapshots(engine))[0]?.sha256, shaBefore, file);
      assert.equal(readFileSync(path.join(stateDir, "lists/active.json"), "utf8"), activeBefore, file);
      assert.ok(!readdirSync(path.join(stateDir, "lists")).some((f) => f.startsWith(".tmp")), file);
    }
    // A shrink is accepted only when forced.
    const forced = await update(engine, "tiny.xml", true);
    assert.equal(forced.results[0]?.status, "updated");
    assert.equal((await getListSnapshots(engine))[0]?.entities.length, 10);
  } finally {
    done();
  }
});

test("sources without an official URL are skipped, unknown ids refused, a damaged version falls back to bundled", async () => {
  const { engine, stateDir, dataDir, done } = setup();
  try {
    const r = await updateLists(engine, { fetch: (u, i) => fetch(u, i), sources: ["eu-fsf", "bis-dpl"] });
    assert.deepEqual(
      r.results.map((x) => x.status),
      ["skipped", "skipped"],
    );
    assert.equal(r.failed, false);
    await assert.rejects(updateLists(engine, { fetch, sources: ["nope"] }), { code: "LIST_SOURCE_UNKNOWN" });
    await assert.rejects(updateLists(createEngine({ dataDir }), { fetch, sources: ["un-sc"] }), {
      code: "LISTS_NO_STATE_DIR",
    });
    await update(engine, "good.xml");
    const active = JSON.parse(readFileSync(path.join(stateDir, "lists/active.json"), "utf8"));
    writeFileSync(path.join(stateDir, "lists", active.lists["un-sc"].dir, "consolidated.xml"), "tampered");
    const [v] = await getListVersions(createEngine({ dataDir, stateDir }));
    assert.equal(v?.origin, "bundled");
    assert.equal(v?.entities, 1003);
    assert.ok(v?.caveats.some((c) => /could not be loaded/.test(c)));
  } finally {
    done();
  }
});

test("an OFAC multi-file source is fetched from a folder URL (every file) and validated as a set", async () => {
  const { engine, done } = setup();
  const files = ["sdn.csv", "alt.csv", "add.csv"];
  const bodies: Record<string, Uint8Array | string> = Object.fromEntries(
    files.map((f) => [`/ofac/${f}`, gunzipSync(readFileSync(path.join(bundledDataDir, "lists/ofac-sdn", `${f}.gz`)))]),
  );
  // The bundle has no remarks-overflow file: serve one row in its layout (ent_num, remarks continuation).
  bodies["/ofac/sdn_comments.csv"] = '35096,"; continued remarks"\r\n';
  const ofac = createServer((req, res) => {
    const b = bodies[req.url ?? ""];
    if (b) res.writeHead(200).end(b);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => ofac.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(ofac.address() as AddressInfo).port}/ofac/`;
    const r = await updateLists(engine, {
      fetch: (u, i) => fetch(u, i),
      sources: ["ofac-sdn"],
      urls: { "ofac-sdn": url },
    });
    assert.equal(r.results[0]?.status, "updated", JSON.stringify(r.results[0]?.error));
    // A downloaded set is taken as one publication: aliases of ent_nums it lacks are orphan rows, not entities.
    assert.equal(r.results[0]?.version?.entities, 14965);
    assert.equal(r.results[0]?.delta?.added.length, 14965);
    assert.ok((r.results[0]?.version?.issues ?? 0) > 0);
    const lists = (await getListSnapshots(engine)).map((s) => s.list);
    assert.deepEqual(lists, ["ofac-sdn", "un-sc"]);
    await assert.rejects(
      updateLists(engine, { fetch, sources: ["ofac-sdn"], urls: { "ofac-sdn": `${url}sdn.csv` } }).then((x) => {
        throw x.results[0]?.error;
      }),
      { code: "LIST_URL_INVALID" },
    );
  } finally {
    await new Promise<void>((r) => ofac.close(() => r()));
    done();
  }
});

test("UK sources: FCDO and OFSI ConList CSVs update by URL; the retired ConList only when named, and says so", async () => {
  const { engine, done } = setup();
  try {
    // Default run: every source with an official URL except the retired OFSI ConList (no network: 404 for all).
    const seen: string[] = [];
    const offline = async (url: string) => {
      seen.push(url);
      return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    };
    const all = await updateLists(engine, { fetch: offline });
    const tried = all.results.filter((r) => r.status === "rejected").map((r) => r.list);
    assert.ok(tried.includes("uk-fcdo") && !tried.includes("uk-ofsi"), tried.join(","));
    assert.ok(!seen.some((u) => u.includes("ConList")));
    // Named, with archived copies: both parse (sample files in the publishers' CSV shapes).
    const files: Record<string, Buffer> = {
      "/uk.csv": readFileSync(new URL("./lists/samples/uk-sanctions-list-sample.csv", import.meta.url)),
      "/ConList.csv": readFileSync(new URL("./lists/samples/ofsi-conlist-sample.csv", import.meta.url)),
    };
    const local = async (url: string) => {
      const b = files[new URL(url).pathname];
      return { ok: b !== undefined, status: b ? 200 : 404, arrayBuffer: async () => new Uint8Array(b ?? []).buffer };
    };
    const r = await updateLists(engine, {
      fetch: local,
      sources: ["uk-fcdo", "uk-ofsi"],
      urls: { "uk-fcdo": "http://x/uk.csv", "uk-ofsi": "http://x/ConList.csv" },
    });
    assert.deepEqual(
      r.results.map((x) => [x.list, x.status, x.version?.entities, x.version?.date]),
      [
        ["uk-fcdo", "updated", 3, "2026-01-15"],
        ["uk-ofsi", "updated", 5, "2025-04-14"],
      ],
    );
    assert.ok(r.results[1]?.version?.caveats.some((c) => /retired by OFSI on 28 Jan 2026/.test(c)));
  } finally {
    done();
  }
});
