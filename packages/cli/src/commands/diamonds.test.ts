import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

function embargo(cwd: string, args: string[], input?: string) {
  const r = runEmbargo(["--state-dir", path.join(cwd, "state"), "diamonds", ...args], {
    cwd,
    ...(input === undefined ? {} : { input }),
    timeoutMs: 120_000,
  });
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout) as Record<string, unknown>,
  };
}

test("embargo diamonds: keygen → party → register → provenance → verify (offline) → decide → audit; forgery refused", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-diamonds-"));
  try {
    const kg = embargo(dir, ["keygen", "--party", "mine-bw", "--out", "mine.key"]);
    assert.equal(kg.status, 0, kg.stderr);
    const key = JSON.parse(await readFile(path.join(dir, "mine.key"), "utf8")) as { publicKey: string; keyId: string };
    assert.equal(key.keyId, "mine-bw-k1");
    const party = {
      partyId: "mine-bw",
      legalName: "Mine BW",
      country: "BW",
      roles: ["MINER"],
      keys: [{ keyId: key.keyId, publicKey: key.publicKey, validFrom: "2020-01-01T00:00:00Z" }],
    };
    const p = embargo(dir, ["party", "-"], JSON.stringify(party));
    assert.equal(p.status, 0, p.stderr);
    assert.equal(p.json().seq, 0);
    const draft = {
      time: "2024-01-10T00:00:00Z",
      outputs: [
        {
          lotId: "bw-1",
          form: "ROUGH_STONE",
          cnCode: "71023100",
          nature: "NATURAL",
          industrial: false,
          weightMct: 1500,
          pieces: 1,
          origin: {
            byCountry: { BW: 1500 },
            unknownMct: 0,
            exportedFromRU: false,
            transitedRU: false,
            processedIn: [],
          },
        },
      ],
    };
    await writeFile(path.join(dir, "draft.json"), JSON.stringify(draft));
    const r = embargo(dir, ["register", "draft.json", "--key", "mine.key"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json().seq, 1);
    // Forgery: a pre-signed event whose signature does not match → unauthorized (exit 4).
    const forged = {
      ...draft,
      type: "REGISTER_ROUGH",
      version: 1,
      actor: "mine-bw",
      keyId: "mine-bw-k1",
      nonce: "forged-0001",
      parents: [],
      inputs: [],
      evidence: [],
      body: {},
      sig: "A".repeat(86),
    };
    const f = embargo(
      dir,
      ["register", "-", "--json"],
      JSON.stringify({ ...forged, outputs: [{ ...draft.outputs[0], lotId: "bw-9" }] }),
    );
    assert.equal(f.status, 4, f.stdout + f.stderr);
    assert.equal((f.json().error as { code: string }).code, "BAD_SIGNATURE");
    const pv = embargo(dir, ["provenance", "--lot", "bw-1", "--out", "bundle.json"]);
    assert.equal(pv.status, 0, pv.stderr);
    const v = embargo(dir, ["verify", "bundle.json", "--trusted-key", String(pv.json().verifierKey)]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.equal(v.json().valid, true);
    const bundle = JSON.parse(await readFile(path.join(dir, "bundle.json"), "utf8"));
    bundle.events[1].event.outputs[0].weightMct = 1400;
    await writeFile(path.join(dir, "bad.json"), JSON.stringify(bundle));
    assert.equal(embargo(dir, ["verify", "bad.json"]).status, 5);
    const d = embargo(dir, ["decide", "--bundle", "bundle.json", "--jurisdiction", "EU", "--date", "2024-03-01"]);
    assert.equal(d.status, 1, d.stderr);
    assert.equal(d.json().decision, "NEEDS_EVIDENCE");
    const a = embargo(dir, ["audit"]);
    assert.equal(a.status, 0, a.stdout + a.stderr);
    assert.equal(a.json().ok, true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("embargo diamonds decide: the API's declarations (licences, pre-ban location, a declaration file), each checked against its dates", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-diamonds-decl-"));
  try {
    assert.equal(embargo(dir, ["keygen", "--party", "mine-ru", "--out", "mine.key"]).status, 0);
    const key = JSON.parse(await readFile(path.join(dir, "mine.key"), "utf8")) as { publicKey: string; keyId: string };
    const party = {
      partyId: "mine-ru",
      legalName: "Mine RU",
      country: "RU",
      roles: ["MINER"],
      keys: [{ keyId: key.keyId, publicKey: key.publicKey, validFrom: "2020-01-01T00:00:00Z" }],
    };
    assert.equal(embargo(dir, ["party", "-"], JSON.stringify(party)).status, 0);
    const draft = {
      time: "2023-06-10T00:00:00Z",
      outputs: [
        {
          lotId: "ru-1",
          form: "ROUGH_STONE",
          cnCode: "71023100",
          nature: "NATURAL",
          industrial: false,
          weightMct: 700,
          pieces: 1,
          origin: { byCountry: { RU: 700 }, unknownMct: 0, exportedFromRU: true, transitedRU: false, processedIn: [] },
        },
      ],
    };
    await writeFile(path.join(dir, "draft.json"), JSON.stringify(draft));
    assert.equal(embargo(dir, ["register", "draft.json", "--key", "mine.key"]).status, 0);
    const base = ["decide", "--lot", "ru-1", "--jurisdiction", "EU", "--evidence", "INVOICE,PACKING_LIST,KP_CERT"];
    // Russian rough in the EU: refused from 2024-01-01.
    const refused = embargo(dir, [...base, "--date", "2024-07-01"]);
    assert.equal(refused.status, 1, refused.stderr);
    assert.equal(refused.json().decision, "REFUSE");
    // Pre-ban stock outside Russia since 2023-12-01 (the log shows it in Russia last on 2023-06-10): honoured from
    // 2024-06-24, the day the exemption exists, not the day before.
    const gf = ["--licence", "pre-ban-stock", "--located-outside-since", "2023-12-01", "--location-evidence", "bl-1"];
    const ok = embargo(dir, [...base, "--date", "2024-06-24", ...gf]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.json().decision, "ADMIT");
    assert.equal(embargo(dir, [...base, "--date", "2024-06-23", ...gf]).json().decision, "REFUSE");
    // Without the location documents: needs evidence.
    const noDocs = embargo(dir, [
      ...base,
      "--date",
      "2024-07-01",
      "--licence",
      "pre-ban-stock",
      "--located-outside-since",
      "2023-12-01",
    ]);
    assert.equal(noDocs.json().decision, "NEEDS_EVIDENCE");
    // The same declaration as a file (the API's body), flags overriding its date.
    await writeFile(
      path.join(dir, "decl.json"),
      JSON.stringify({
        jurisdiction: "EU",
        date: "2024-01-01",
        evidence: ["INVOICE", "PACKING_LIST", "KP_CERT"],
        licences: ["pre-ban-stock"],
        grandfathering: { locatedOutsideRussiaSince: "2023-12-01", evidenceDocIds: ["bl-1"] },
      }),
    );
    assert.equal(embargo(dir, ["decide", "--lot", "ru-1", "--declaration", "decl.json"]).json().decision, "REFUSE");
    const fromFile = embargo(dir, ["decide", "--lot", "ru-1", "--declaration", "decl.json", "--date", "2024-07-01"]);
    assert.equal(fromFile.json().decision, "ADMIT", fromFile.stderr);
    // A licence the jurisdiction does not know, or an impossible date, is an input error (exit 2).
    const unknown = embargo(dir, [...base, "--date", "2024-07-01", "--licence", "GL 104A", "--json"]);
    assert.equal(unknown.status, 2, unknown.stdout + unknown.stderr);
    assert.equal((unknown.json().error as { code: string }).code, "LICENCE_UNKNOWN");
    const badDate = embargo(dir, [...base, "--date", "2024-13-45", "--json"]);
    assert.equal(badDate.status, 2);
    assert.equal((badDate.json().error as { code: string }).code, "DECLARATION_INVALID");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
