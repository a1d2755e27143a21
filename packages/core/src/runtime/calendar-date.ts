/**
 * The one calendar-date contract (issue 11): a real calendar date written `YYYY-MM-DD` — 2024-02-29 yes; 2023-02-29,
 * 2025-02-30 and 2024-13-01 no (zod's ISO date format, which checks month lengths and leap years). Every full date a
 * caller or a data file writes goes through it: a shipment's dates and `asOf` (verdicts, `POST /v1/check`, the CLI's
 * `--as-of`), the regime files and imported updates, the diamond registry's model and decisions, the trade queries'
 * `asOf`/`from`. Partial dates (`YYYY[-MM]`: dates of birth, trade `to`) are other contracts.
 */
import { z } from "zod";

/** What a refused date is told, unless a contract words its refusals its own way. */
export const CALENDAR_DATE_MESSAGE = "must be a real calendar date YYYY-MM-DD";

/** The calendar-date schema with a contract's own wording of the refusal; the rule is {@link CalendarDate}'s. */
export function calendarDate(message: string = CALENDAR_DATE_MESSAGE): z.ZodISODate {
  return z.iso.date({ message });
}

/** A real calendar date `YYYY-MM-DD`, refused with {@link CALENDAR_DATE_MESSAGE}. */
export const CalendarDate = calendarDate();

/** Whether `value` is a real calendar date `YYYY-MM-DD`: the test {@link CalendarDate} applies. */
export function isCalendarDate(value: unknown): value is string {
  return CalendarDate.safeParse(value).success;
}
