/**
 * Alerts and ranking. Levels (watch < elevated < high < critical) are defined by a versioned preset of
 * parameters; every alert carries the numbers and the reasons behind its level.
 */
import { z } from "zod";
import { EmbargoError } from "../errors/index.ts";
import type { TradeContext } from "./context.ts";
import type { WindowCheck } from "./coverage.ts";
import { type Window, windowEndDate } from "./periods.ts";
import type { AnomalyMarket } from "./signals.ts";
import { anomalies, DEFAULT_PSEUDO_COUNT, growth, mirrorGap, type OnwardResult, onwardLeg } from "./signals.ts";

/** Alert levels, lowest first. */
export const ALERT_LEVELS = ["watch", "elevated", "high", "critical"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** The parameters that define the levels. */
export interface AlertPreset {
  id: string;
  version: string;
  /** watch: growth multiple ≥ minGrowth and excess value ≥ minExcess. */
  watch: { minGrowth: number; minExcess: number };
  /** elevated: growth ≥ minGrowth and period value ≥ minPeriodValue (the Zemlys-Balevičius anomaly rule). */
  elevated: { minGrowth: number; minPeriodValue: number };
  /** high: elevated and (CHPL tier in `tiers` or the onward leg confirmed). */
  high: { tiers: string[]; orOnwardConfirmed: boolean };
  /** critical: high, onward confirmed, and mirror ratio fallen to ≤ maxMirrorChange of its base level. */
  critical: { requireOnward: boolean; maxMirrorChange: number };
}

/**
 * Preset `trade-alerts` v1.0.0. The elevated rule (> 100 % growth, ≥ €10 m after the invasion) is the published
 * Euromonitor / Zemlys-Balevičius "sanction anomaly" rule; the other thresholds are this project's editorial
 * choices, documented in docs/trade.md, and are parameters, not findings.
 */
export const DEFAULT_ALERT_PRESET: AlertPreset = {
  id: "trade-alerts",
  version: "1.0.0",
  watch: { minGrowth: 2, minExcess: 1_000_000 },
  elevated: { minGrowth: 2, minPeriodValue: 10_000_000 },
  high: { tiers: ["1", "2"], orOnwardConfirmed: true },
  critical: { requireOnward: true, maxMirrorChange: 0.8 },
};

/** Schema of an alert preset file (`data/trade/presets/*.json`, or a user's own passed with `--preset`). */
export const AlertPresetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "semantic version, e.g. 1.0.0"),
    watch: z.object({ minGrowth: z.number().nonnegative(), minExcess: z.number().nonnegative() }).strict(),
    elevated: z.object({ minGrowth: z.number().nonnegative(), minPeriodValue: z.number().nonnegative() }).strict(),
    high: z
      .object({ tiers: z.array(z.enum(["1", "2", "3A", "3B", "4A", "4B"])), orOnwardConfirmed: z.boolean() })
      .strict(),
    critical: z.object({ requireOnward: z.boolean(), maxMirrorChange: z.number().positive() }).strict(),
  })
  .strict();

/** Validates a preset (parsed JSON); `TRADE_BAD_PRESET` with one issue per problem. */
export function parseAlertPreset(doc: unknown, source = "preset"): AlertPreset {
  const r = AlertPresetSchema.safeParse(doc);
  if (r.success) return r.data;
  throw new EmbargoError({
    code: "TRADE_BAD_PRESET",
    category: "invalid_input",
    message: `${source}: ${r.error.issues.length} problem(s): ${r.error.issues[0]?.path.join(".")} ${r.error.issues[0]?.message}`,
    issues: r.error.issues.map((i) => ({ code: "bad_preset", field: i.path.join("."), message: i.message })),
  });
}

/** Parameters of {@link alerts}. */
export interface AlertParams {
  dataset: string;
  base: Window;
  period: Window;
  reporters?: string[];
  partners?: string[];
  sanctionedBy?: string[];
  onwardDataset?: string;
  /** Partner-reported imports for the mirror gap (optional). */
  importsDataset?: string;
  /** Annual windows for the mirror gap (default: the years of base and period). */
  mirrorBase?: Window;
  mirrorPeriod?: Window;
  preset?: AlertPreset;
  /** Pseudo-count for the onward leg's growth multiple (default {@link DEFAULT_PSEUDO_COUNT}). */
  pseudoCount?: number;
  limit?: number;
  /** Refuse a window not fully inside the data (`TRADE_WINDOW_OUTSIDE_DATA`) instead of flagging it. */
  strictWindow?: boolean;
  /** Only codes of these CHPL tiers. */
  chplTiers?: string[];
}

/** One alert: an anomalous market with its level and the numbers behind it. */
export interface Alert extends AnomalyMarket {
  level: AlertLevel;
  excess: number;
  sanctionedBy: string[];
  since?: string;
  chplTier?: string;
  onwardConfirmed: boolean | null;
  mirrorChange: number | null;
  reasons: string[];
  explanation: string;
}

