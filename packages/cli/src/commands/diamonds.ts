/**
 * `embargo diamonds …`: the diamond traceability registry from the command line. Every sub-command takes and
 * prints JSON. Writes take a signed event, or a draft plus `--key <keyfile>` to sign it locally.
 * Default database: PGlite under `<state-dir>/registry/db`; `--db postgres://…` uses PostgreSQL with the same SQL.
 * The registry operator's key (signs checkpoints and party registrations) lives in `<state-dir>/registry/operator.key`,
 * or in the file `EMBARGO_DIAMONDS_OPERATOR_KEY` names (the server reads the same variable).
 */
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError, invalidInput } from "@embargo/core";
import {
  auditDatabase,
  buildBundle,
  buildEvent,
  type DecideRequest,
  decideBundle,
  decideImport,
  type EventType,
  factsFromRegistry,
  generateKeyPair,
  loadRules,
  openOperatorRegistry,
  parseDecideRequest,
  parsePartyInput,
  parseProvenanceQuery,
  publicKeyOf,
  type Registry,
  readOrCreateOperatorKey,
  registryLocation,
  seedDemoRegistry,
  signEvent,
  verifyBundle,
} from "@embargo/core/registry";
import { type Command, type CommandContext, parse, type SubcommandHelp, unknownSubcommand } from "../command.ts";
import { asFlags } from "../flags.ts";

const usage = `embargo diamonds <sub-command> [options]
  keygen [--party ID] [--out FILE]                 new Ed25519 key (JSON: partyId, keyId, publicKey, secretKey)
  party <party.json|->                             register a party (signed by the registry operator)
  register|transfer|accept|split|merge|manufacture|verify-node|append <event.json|-> [--key FILE]
                                                   append an event (signed, or a draft signed with --key)
  decide --lot ID|--bundle FILE --jurisdiction EU|UK|US --date YYYY-MM-DD [--evidence K1,K2]
         [--licence L1,L2] [--located-outside-since YYYY-MM-DD --location-evidence DOC1,DOC2]
         [--declaration FILE|-] [--trusted-key K1,K2] ADMIT (exit 0) / REFUSE / NEEDS_EVIDENCE (exit 1); the same
                                                   declaration as POST /v1/diamonds/decide (flags override the file);
                                                   licences (GL 104A, GBSAN0002, pre-ban-stock…) are checked
                                                   against their dates and the pre-ban location; a bundle must
                                                   chain to this registry or a --trusted-key log key, else
                                                   NEEDS_EVIDENCE
  provenance --lot ID [--since SIZE] [--out FILE]  the lot's offline-verifiable provenance bundle
  verify <bundle.json> [--trusted-key KEY]         verify a bundle with no database
  audit                                            re-verify the whole stored log
  demo                                             seed a clearly labelled DEMO registry (fictional parties
                                                   and lots DEMO-…: BW and RU rough merged, cut in India); once
Options: --db pglite:<dir>|postgres://… (default PGlite under <state-dir>/registry), --schema NAME`;

