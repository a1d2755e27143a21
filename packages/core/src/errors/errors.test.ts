import assert from "node:assert/strict";
import { test } from "node:test";
import { EmbargoError, formatIssue, invalidInput, isEmbargoError, toErrorData } from "./index.ts";

test("EmbargoError serialises code, category and issues without a stack", () => {
  const e = invalidInput("REGIME_FILE_INVALID", "bad file", [
    { code: "invalid_type", message: "expected string", file: "eu.json", path: "measures[0].id" },
  ]);
  assert.deepEqual(JSON.parse(JSON.stringify(e)), {
    code: "REGIME_FILE_INVALID",
    category: "invalid_input",
    message: "bad file",
    issues: [{ code: "invalid_type", message: "expected string", file: "eu.json", path: "measures[0].id" }],
  });
  assert.ok(isEmbargoError(e));
});

test("unknown throwables become INTERNAL", () => {
  assert.deepEqual(toErrorData(new TypeError("boom")), { code: "INTERNAL", category: "internal", message: "boom" });
  assert.equal(isEmbargoError(new Error("x")), false);
});

test("formatIssue names file, row and field", () => {
  assert.equal(
    formatIssue({ code: "x", message: "not a date", file: "s.csv", row: 3, field: "date" }),
    "s.csv row 3 date: not a date",
  );
  assert.equal(new EmbargoError({ code: "C", category: "conflict", message: "m" }).issues.length, 0);
});
