/**
 * `embargo audit list|show|verify`: the signed audit trail of verdicts (`embargo check --record`, `POST
 * /v1/check` with `record: true`) and screening decisions. The log lives in `<state-dir>/audit/db` (PGlite) or the
 * database named by `--db` / `EMBARGO_AUDIT_DB` (`postgres://…`, shared with servers); checkpoints are signed with
 * the registry operator key (`<state-dir>/registry/operator.key`).
 */
import type { Engine } from "@embargo/core";
import { EmbargoError } from "@embargo/core";
import {
  type AuditInput,
  type AuditLog,
  type AuditRecord,
  type AuditVerification,
  engineRerun,
  openEngineAuditLog,
  verifyAuditRecord,
} from "@embargo/core/audit";
import { type Command, type CommandContext, parse, unknownSubcommand } from "../command.ts";
import { EXIT } from "../io.ts";

const usage =
  "embargo audit <list|show|verify> [<id>] [--limit N] [--kind verdict|screening_decision] [--db URL] [--json]";
const SUBS = ["list", "show", "verify"];

/**
 * Opens the audit log for one command (the caller closes it): `--db`, else `EMBARGO_AUDIT_DB`, else PGlite under
 * the state directory.
 */
export function cliAuditLog(
  engine: Engine,
  env: Record<string, string | undefined>,
  o: { db?: string; schema?: string } = {},
): Promise<AuditLog> {
  const db = o.db ?? env.EMBARGO_AUDIT_DB;
  const schema = o.schema ?? env.EMBARGO_AUDIT_SCHEMA;
  return openEngineAuditLog(engine, { ...(db ? { db } : {}), ...(schema ? { schema } : {}) });
}

/** Appends one record to the command's audit log (opened and closed around it); returns its id and seq. */
export async function appendAudit(ctx: CommandContext, input: AuditInput): Promise<{ id: string; seq: number }> {
  const log = await cliAuditLog(ctx.engine, ctx.io.env);
  try {
    const rec = await log.append(input);
    return { id: rec.id, seq: rec.seq };
  } finally {
    await log.close();
  }
}

function formatRecord(r: AuditRecord): string {
  const lines = [
    `audit record ${r.id}`,
    `  seq        ${r.seq}`,
    `  kind       ${r.kind}`,
    `  at         ${r.at}`,
    ...(r.summary ? [`  summary    ${r.summary}`] : []),
    `  input      sha256:${r.inputDigest}`,
    `  result     sha256:${r.resultDigest}`,
    "  data",
    ...Object.entries(r.dataVersions).map(([k, v]) => `    ${k}: ${v}`),
    "  request",
    ...JSON.stringify(r.request, null, 2)
      .split("\n")
      .map((l) => `    ${l}`),
  ];
  return `${lines.join("\n")}\n`;
}

function formatVerification(v: AuditVerification): string {
  const cp = v.proof.checkpoint;
  const lines = [
    `audit record ${v.id} (seq ${v.proof.record.seq}, ${v.proof.record.kind})`,
    v.integrity.ok
      ? `  included   yes, in the checkpoint of size ${cp.size} signed by ${v.proof.verifierKey}`
      : `  included   NO: ${v.integrity.problems.join("; ")}`,
  ];
  const r = v.replay;
  if (r.error) lines.push(`  replay     could not re-run: ${r.error.code}: ${r.error.message}`);
  else if (r.matches) lines.push("  replay     same result today (digest matches)");
  else {
    lines.push("  replay     DIFFERENT result today");
    if (r.recordedSummary) lines.push(`    recorded: ${r.recordedSummary}`);
    if (r.currentSummary) lines.push(`    today:    ${r.currentSummary}`);
  }
  for (const c of r.changedData) lines.push(`    data ${c.name}: ${c.recorded ?? "(none)"} → ${c.current ?? "(none)"}`);
  return `${lines.join("\n")}\n`;
}

async function withLog<T>(ctx: CommandContext, db: string | undefined, fn: (log: AuditLog) => Promise<T>): Promise<T> {
  const log = await cliAuditLog(ctx.engine, ctx.io.env, db ? { db } : {});
  try {
    return await fn(log);
  } finally {
    await log.close();
  }
}

