import assert from "node:assert/strict";
import { test } from "node:test";
import { Measure, RegimeFileSchema } from "../regimes/schema.ts";
import { RegimeOverlaySchema, RegimeUpdateRequestSchema } from "../regimes/update/schema.ts";
import { Declaration } from "../registry/decide.ts";
import { KpCertificate } from "../registry/model.ts";
import { TradeQueries } from "../trade/contract.ts";
import { isCalendarDate as tradeIsCalendarDate } from "../trade/index.ts";
import { AsOfDate, CheckRequestSchema, ShipmentSchema } from "../verdicts/shipment.ts";
import { CALENDAR_DATE_MESSAGE, CalendarDate, calendarDate, isCalendarDate } from "./calendar-date.ts";

const REAL = ["2024-02-29", "2000-02-29", "2025-01-31", "2025-04-30", "2025-12-31"];
const NOT_REAL = ["2025-02-30", "2023-02-29", "2100-02-29", "2024-13-01", "2024-04-31", "2024-00-10", "2024-01-00"];
const NOT_WRITTEN_SO = ["2024-1-01", " 2024-01-01", "2024-01-01T00:00:00Z", "20240101", "", "yesterday"];

test("a calendar date is a real day written YYYY-MM-DD", () => {
  for (const d of REAL) assert.ok(isCalendarDate(d), d);
  for (const d of [...NOT_REAL, ...NOT_WRITTEN_SO]) assert.ok(!isCalendarDate(d), d);
  for (const v of [undefined, null, 20240101, new Date("2024-01-01")]) assert.ok(!isCalendarDate(v), String(v));
  assert.equal(CalendarDate.safeParse("2025-02-30").error?.issues[0]?.message, CALENDAR_DATE_MESSAGE);
  // A contract may word the refusal its own way; the rule is the same.
  const worded = calendarDate("a real calendar date YYYY-MM-DD expected");
  assert.equal(worded.safeParse("2025-02-30").error?.issues[0]?.message, "a real calendar date YYYY-MM-DD expected");
  for (const d of [...REAL, ...NOT_REAL]) assert.equal(worded.safeParse(d).success, isCalendarDate(d), d);
});

test("every full-date field of core's contracts takes exactly the calendar dates", () => {
  const fields: [string, (d: string) => boolean][] = [
    ["verdicts AsOfDate", (d) => AsOfDate.safeParse(d).success],
    ["shipment.date", (d) => ShipmentSchema.shape.date.safeParse(d).success],
    ["shipment.contractDate", (d) => ShipmentSchema.shape.contractDate.safeParse(d).success],
    ["check asOf", (d) => CheckRequestSchema.shape.asOf.safeParse(d).success],
    ["trade isCalendarDate", (d) => tradeIsCalendarDate(d)],
    ["trade simulate asOf", (d) => TradeQueries.simulate.shape.asOf.safeParse(d).success],
    ["trade timeline from", (d) => TradeQueries.timeline.shape.from.safeParse(d).success],
    ["regime measure effective.from", (d) => Measure.shape.effective.shape.from.safeParse(d).success],
    ["regime file snapshotDate", (d) => RegimeFileSchema.shape.snapshotDate.safeParse(d).success],
    ["regime overlay publicationDate", (d) => RegimeOverlaySchema.shape.publicationDate.safeParse(d).success],
    ["regime update asOf", (d) => RegimeUpdateRequestSchema.safeParse({ asOf: d }).success],
    ["KP certificate issuedOn", (d) => KpCertificate.shape.issuedOn.safeParse(d).success],
    ["diamond declaration date", (d) => Declaration.shape.date.safeParse(d).success],
  ];
  for (const [name, takes] of fields)
    for (const d of [...REAL, ...NOT_REAL, ...NOT_WRITTEN_SO])
      assert.equal(takes(d), isCalendarDate(d), `${name} ${d}`);
});