/** Each sub-command's usage and examples (`embargo diamonds <sub> --help`); the keys are the dispatch table's. */
const subcommandHelp: Record<string, SubcommandHelp> = {
  keygen: {
    usage: "embargo diamonds keygen [--party ID] [--out FILE]   (a new Ed25519 key pair as JSON)",
    examples: ["npx embargo diamonds keygen --party ACME-CUTTER --out acme.key.json"],
  },
  party: {
    usage:
      "embargo diamonds party <party.json|-> [--db pglite:<dir>|postgres://…] [--schema NAME]   (register a party, signed by the registry operator)",
    examples: ["npx embargo diamonds party acme-party.json"],
  },
  register: {
    usage:
      "embargo diamonds register <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (REGISTER_ROUGH)",
    examples: ["npx embargo diamonds register event.json --key party.key.json"],
  },
  transfer: {
    usage:
      "embargo diamonds transfer <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (TRANSFER)",
    examples: ["npx embargo diamonds transfer event.json --key party.key.json"],
  },
  accept: {
    usage:
      "embargo diamonds accept <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (ACCEPT)",
    examples: ["npx embargo diamonds accept event.json --key party.key.json"],
  },
  split: {
    usage:
      "embargo diamonds split <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (SPLIT)",
    examples: ["npx embargo diamonds split event.json --key party.key.json"],
  },
  merge: {
    usage:
      "embargo diamonds merge <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (MERGE)",
    examples: ["npx embargo diamonds merge event.json --key party.key.json"],
  },
  manufacture: {
    usage:
      "embargo diamonds manufacture <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (MANUFACTURE)",
    examples: ["npx embargo diamonds manufacture event.json --key party.key.json"],
  },
  "verify-node": {
    usage:
      "embargo diamonds verify-node <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (G7_VERIFY)",
    examples: ["npx embargo diamonds verify-node event.json --key party.key.json"],
  },
  append: {
    usage:
      "embargo diamonds append <event.json|-> [--key FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]   (the event's own type)",
    examples: ["npx embargo diamonds append event.json --key party.key.json"],
  },
  decide: {
    usage:
      "embargo diamonds decide --lot ID|--bundle FILE --jurisdiction EU|UK|US --date YYYY-MM-DD [--evidence K1,K2] [--licence L1,L2] [--located-outside-since YYYY-MM-DD --location-evidence DOC1,DOC2] [--declaration FILE|-] [--trusted-key K1,K2] [--db pglite:<dir>|postgres://…] [--schema NAME]",
    examples: [
      "npx embargo diamonds demo && npx embargo diamonds decide --lot DEMO-POL-1 --jurisdiction EU --date 2025-06-01",
      "npx embargo diamonds decide --bundle DEMO-POL-1.bundle.json --jurisdiction UK --date 2025-06-01 --trusted-key <log key>",
    ],
  },
  provenance: {
    usage:
      "embargo diamonds provenance --lot ID [--since SIZE] [--out FILE] [--db pglite:<dir>|postgres://…] [--schema NAME]",
    examples: ["npx embargo diamonds provenance --lot DEMO-POL-1 --out DEMO-POL-1.bundle.json"],
  },
  verify: {
    usage: "embargo diamonds verify <bundle.json> [--trusted-key KEY]   (no database needed)",
    examples: ["npx embargo diamonds verify DEMO-POL-1.bundle.json"],
  },
  audit: {
    usage: "embargo diamonds audit [--db pglite:<dir>|postgres://…] [--schema NAME]   (re-verify the whole stored log)",
    examples: ["npx embargo diamonds audit"],
  },
  demo: {
    usage:
      "embargo diamonds demo [--db pglite:<dir>|postgres://…] [--schema NAME]   (seed the labelled DEMO registry, once)",
    examples: ["npx embargo diamonds demo"],
  },
};

type Values = ReturnType<typeof parse<typeof options>>["values"];

const typeOf: Record<string, EventType | undefined> = {
  register: "REGISTER_ROUGH",
  transfer: "TRANSFER",
  accept: "ACCEPT",
  split: "SPLIT",
  merge: "MERGE",
  manufacture: "MANUFACTURE",
  "verify-node": "G7_VERIFY",
  append: undefined,
};

const options = {
  db: { type: "string" },
  schema: { type: "string" },
  key: { type: "string" },
  party: { type: "string" },
  out: { type: "string" },
  lot: { type: "string" },
  jurisdiction: { type: "string" },
  date: { type: "string" },
  evidence: { type: "string" },
  licence: { type: "string" },
  "located-outside-since": { type: "string" },
  "location-evidence": { type: "string" },
  declaration: { type: "string" },
  bundle: { type: "string" },
  since: { type: "string" },
  "trusted-key": { type: "string" },
  json: { type: "boolean" },
} as const;

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== "");

/** The decision request's fields that `decide` fills from flags, by flag (errors name the flag). */
const DECIDE_FLAGS: Record<string, string> = {
  lotId: "lot",
  bundle: "bundle",
  trustedLogKeys: "trusted-key",
  licences: "licence",
  grandfathering: "located-outside-since",
  "grandfathering.locatedOutsideRussiaSince": "located-outside-since",
  "grandfathering.evidenceDocIds": "location-evidence",
};

/**
 * The decision request of `decide`: a declaration JSON file (`--declaration`, the body of `POST /v1/diamonds/decide`
 * without `lotId`/`bundle`) overlaid with the flags, parsed by the contract the HTTP route uses
 * ({@link parseDecideRequest}): the same faults get the same codes, here naming flags.
 */
