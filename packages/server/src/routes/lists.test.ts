import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine, fixedClock } from "@embargo/core";
import { createApp, openapiDocument } from "../app.ts";

test("GET /v1/lists returns the snapshots in force and the known sources", async () => {
  const app = createApp({ engine: createEngine({ clock: fixedClock("2026-12-06T12:00:00Z") }), web: false });
  const res = await app.request("/v1/lists");
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    lists: { list: string; origin: string; sha256: string; entities: number; caveats: string[] }[];
    sources: { id: string; loaded: boolean; urls: Record<string, string>; retired?: string }[];
    coverage: { lists: { list: string; ageDays?: number }[]; warnings: { code: string; member?: string }[] };
  };
  const sdn = body.lists.find((l) => l.list === "ofac-sdn");
  assert.equal(sdn?.origin, "bundled");
  assert.equal(sdn?.entities, 16689);
  assert.match(sdn?.sha256 ?? "", /^[0-9a-f]{64}$/);
  assert.ok(sdn?.caveats.some((c) => c.includes("designations after that date are missing")));
  assert.deepEqual(
    body.lists.map((l) => [l.list, l.entities]),
    [
      ["ofac-sdn", 16689],
      ["ofac-cons", 442],
      ["un-sc", 1003],
      ["uk-ofsi", 4688],
      ["bis-dpl", 460],
      ["trade-gov-csl", 13],
    ],
  );
  assert.equal(body.coverage.lists[0]?.ageDays, 947);
  assert.ok(body.coverage.warnings.some((w) => w.code === "MEMBER_LIST_MISSING" && w.member === "EU"));
  assert.match(body.sources.find((s) => s.id === "uk-ofsi")?.retired ?? "", /28 Jan 2026/);
  assert.equal(body.sources.length, 9);
  const uk = body.sources.find((s) => s.id === "uk-fcdo");
  assert.equal(uk?.loaded, false);
  assert.equal(uk?.urls.primary, "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv");
  assert.ok((openapiDocument().paths as Record<string, unknown>)["/v1/lists"]);
});
