/**
 * Replay: re-running a recorded request with today's data and code, and saying whether the result is still the
 * same (its digest) and, when not, which data versions differ.
 */
import type { Engine } from "../engine.ts";
import { toErrorData } from "../errors/index.ts";
import { redoDecisionsWith } from "./decisions.ts";
import { type AuditInput, type AuditKind, type AuditRecord, digestOf, jsonValue } from "./model.ts";
import { runCheckRequest, verdictAuditInput } from "./verdict.ts";

/** A data version that differs between the recording and now (absent on one side: added or removed). */
export interface DataVersionChange {
  name: string;
  recorded?: string;
  current?: string;
}

/** What a replay found. */
export interface ReplayReport {
  id: string;
  kind: AuditKind;
  /** The replayed result has the recorded digest. */
  matches: boolean;
  recordedResultDigest: string;
  currentResultDigest?: string;
  /** Data versions that differ (empty when the data are the same). */
  changedData: DataVersionChange[];
  recordedSummary?: string;
  currentSummary?: string;
  /** The request could not be re-run (e.g. an entity no longer listed): the error as data. */
  error?: { code: string; message: string };
}

/** Re-runs one kind of record: returns what recording it now would hold. */
export type Rerun = (record: AuditRecord) => Promise<AuditInput>;

/** The engine's re-runners: verdicts through {@link runCheckRequest}, decisions through a dry run. */
export function engineRerun(engine: Engine): Rerun {
  return async (record) => {
    if (record.kind === "verdict") {
      const { request, result } = await runCheckRequest(engine, record.request);
      return verdictAuditInput(request, result);
    }
    return redoDecisionsWith(engine, record.request);
  };
}

/** Compares two data-version maps name by name. */
export function diffDataVersions(
  recorded: Record<string, string>,
  current: Record<string, string>,
): DataVersionChange[] {
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort();
  const out: DataVersionChange[] = [];
  for (const name of names) {
    const a = recorded[name];
    const b = current[name];
    if (a !== b)
      out.push({ name, ...(a !== undefined ? { recorded: a } : {}), ...(b !== undefined ? { current: b } : {}) });
  }
  return out;
}

/** Re-runs `record` and compares the result digest and data versions with what was recorded. */
export async function replay(record: AuditRecord, rerun: Rerun): Promise<ReplayReport> {
  const base = {
    id: record.id,
    kind: record.kind,
    recordedResultDigest: record.resultDigest,
    ...(record.summary !== undefined ? { recordedSummary: record.summary } : {}),
  };
  let now: AuditInput;
  try {
    now = await rerun(record);
  } catch (e) {
    const d = toErrorData(e);
    return { ...base, matches: false, changedData: [], error: { code: d.code, message: d.message } };
  }
  const currentResultDigest = digestOf(jsonValue(now.result));
  return {
    ...base,
    matches: currentResultDigest === record.resultDigest,
    currentResultDigest,
    changedData: diffDataVersions(record.dataVersions, now.dataVersions),
    ...(now.summary !== undefined ? { currentSummary: now.summary } : {}),
  };
}