async function decideRequestOf(ctx: CommandContext, values: Values): Promise<DecideRequest> {
  const file = values.declaration ? await readJson(ctx, values.declaration) : {};
  if (typeof file !== "object" || file === null || Array.isArray(file))
    throw invalidInput("DECLARATION_INVALID", "the declaration file must be a JSON object", [
      { code: "invalid_type", field: "--declaration", message: "a JSON object expected" },
    ]);
  const merged: Record<string, unknown> = { ...(file as Record<string, unknown>) };
  delete merged.lotId;
  delete merged.bundle;
  if (values.lot !== undefined) merged.lotId = values.lot;
  if (values.bundle !== undefined) merged.bundle = await readJson(ctx, values.bundle);
  const trusted = list(values["trusted-key"]);
  if (trusted) merged.trustedLogKeys = trusted;
  if (values.jurisdiction !== undefined) merged.jurisdiction = values.jurisdiction;
  if (values.date !== undefined) merged.date = values.date;
  const evidence = list(values.evidence);
  if (evidence) merged.evidence = evidence;
  const licences = list(values.licence);
  if (licences) merged.licences = licences;
  const since = values["located-outside-since"];
  const docs = list(values["location-evidence"]);
  if (since !== undefined || docs !== undefined) {
    const prior = (merged.grandfathering ?? {}) as Record<string, unknown>;
    merged.grandfathering = {
      ...prior,
      ...(since !== undefined ? { locatedOutsideRussiaSince: since } : {}),
      evidenceDocIds: docs ?? prior.evidenceDocIds ?? [],
    };
  }
  return asFlags(() => parseDecideRequest(merged), DECIDE_FLAGS, {
    jurisdiction: values.jurisdiction,
    date: values.date,
    "grandfathering.locatedOutsideRussiaSince": since,
  });
}

