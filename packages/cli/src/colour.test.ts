import assert from "node:assert/strict";
import { test } from "node:test";
import { colourEnabled, paint, paintVerdict } from "./colour.ts";

test("colourEnabled: NO_COLOR off, FORCE_COLOR on (except 0/false), else only a TTY that is not dumb", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.equal(colourEnabled(tty, {}), true);
  assert.equal(colourEnabled(pipe, {}), false);
  assert.equal(colourEnabled({}, {}), false);
  assert.equal(colourEnabled(tty, { TERM: "dumb" }), false);
  assert.equal(colourEnabled(tty, { NO_COLOR: "1" }), false);
  assert.equal(colourEnabled(tty, { NO_COLOR: "" }), true);
  assert.equal(colourEnabled(pipe, { FORCE_COLOR: "1" }), true);
  assert.equal(colourEnabled(tty, { FORCE_COLOR: "0" }), false);
  assert.equal(colourEnabled(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" }), false);
});

test("paint: SGR codes when on, the text unchanged when off; verdicts in traffic-light colours", () => {
  assert.equal(paint(true).red("x"), "\u001b[31mx\u001b[39m");
  assert.equal(paint(false).red("x"), "x");
  assert.equal(paintVerdict(paint(true), "NOT_RESTRICTED"), "\u001b[32mNOT_RESTRICTED\u001b[39m");
  assert.equal(paintVerdict(paint(false), "PROHIBITED"), "PROHIBITED");
});