/** Result of {@link alerts}. */
export interface AlertResult {
  preset: AlertPreset;
  dataset: string;
  currency: string;
  base: { from: string; to: string };
  period: { from: string; to: string };
  counts: Record<AlertLevel, number>;
  alerts: Alert[];
  ranking: {
    jurisdictions: { partner: string; excess: number; period: number; base: number; alerts: number }[];
    goods: { code: string; excess: number; period: number; base: number; alerts: number }[];
  };
  onward: OnwardResult | null;
  /** The windows against the data's coverage: outside it, zero alerts means "no data", not "no risk". */
  windowCheck: WindowCheck;
  regimesVersion: string;
  notes: string[];
}

const fmt = (v: number, cur: string) =>
  `${cur} ${Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(2)}m` : Math.round(v).toLocaleString("en-GB")}`;

/** Evaluates the preset over sanctioned-goods markets of the dataset and ranks hubs and goods by excess value. */
export async function alerts(ctx: TradeContext, params: AlertParams): Promise<AlertResult> {
  const preset = params.preset ?? DEFAULT_ALERT_PRESET;
  const { base: b, period: pw } = params;
  const sel = {
    dataset: params.dataset,
    products: { kind: "sanctioned" as const },
    ...(params.reporters ? { reporters: params.reporters } : {}),
    ...(params.partners ? { partners: params.partners } : {}),
    ...(params.sanctionedBy ? { sanctionedBy: params.sanctionedBy } : {}),
    ...(params.strictWindow ? { strictWindow: true } : {}),
    ...(params.chplTiers ? { chplTiers: params.chplTiers } : {}),
  };
  const an = await anomalies(ctx, {
    ...sel,
    base: b,
    period: pw,
    minValue: preset.watch.minExcess,
    minGrowth: Math.min(preset.watch.minGrowth, preset.elevated.minGrowth),
  });
  const ds = await ctx.dataset(params.dataset);
  const { tags, regimesVersion } = await ctx.goodsTags(ds, {
    asOf: windowEndDate(pw),
    ...(params.sanctionedBy ? { jurisdictions: params.sanctionedBy } : {}),
  });
  // CHPL tiers are one common list: read from every member's measures, whatever --sanctioned-by says.
  const tierTags = params.sanctionedBy ? (await ctx.goodsTags(ds, { asOf: windowEndDate(pw) })).tags : tags;
  const ratioLen = pw.length / b.length;
  const hubs = [...new Set(an.markets.map((m) => m.partner))].filter((h) => h !== "RU" && h !== "BY").sort();
  const notes = [...an.notes];
  let onward: OnwardResult | null = null;
  if (hubs.length > 0) {
    onward = await onwardLeg(ctx, {
      dataset: params.dataset,
      ...(params.onwardDataset ? { onwardDataset: params.onwardDataset } : {}),
      base: b,
      period: pw,
      hubs,
      ...(params.reporters ? { reporters: params.reporters } : {}),
      ...(params.sanctionedBy ? { sanctionedBy: params.sanctionedBy } : {}),
      ...(params.pseudoCount !== undefined ? { pseudoCount: params.pseudoCount } : {}),
    });
    if (!onward.supported) notes.push(...onward.notes.slice(0, 1));
  }
  let mirror: Awaited<ReturnType<typeof mirrorGap>> | null = null;
  if (params.importsDataset && hubs.length > 0) {
    const yb = params.mirrorBase ?? {
      from: b.from.slice(0, 4),
      to: b.to.slice(0, 4),
      freq: "A" as const,
      length: Number(b.to.slice(0, 4)) - Number(b.from.slice(0, 4)) + 1,
    };
    const yp = params.mirrorPeriod ?? {
      from: pw.from.slice(0, 4),
      to: pw.to.slice(0, 4),
      freq: "A" as const,
      length: Number(pw.to.slice(0, 4)) - Number(pw.from.slice(0, 4)) + 1,
    };
    mirror = await mirrorGap(ctx, {
      exportsDataset: params.dataset,
      importsDataset: params.importsDataset,
      hubs,
      base: yb,
      period: yp,
    });
  } else
    notes.push(
      "no partner-reported imports dataset given (--imports-dataset): the mirror-gap criterion of 'critical' is not evaluated",
    );
  const out: Alert[] = [];
  for (const m of an.markets) {
    const tag = tags.get(m.code);
    const excess = m.periodValue - m.baseValue * ratioLen;
    const g = m.growth;
    const grows = (min: number) => g === null || g >= min;
    const reasons: string[] = [];
    let level: AlertLevel | undefined;
    if (grows(preset.watch.minGrowth) && excess >= preset.watch.minExcess) {
      level = "watch";
      reasons.push(
        `growth ${g === null ? "from a zero base" : `×${g.toFixed(2)}`} ≥ ×${preset.watch.minGrowth} and excess ${fmt(excess, an.currency)} ≥ ${fmt(preset.watch.minExcess, an.currency)}`,
      );
    }
    if (level && grows(preset.elevated.minGrowth) && m.periodValue >= preset.elevated.minPeriodValue) {
      level = "elevated";
      reasons.push(
        `period value ${fmt(m.periodValue, an.currency)} ≥ ${fmt(preset.elevated.minPeriodValue, an.currency)}`,
      );
    }
    const onwardRows = onward?.rows.filter((r) => r.hub === m.partner) ?? [];
    const onwardConfirmed = onwardRows.some((r) => r.onward) ? onwardRows.some((r) => r.confirmed) : null;
    const tier = tierTags.get(m.code)?.chplTier;
    const tierHit = tier !== undefined && preset.high.tiers.includes(tier);
    if (level === "elevated" && (tierHit || (preset.high.orOnwardConfirmed && onwardConfirmed === true))) {
      level = "high";
      if (tierHit) reasons.push(`CHPL tier ${tier}`);
      if (onwardConfirmed)
        reasons.push(`onward leg confirmed: ${m.partner}'s exports of the same HS6 goods to RU rose`);
    }
    const mp = mirror?.pairs.find((p) => p.exporter === m.reporter && p.hub === m.partner);
    const mirrorChange = mp?.change ?? null;
    if (
      level === "high" &&
      (!preset.critical.requireOnward || onwardConfirmed === true) &&
      mirrorChange !== null &&
      mirrorChange <= preset.critical.maxMirrorChange
    ) {
      level = "critical";
      reasons.push(
        `mirror ratio fell to ${mirrorChange.toFixed(2)} of its base level (≤ ${preset.critical.maxMirrorChange})`,
      );
    }
    if (!level) continue;
    const explanation = [
      `${m.reporter} → ${m.partner} ${m.code}: ${fmt(m.periodValue, an.currency)} in ${pw.from}…${pw.to} vs ${fmt(m.baseValue, an.currency)} in ${b.from}…${b.to} `,
      `(${g === null ? "new market" : `×${g.toFixed(2)} per period`}; excess ${fmt(excess, an.currency)})`,
      an.editionBreaks.includes(m.code)
        ? "; code absent from the whole base window (likely a new CN/HS edition code)"
        : "",
      tag?.members.length ? `; restricted by ${tag.members.join(", ")} since ${tag.since}` : "",
      tier ? `; CHPL tier ${tier}` : "",
      onwardConfirmed === null
        ? "; onward leg not measurable in the data"
        : onwardConfirmed
          ? "; onward leg confirmed"
          : "; onward leg not confirmed",
      `. Level ${level}: ${reasons.join("; ")}.`,
    ].join("");
    out.push({
      level,
      reporter: m.reporter,
      partner: m.partner,
      code: m.code,
      baseValue: m.baseValue,
      periodValue: m.periodValue,
      growth: g,
      excess,
      sanctionedBy: tag?.members ?? [],
      ...(tag?.since ? { since: tag.since } : {}),
      ...(tier ? { chplTier: tier } : {}),
      onwardConfirmed,
      mirrorChange,
      reasons,
      explanation,
    });
  }
  out.sort(
    (a, c) =>
      ALERT_LEVELS.indexOf(c.level) - ALERT_LEVELS.indexOf(a.level) ||
      c.excess - a.excess ||
      a.code.localeCompare(c.code),
  );
  const counts = Object.fromEntries(ALERT_LEVELS.map((l) => [l, out.filter((a) => a.level === l).length])) as Record<
    AlertLevel,
    number
  >;
  const byPartner = await growth(ctx, { ...sel, base: b, period: pw, by: "partner" });
  const byCode = await growth(ctx, { ...sel, base: b, period: pw, by: "code", limit: 50 });
  return {
    preset,
    dataset: an.dataset,
    currency: an.currency,
    base: { from: b.from, to: b.to },
    period: { from: pw.from, to: pw.to },
    counts,
    alerts: params.limit ? out.slice(0, params.limit) : out,
    ranking: {
      jurisdictions: byPartner.groups.map((g) => ({
        partner: g.key,
        excess: g.excess,
        period: g.period,
        base: g.base,
        alerts: out.filter((a) => a.partner === g.key).length,
      })),
      goods: byCode.groups.map((g) => ({
        code: g.key,
        excess: g.excess,
        period: g.period,
        base: g.base,
        alerts: out.filter((a) => a.code === g.key).length,
      })),
    },
    onward,
    windowCheck: an.windowCheck,
    regimesVersion,
    notes,
  };
}