async function readJson(ctx: CommandContext, file: string | undefined): Promise<unknown> {
  if (!file) throw invalidInput("CLI_BAD_ARGUMENTS", `a JSON file (or - for stdin) is required\nusage: ${usage}`);
  let text: string;
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const c of ctx.io.stdin) chunks.push(Buffer.from(c as Buffer));
    text = Buffer.concat(chunks).toString("utf8");
  } else text = await readFile(path.resolve(ctx.io.cwd, file), "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalidInput("BODY_NOT_JSON", `${file} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * Where the registry is: `--db` (default PGlite under `<state-dir>/registry/db`) and the operator key file,
 * `EMBARGO_DIAMONDS_OPERATOR_KEY` (default `<state-dir>/registry/operator.key`; the server reads the same variable).
 */
function location(ctx: CommandContext, values: { db?: string }) {
  return {
    stateDir: ctx.engine.stateDir,
    operatorKeyFile: ctx.io.env.EMBARGO_DIAMONDS_OPERATOR_KEY || undefined,
    db: values.db,
  };
}

/** The operator key, created on first use (mode 0600). */
async function operatorKey(ctx: CommandContext): Promise<string> {
  const at = location(ctx, {});
  return readOrCreateOperatorKey(registryLocation(at.stateDir, at).operatorKeyFile);
}

async function open(ctx: CommandContext, values: { db?: string; schema?: string }): Promise<Registry> {
  const { registry } = await openOperatorRegistry({
    ...location(ctx, values),
    schema: values.schema,
    clock: ctx.engine.clock,
    logger: ctx.engine.logger,
  });
  return registry;
}

interface SubArgs {
  ctx: CommandContext;
  values: Values;
  positionals: string[];
  sub: string;
}

/** The diamonds sub-commands, by name; the event sub-commands (`typeOf`) share one entry. */
const handlers: Record<string, (a: SubArgs) => Promise<number>> = {
  keygen: async ({ ctx, values }) => {
    const k = generateKeyPair();
    const doc = { ...(values.party ? { partyId: values.party, keyId: `${values.party}-k1` } : {}), ...k };
    if (values.out) {
      await writeFile(path.resolve(ctx.io.cwd, values.out), `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
      await chmod(path.resolve(ctx.io.cwd, values.out), 0o600);
      ctx.json({
        written: values.out,
        publicKey: k.publicKey,
        ...(values.party ? { keyId: `${values.party}-k1` } : {}),
      });
    } else ctx.json(doc);
    return 0;
  },
  verify: async ({ ctx, values, positionals }) => {
    const report = verifyBundle(
      await readJson(ctx, positionals[0]),
      values["trusted-key"] ? { trustedVerifierKey: values["trusted-key"] } : {},
    );
    ctx.json(report);
    if (!report.valid)
      throw new EmbargoError({
        code: "BUNDLE_INVALID",
        category: "integrity",
        message: `bundle does not verify: ${report.problems.length} problem(s)`,
      });
    return 0;
  },
  audit: async ({ ctx, values }) => {
    const secret = await operatorKey(ctx);
    const { db } = registryLocation(ctx.engine.stateDir, location(ctx, values));
    const report = await auditDatabase({ db, schema: values.schema, operatorPublicKey: publicKeyOf(secret) });
    ctx.json(report);
    if (!report.ok)
      throw new EmbargoError({
        code: "LOG_INTEGRITY",
        category: "integrity",
        message: `audit found ${report.problems.length} problem(s)`,
      });
    return 0;
  },
  decide: async ({ ctx, values }) => {
    const req = await decideRequestOf(ctx, values);
    const rules = await loadRules(ctx.engine.dataDir);
    const reg = await open(ctx, values);
    let d: ReturnType<typeof decideImport>;
    try {
      // A bundle must chain to this registry's signed checkpoint or to a log key named with --trusted-key;
      // otherwise the decision is NEEDS_EVIDENCE (exit 1) with a provenance reason.
      d =
        req.bundle !== undefined
          ? decideBundle(req.bundle, req.declaration, rules, { registry: reg, trustedVerifierKeys: req.trustedLogKeys })
          : decideImport(factsFromRegistry(reg, req.lotId as string), req.declaration, rules);
    } finally {
      await reg.close();
    }
    ctx.json(d);
    return d.decision === "ADMIT" ? 0 : 1;
  },
  provenance: async ({ ctx, values }) => {
    if (!values.lot) throw invalidInput("CLI_BAD_ARGUMENTS", "provenance needs --lot");
    const since = asFlags(() => parseProvenanceQuery({ since: values.since }));
    const reg = await open(ctx, values);
    try {
      const b = buildBundle(reg, values.lot, since);
      if (values.out) {
        await writeFile(path.resolve(ctx.io.cwd, values.out), `${JSON.stringify(b)}\n`);
        ctx.json({ written: values.out, lotId: b.lotId, events: b.events.length, verifierKey: b.log.verifierKey });
      } else ctx.json(b);
    } finally {
      await reg.close();
    }
    return 0;
  },
  demo: async ({ ctx, values }) => {
    const reg = await open(ctx, values);
    try {
      ctx.json(await seedDemoRegistry(reg, await operatorKey(ctx)));
    } finally {
      await reg.close();
    }
    return 0;
  },
  party: async ({ ctx, values, positionals }) => {
    const party = parsePartyInput(await readJson(ctx, positionals[0]));
    const reg = await open(ctx, values);
    try {
      const ev = signEvent(
        buildEvent({
          type: "REGISTER_PARTY",
          time: ctx.engine.clock
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, "Z"),
          actor: reg.identity.operator.partyId,
          keyId: reg.identity.operator.keyId,
          body: { party },
        }),
        await operatorKey(ctx),
      );
      ctx.json(await reg.append(ev));
    } finally {
      await reg.close();
    }
    return 0;
  },
  /** append an event of the sub-command's type (signed, or a draft signed with --key) */
  "#event": async ({ ctx, values, positionals, sub }) => {
    if (sub === undefined || !(sub in typeOf))
      throw invalidInput("CLI_BAD_ARGUMENTS", `unknown diamonds sub-command '${sub ?? ""}'\nusage: ${usage}`);
    const raw = (await readJson(ctx, positionals[0])) as Record<string, unknown>;
    const type = typeOf[sub] ?? (raw.type as EventType);
    if (raw.type !== undefined && raw.type !== type)
      throw invalidInput("EVENT_TYPE_MISMATCH", `'${sub}' appends ${type} events, got ${String(raw.type)}`);
    let ev: unknown = { ...raw, type };
    if (raw.sig === undefined) {
      if (!values.key) throw invalidInput("CLI_BAD_ARGUMENTS", "the event is not signed: pass --key <keyfile>");
      const key = JSON.parse(await readFile(path.resolve(ctx.io.cwd, values.key), "utf8")) as {
        secretKey: string;
        partyId?: string;
        keyId?: string;
      };
      const draft = {
        ...raw,
        type,
        actor: raw.actor ?? key.partyId,
        keyId: raw.keyId ?? key.keyId,
        time:
          raw.time ??
          ctx.engine.clock
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, "Z"),
      } as Parameters<typeof buildEvent>[0];
      ev = signEvent(buildEvent(draft), key.secretKey);
    }
    const reg = await open(ctx, values);
    try {
      ctx.json(await reg.append(ev));
    } finally {
      await reg.close();
    }
    return 0;
  },
};

export const diamondsCommand: Command = {
  name: "diamonds",
  summary: "Diamond traceability registry: signed events, Merkle log, provenance bundles, import decisions",
  usage,
  subcommands: subcommandHelp,
  async run(ctx, argv) {
    const [sub, ...rest] = argv;
    const run = sub === undefined ? undefined : (handlers[sub] ?? (sub in typeOf ? handlers["#event"] : undefined));
    if (!run || sub === undefined || sub === "#event")
      throw unknownSubcommand("diamonds", sub, Object.keys(subcommandHelp), usage);
    const { values, positionals } = parse(rest, options, subcommandHelp[sub]?.usage ?? usage);
    return run({ ctx, values, positionals, sub });
  },
};
