/** Issue 11 item 1: `embargo diamonds decide --bundle` must not ADMIT a bundle signed by a key this registry does not know. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runEmbargo } from "../testing.ts";

function embargo(cwd: string, state: string, args: string[], input?: string) {
  const r = runEmbargo(["--state-dir", path.join(cwd, state), "diamonds", ...args], {
    cwd,
    ...(input === undefined ? {} : { input }),
    timeoutMs: 120_000,
  });
  return {
    status: r.status ?? -1,
    out: r.stdout + r.stderr,
    json: () => JSON.parse(r.stdout) as Record<string, unknown>,
  };
}

test("decide --bundle: ADMIT only when the bundle chains to this registry or a --trusted-key log key", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-cli-diamonds-trust-"));
  try {
    assert.equal(embargo(dir, "a", ["keygen", "--party", "mine-bw", "--out", "mine.key"]).status, 0);
    const key = JSON.parse(await readFile(path.join(dir, "mine.key"), "utf8")) as { publicKey: string; keyId: string };
    const party = {
      partyId: "mine-bw",
      legalName: "Mine BW",
      country: "BW",
      roles: ["MINER"],
      keys: [{ keyId: key.keyId, publicKey: key.publicKey, validFrom: "2020-01-01T00:00:00Z" }],
    };
    assert.equal(embargo(dir, "a", ["party", "-"], JSON.stringify(party)).status, 0);
    const draft = {
      time: "2023-05-01T00:00:00Z",
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
    assert.equal(embargo(dir, "a", ["register", "draft.json", "--key", "mine.key"]).status, 0);
    const pv = embargo(dir, "a", ["provenance", "--lot", "bw-1", "--out", "bundle.json"]);
    assert.equal(pv.status, 0, pv.out);
    const decide = ["decide", "--bundle", "bundle.json", "--jurisdiction", "EU", "--date", "2023-06-01"];
    // Registry A made the bundle: ADMIT.
    const own = embargo(dir, "a", decide);
    assert.equal(own.status, 0, own.out);
    assert.equal((own.json().provenance as { by: string }).by, "registry");
    // Registry B (another operator key) has never seen it: a bundle signed by a key it does not know.
    const foreign = embargo(dir, "b", decide);
    assert.equal(foreign.status, 1, foreign.out);
    assert.equal(foreign.json().decision, "NEEDS_EVIDENCE");
    assert.equal((foreign.json().reasons as { rule: string }[])[0]?.rule, "provenance");
    // Unless B names A's log key as trusted.
    const trusted = embargo(dir, "b", [...decide, "--trusted-key", String(pv.json().verifierKey)]);
    assert.equal(trusted.status, 0, trusted.out);
    assert.equal((trusted.json().provenance as { by: string }).by, "trusted-key");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
