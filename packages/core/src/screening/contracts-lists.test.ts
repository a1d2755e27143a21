import assert from "node:assert/strict";
import { test } from "node:test";
import { parseListUpdate } from "./contracts-lists.ts";

const fault = (input: unknown) => {
  try {
    parseListUpdate(input);
  } catch (e) {
    return e as { code: string; issues: { field?: string; path?: string }[] };
  }
  assert.fail("expected an error");
};

test("a list update: --url alone selects only the lists it names; sources win when given", () => {
  assert.deepEqual(parseListUpdate({}), { urls: {}, force: false });
  assert.deepEqual(parseListUpdate({ urls: { "ofac-sdn": "https://mirror.example/sdn.xml" } }), {
    sources: ["ofac-sdn"],
    urls: { "ofac-sdn": "https://mirror.example/sdn.xml" },
    force: false,
  });
  assert.deepEqual(parseListUpdate({ sources: ["un-sc"], force: true }), {
    sources: ["un-sc"],
    urls: {},
    force: true,
  });
});

test("a list update names the field at fault: unknown ids, non-http(s) URLs, wrong types", () => {
  const unknown = fault({ sources: ["un-sc", "nope"] });
  assert.equal(unknown.code, "LIST_SOURCE_UNKNOWN");
  assert.deepEqual(
    unknown.issues.map((i) => [i.field, i.path]),
    [["sources", "sources[1]"]],
  );
  const key = fault({ urls: { nope: "https://x.example/" } });
  assert.equal(key.code, "LIST_SOURCE_UNKNOWN");
  assert.equal(key.issues[0]?.path, "urls.nope");
  const ftp = fault({ urls: { "ofac-sdn": "ftp://x.example/sdn.xml" } });
  assert.equal(ftp.code, "LIST_UPDATE_INVALID");
  assert.equal(ftp.issues[0]?.path, "urls.ofac-sdn");
  assert.equal(fault({ force: "yes" }).issues[0]?.field, "force");
  assert.equal(fault(null).code, "LIST_UPDATE_INVALID");
});
