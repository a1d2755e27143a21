import assert from "node:assert/strict";
import { test } from "node:test";
import { createEngine } from "@embargo/core";
import { createApp } from "../app.ts";

const app = createApp({ engine: createEngine(), web: false });
const post = (path: string, body: unknown) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("POST /v1/screen: batch with explained hits and a per-row error", async () => {
  const res = await post("/v1/screen", {
    queries: [{ name: "Сергей Иванов", type: "person" }, { name: "" }, { name: "Zzyzx Qwertyuiop" }],
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    version: string;
    results: {
      row: number;
      hits?: { list: string; sourceId: string; score: number; explanation: { features: { feature: string }[] } }[];
      error?: { code: string };
    }[];
  };
  assert.match(body.version, /^screening-/);
  const first = body.results[0]?.hits?.find((h) => h.sourceId === "16688");
  assert.equal(first?.list, "ofac-sdn");
  assert.ok(first?.explanation.features.some((f) => f.feature === "transliteration"));
  assert.equal(body.results[1]?.error?.code, "SCREEN_NAME_REQUIRED");
  assert.deepEqual(body.results[2]?.hits, []);
});

test("POST /v1/screen: a malformed body is a 400 with a stable code", async () => {
  const res = await post("/v1/screen", { queries: "nope" });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, "SCREEN_BODY_INVALID");
});

test("POST /match/default answers in yente's response shape", async () => {
  const res = await post("/match/default?limit=3&threshold=0.9", {
    queries: {
      q1: { schema: "Person", properties: { name: ["Sergei Ivanov"], nationality: ["ru"] } },
      q2: { schema: "Company", properties: { name: "Bank Rossiya" } },
      bad: { schema: "Planet", properties: { name: ["x"] } },
    },
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    responses: Record<
      string,
      {
        status: number;
        results: {
          id: string;
          caption: string;
          schema: string;
          properties: Record<string, string[]>;
          datasets: string[];
          score: number;
          match: boolean;
          features: Record<string, number>;
        }[];
        total: { value: number; relation: string };
        query: unknown;
      }
    >;
    matcher: Record<string, { description: string; coefficient: number }>;
    limit: number;
  };
  assert.equal(body.limit, 3);
  assert.ok(body.matcher.name_parts);
  const q1 = body.responses.q1;
  assert.equal(q1?.status, 200);
  assert.ok((q1?.results.length ?? 0) <= 3);
  const top = q1?.results[0];
  assert.equal(top?.id, "ofac-sdn:16688");
  assert.equal(top?.schema, "Person");
  // One profile: his OFAC listing leads; the UK listing of the same person is merged in (yente-style datasets).
  assert.equal(top?.datasets[0], "ofac-sdn");
  // The 2024-05-03 SDN names him "IVANOV, Sergei Borisovich" ("IVANOV, Sergei" is an alias); the UK listing is merged in.
  assert.ok(top?.properties.name?.includes("IVANOV, Sergei Borisovich"));
  assert.ok(top?.properties.alias?.includes("IVANOV, Sergei"));
  assert.equal(top?.match, true);
  assert.equal(typeof top?.features.name_parts, "number");
  assert.equal(q1?.total.relation, "eq");
  assert.deepEqual(q1?.query, { schema: "Person", properties: { name: ["Sergei Ivanov"], nationality: ["ru"] } });
  assert.equal(body.responses.q2?.results[0]?.caption, "BANK ROSSIYA");
  assert.equal(body.responses.bad?.status, 400);
});

test("POST /match/{dataset}: one list only, unknown dataset is 404, exclude_entity_ids drops decided hits", async () => {
  const only = (await (
    await post("/match/un-sc", { queries: { q: { schema: "Person", properties: { name: ["Sergei Ivanov"] } } } })
  ).json()) as { responses: { q: { results: { datasets: string[] }[] } } };
  assert.ok(only.responses.q.results.every((r) => r.datasets.includes("un-sc")));
  const missing = await post("/match/nope", { queries: {} });
  assert.equal(missing.status, 404);
  const excl = (await (
    await post("/match/default?exclude_entity_ids=ofac-sdn:16688", {
      queries: { q: { schema: "Person", properties: { name: ["Sergei Ivanov"] } } },
    })
  ).json()) as { responses: { q: { results: { id: string }[] } } };
  assert.ok(!excl.responses.q.results.some((r) => r.id === "ofac-sdn:16688"));
});

test("GET /catalog lists the loaded lists yente-style", async () => {
  const body = (await (await app.request("/catalog")).json()) as { datasets: { name: string; children: string[] }[] };
  assert.ok(body.datasets.find((d) => d.name === "default")?.children.includes("ofac-sdn"));
});

test("POST /v1/screen: hostile bodies are a 400 naming the field, never a 500", async () => {
  const cases: [unknown, string][] = [
    [null, "body"],
    [[], "body"],
    ["Ivanov", "body"],
    [{ queries: [{ name: "x" }], algorithm: "best" }, "algorithm"],
    [{ queries: [{ name: "x" }], threshold: 2 }, "threshold"],
    [{ queries: [{ name: "x" }], limit: -1 }, "limit"],
    [{ queries: { name: "x" } }, "queries"],
  ];
  for (const [body, field] of cases) {
    const res = await post("/v1/screen", body);
    assert.equal(res.status, 400, JSON.stringify(body));
    const e = ((await res.json()) as { error: { code: string; issues: { path?: string }[] } }).error;
    assert.equal(e.code, "SCREEN_BODY_INVALID");
    assert.ok(
      e.issues.some((i) => i.path === field),
      `${JSON.stringify(body)}: ${JSON.stringify(e.issues)}`,
    );
  }
});

test("POST /v1/screen: a bad row (null, numeric dob, array country) is that row's error naming the field", async () => {
  const res = await post("/v1/screen", {
    queries: [null, { name: "Ivan Petrov", dob: 1980 }, { name: "Ivan Petrov", country: ["RU"] }, { name: "Zzyzx Q" }],
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    results: { row: number; hits?: unknown[]; error?: { code: string; issues: { path: string }[] } }[];
  };
  assert.deepEqual(
    body.results.map((r) => [r.error?.code, r.error?.issues[0]?.path]),
    [
      ["SCREEN_QUERY_INVALID", "queries[0]"],
      ["SCREEN_QUERY_INVALID", "queries[1].dob"],
      ["SCREEN_QUERY_INVALID", "queries[2].country"],
      [undefined, undefined],
    ],
  );
  assert.deepEqual(body.results[3]?.hits, []);
});

test("POST /v1/screen: more than 1000 queries is a 413 naming 'queries'", async () => {
  const res = await post("/v1/screen", { queries: Array.from({ length: 1001 }, () => ({ name: "x" })) });
  assert.equal(res.status, 413);
  const e = ((await res.json()) as { error: { code: string; issues: { field?: string }[] } }).error;
  assert.equal(e.code, "TOO_MANY_ITEMS");
  assert.equal(e.issues[0]?.field, "queries");
});
