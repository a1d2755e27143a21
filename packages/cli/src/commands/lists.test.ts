import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { runEmbargoAsync } from "../testing.ts";

const dataLists = fileURLToPath(new URL("../../../../data/lists/", import.meta.url));

/** Spawns the real binary asynchronously (the test's HTTP server must keep answering meanwhile). */
const embargo = (args: string[]) => runEmbargoAsync(args);

const unXml = gunzipSync(readFileSync(path.join(dataLists, "un-sc/un_sc_consolidated_2026-02-27.xml.gz"))).toString(
  "utf8",
);
const good = unXml.replace(/<INDIVIDUAL>[\s\S]*?<\/INDIVIDUAL>\s*/, "");
let server: Server;
let base = "";
let stateDir = "";
/** A data dir with only the bundled UN list, so the update runs do not parse every list at start-up. */
let unDataDir = "";

before(async () => {
  stateDir = mkdtempSync(path.join(os.tmpdir(), "embargo-cli-lists-"));
  unDataDir = path.join(stateDir, "data");
  mkdirSync(path.join(unDataDir, "lists/un-sc"), { recursive: true });
  const unGz = "un-sc/un_sc_consolidated_2026-02-27.xml.gz";
  writeFileSync(path.join(unDataDir, "lists", unGz), readFileSync(path.join(dataLists, unGz)));
  const manifest = JSON.parse(readFileSync(path.join(dataLists, "manifest.json"), "utf8")) as {
    snapshots: { list: string }[];
  };
  writeFileSync(
    path.join(unDataDir, "lists/manifest.json"),
    JSON.stringify({ snapshots: manifest.snapshots.filter((s) => s.list === "un-sc") }),
  );
  server = createServer((req, res) => {
    if (req.url === "/good.xml") res.writeHead(200).end(good);
    else if (req.url === "/cut.xml") res.writeHead(200).end(good.slice(0, 5000));
    else res.writeHead(503).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(stateDir, { recursive: true, force: true });
});

test("embargo lists shows the bundled snapshots with dates, counts, hashes, caveats and staleness warnings", async () => {
  const r = await embargo(["lists", "--state-dir", stateDir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ofac-sdn\s+bundled\s+2024-05-03\s+16689 entities\s+sha256 [0-9a-f]{12}\s+\d+ days old/);
  assert.match(r.stdout, /1724 records are partial \(alias-only\)/);
  assert.match(r.stdout, /uk-ofsi\s+bundled\s+2025-04-14\s+4688 entities/);
  assert.match(r.stdout, /retired by OFSI on 28 Jan 2026/);
  assert.match(r.stdout, /un-sc\s+bundled\s+2026-02-27\s+1003 entities/);
  assert.match(r.stdout, /designations after that date are missing/);
  assert.match(r.stdout, /not loaded .*eu-fsf, uk-fcdo, ftm/);
  assert.match(r.stdout, /MEMBER_LIST_MISSING\s+the EU list is not loaded/);
  assert.match(r.stdout, /LIST_STALE\s+OFAC SDN is \d+ days old/);
});

test("embargo lists update: a good file is installed (exit 0), a cut one rejected (exit 2), a 503 is unavailable (exit 6)", async () => {
  const ok = await embargo([
    "lists",
    "update",
    "--source",
    "un-sc",
    "--url",
    `un-sc=${base}/good.xml`,
    "--state-dir",
    stateDir,
    "--data-dir",
    unDataDir,
  ]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /un-sc\s+updated\s+1002 entities \(\+0 −1 ~0\)/);
  assert.match(ok.stderr, /un-sc: download http:\/\/127\.0\.0\.1/);
  const cut = await embargo([
    "lists",
    "update",
    "--url",
    `un-sc=${base}/cut.xml`,
    "--source",
    "un-sc",
    "--state-dir",
    stateDir,
    "--data-dir",
    unDataDir,
  ]);
  assert.equal(cut.status, 2);
  assert.match(cut.stdout, /un-sc\s+rejected .*previous version keeps serving \[LIST_XML_MALFORMED\]/);
  const down = await embargo([
    "lists",
    "update",
    "--source",
    "un-sc",
    "--url",
    `un-sc=${base}/x.xml`,
    "--json",
    "--state-dir",
    stateDir,
    "--data-dir",
    unDataDir,
  ]);
  assert.equal(down.status, 6);
  assert.equal(JSON.parse(down.stdout).results[0].error.code, "LIST_DOWNLOAD_FAILED");
  const show = await embargo(["lists", "--state-dir", stateDir, "--data-dir", unDataDir]);
  assert.match(show.stdout, /un-sc\s+downloaded\s+2026-02-27\s+1002 entities/);
  assert.match(show.stdout, /last change: \+0 −1 ~0/);
  const bad = await embargo(["lists", "update", "--url", "nonsense", "--state-dir", stateDir, "--data-dir", unDataDir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--url takes ID=URL/);
});

test("embargo lists update --url ID=URL without --source updates only that list", async () => {
  const r = await embargo([
    "lists",
    "update",
    "--url",
    `un-sc=${base}/x.xml`,
    "--json",
    "--state-dir",
    stateDir,
    "--data-dir",
    unDataDir,
  ]);
  const report = JSON.parse(r.stdout) as { results: { list: string }[] };
  assert.deepEqual(
    report.results.map((x) => x.list),
    ["un-sc"],
  );
  assert.equal(r.status, 6, "the only list named is unavailable (503)");
});

test("lists update parses its flags with the core contract: the field at fault is named as its flag", async () => {
  const unknown = await embargo(["lists", "update", "--source", "nope", "--state-dir", stateDir, "--json"]);
  assert.equal(unknown.status, 2, unknown.stderr);
  const ue = JSON.parse(unknown.stdout).error as { code: string; issues: { field: string }[] };
  assert.equal(ue.code, "LIST_SOURCE_UNKNOWN");
  assert.equal(ue.issues[0]?.field, "--source");
  const ftp = await embargo(["lists", "update", "--url", "ofac-sdn=ftp://x.example/sdn.xml", "--state-dir", stateDir]);
  assert.equal(ftp.status, 2, ftp.stderr);
  assert.match(ftp.stderr, /--url: an http\(s\) URL expected .*\[LIST_UPDATE_INVALID\]/);
});
