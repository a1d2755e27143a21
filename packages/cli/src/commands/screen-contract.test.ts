/**
 * Issue 11: `embargo screen` parses its query and options with the contracts `POST /v1/screen` uses (core
 * parseScreenQuery / parseScreenRequest), so the same bad input gets the same code naming the same field (a flag
 * here, a body path over HTTP); `--batch` rows are screened by the same core function as HTTP batches, and CSV
 * columns it ignores are named in a warning instead of being dropped silently.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "@embargo/server";
import { runEmbargo } from "../testing.ts";

interface ErrorData {
  code: string;
  message: string;
  issues?: { field?: string; path?: string; message: string }[];
}

test("CLI and HTTP: the same bad screening input, the same code naming the field", async () => {
  const app = createApp({ engine: createEngine({}), web: false });
  const post = async (body: unknown) => {
    const res = await app.request("/v1/screen", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { error?: ErrorData; results?: { error?: ErrorData }[] } };
  };

  // A query field: the CLI refuses the query; HTTP answers the row with the same error.
  const cli = runEmbargo(["screen", "Ivan Petrov", "--country", "RUS", "--json"]);
  assert.equal(cli.status, 2, cli.stdout + cli.stderr);
  const ce = (JSON.parse(cli.stdout) as { error: ErrorData }).error;
  assert.equal(ce.code, "SCREEN_QUERY_INVALID");
  assert.equal(ce.issues?.[0]?.field, "--country");
  const http = await post({ queries: [{ name: "Ivan Petrov", country: "RUS" }] });
  assert.equal(http.status, 200);
  const row = http.body.results?.[0]?.error;
  assert.equal(row?.code, "SCREEN_QUERY_INVALID");
  assert.equal(row?.issues?.[0]?.path, "queries[0].country");

  // An option: the same code both ways, the flag in the CLI, the body field over HTTP.
  const t = runEmbargo(["screen", "Ivan Petrov", "--threshold", "2", "--json"]);
  assert.equal(t.status, 2, t.stdout + t.stderr);
  const te = (JSON.parse(t.stdout) as { error: ErrorData }).error;
  assert.equal(te.code, "SCREEN_BODY_INVALID");
  assert.equal(te.issues?.[0]?.field, "--threshold");
  assert.match(te.message, /--threshold/);
  const h = await post({ queries: [{ name: "Ivan Petrov" }], threshold: 2 });
  assert.equal(h.status, 400);
  assert.equal(h.body.error?.code, "SCREEN_BODY_INVALID");
  assert.equal(h.body.error?.issues?.[0]?.path, "threshold");
  assert.doesNotMatch(h.body.error?.message ?? "", /--/);
});

test("screen --batch names the CSV columns it ignores, and answers a bad row with its own error", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "embargo-screen-contract-"));
  try {
    await writeFile(
      path.join(dir, "names.csv"),
      "name,country,notes,Owner\nVladimir Putin,RU,x,y\nIvan Petrov,RUS,,\n",
    );
    const r = runEmbargo(["screen", "--batch", "names.csv", "--json"], { cwd: dir, timeoutMs: 300_000 });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stderr, /warning: names\.csv notes: column 'notes' is not a screening column and is ignored/);
    assert.match(r.stderr, /column 'owner' is not a screening column/);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { row: number; error?: ErrorData; hits?: unknown[] });
    assert.equal(lines.length, 2);
    assert.ok(Array.isArray(lines[0]?.hits), "row 1 is screened");
    assert.equal(lines[1]?.error?.code, "SCREEN_QUERY_INVALID");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