export const auditCommand: Command = {
  name: "audit",
  summary: "Signed audit trail of verdicts and screening decisions: list, show a record, verify (proof + replay)",
  usage,
  examples: [
    "npx embargo check examples/shipment.json --record",
    "npx embargo audit list --limit 10",
    "npx embargo audit show <id> --json",
    "npx embargo audit verify <id>",
  ],
  subcommands: {
    list: {
      usage: "embargo audit list [--limit N] [--kind verdict|screening_decision] [--db URL] [--json]",
      examples: ["npx embargo audit list", "npx embargo audit list --kind verdict --limit 5 --json"],
    },
    show: {
      usage: "embargo audit show <id> [--db URL] [--json]",
      examples: ["npx embargo audit show <id>", "npx embargo audit show <id> --json"],
    },
    verify: {
      usage: "embargo audit verify <id> [--db URL] [--json]",
      examples: ["npx embargo audit verify <id>", "npx embargo audit verify <id> --json"],
    },
  },
  async run(ctx, argv) {
    const { values, positionals } = parse(
      argv,
      {
        limit: { type: "string" },
        kind: { type: "string" },
        db: { type: "string" },
        json: { type: "boolean" },
      },
      usage,
    );
    const [sub, id, ...rest] = positionals;
    if (sub === undefined || !SUBS.includes(sub)) throw unknownSubcommand("audit", sub, SUBS, usage);
    const needId = sub !== "list";
    if ((needId && id === undefined) || rest.length > 0 || (!needId && id !== undefined))
      throw new EmbargoError({
        code: "CLI_BAD_ARGUMENTS",
        category: "invalid_input",
        message: `${needId ? "give one audit id" : "list takes no id"}\nusage: ${usage}`,
      });
    if (sub === "list") {
      let limit: number | undefined;
      if (values.limit !== undefined) {
        if (!/^\d+$/.test(values.limit) || Number(values.limit) < 1 || Number(values.limit) > 1000)
          throw new EmbargoError({
            code: "CLI_BAD_ARGUMENTS",
            category: "invalid_input",
            message: "--limit must be an integer from 1 to 1000",
            issues: [{ code: "invalid", field: "--limit", message: "an integer from 1 to 1000" }],
          });
        limit = Number(values.limit);
      }
      if (values.kind !== undefined && values.kind !== "verdict" && values.kind !== "screening_decision")
        throw new EmbargoError({
          code: "CLI_BAD_ARGUMENTS",
          category: "invalid_input",
          message: "--kind must be verdict or screening_decision",
          issues: [{ code: "invalid", field: "--kind", message: "verdict or screening_decision" }],
        });
      const records = await withLog(ctx, values.db, (log) =>
        log.list({ ...(limit ? { limit } : {}), ...(values.kind ? { kind: values.kind } : {}) }),
      );
      if (values.json) ctx.json({ records });
      else if (records.length === 0) ctx.out("no audit records\n");
      else for (const r of records) ctx.out(`${r.seq}\t${r.id}\t${r.kind}\t${r.at}\t${r.summary ?? ""}\n`);
      return EXIT.OK;
    }
    if (sub === "show") {
      const proof = await withLog(ctx, values.db, (log) => log.prove(id as string));
      if (values.json) ctx.json(proof);
      else ctx.out(formatRecord(proof.record));
      return EXIT.OK;
    }
    const v = await withLog(ctx, values.db, (log) => verifyAuditRecord(log, id as string, engineRerun(ctx.engine)));
    if (values.json) ctx.json(v);
    else ctx.out(formatVerification(v));
    if (!v.integrity.ok)
      throw new EmbargoError({
        code: "AUDIT_INTEGRITY",
        category: "integrity",
        message: `audit record ${v.id} is not proven by the signed checkpoint: ${v.integrity.problems.join("; ")}`,
      });
    // A verdict that would differ today is a finding (exit 1), as a restrictive verdict is for `check`.
    return v.replay.matches ? EXIT.OK : EXIT.FINDING;
  },
};
