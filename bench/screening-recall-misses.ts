// `node --import tsx bench/screening-recall-misses.ts [kind…]`: every miss of the recall@1 set of
// `npm run eval:screening` (same seed, same draw), printed with the query, the expected record, the top hit, both
// scores and whether the top hit is the same person by the lists' own evidence (a shared identifier or date of
// birth with the same name) — the diagnosis behind issue 9's "one profile per person" and typo work.
import { createEngine } from "@embargo/core";
import { createScreener, type Entity, getListSnapshots, prepareName, type ScreenHit } from "@embargo/core/screening";
import { type Perturbation, perturb, pick, prng, screenable } from "./screening-queries.ts";

const snapshots = await getListSnapshots(createEngine());
const entities = snapshots.flatMap((s) => s.entities);
const byId = new Map(entities.map((e) => [e.id, e]));
const sameName = (a: string, b: string) => prepareName(a).compactSorted === prepareName(b).compactSorted;
const sameEntity = (h: ScreenHit, e: Entity) =>
  h.entityId === e.id || (h.listings ?? []).some((l) => l.list === e.list && l.sourceId === e.sourceId);
const norm = (v: string) => v.toUpperCase().replace(/[\s\-./]/g, "");

/** What the lists' own data say about the top hit being the expected target. */
function evidence(h: ScreenHit, e: Entity): string {
  const ids = new Set(e.identifiers.map((i) => norm(i.value)).filter((v) => v.length >= 5));
  const sharedIds = h.identifiers.filter((i) => ids.has(norm(i.value))).map((i) => `${i.type}:${i.value}`);
  const dobs = h.birthDates.filter((d) => e.birthDates.includes(d));
  const out: string[] = [];
  if (sharedIds.length) out.push(`shared id ${sharedIds.join(",")}`);
  if (dobs.length) out.push(`shared DOB ${dobs.join(",")}`);
  if (e.birthDates.length && h.birthDates.length && dobs.length === 0)
    out.push(`DOBs differ (${e.birthDates.join(",")} vs ${h.birthDates.join(",")})`);
  return out.join("; ") || "no shared id/DOB";
}

const kinds: Perturbation[] = ["none", "typo", "transliteration", "order_swap", "drop_patronymic", "case_punct"];
const only = process.argv.slice(2);
const full = createScreener(snapshots, { threshold: 0 });
const r2 = prng(99);
for (const kind of kinds) {
  let n = 0;
  let guard = 0;
  let misses = 0;
  while (n < 300 && guard++ < 40000) {
    const e = pick(r2, entities);
    const names = screenable(e);
    if (names.length === 0) continue;
    const listed = pick(r2, names);
    const q = perturb(listed, kind, r2);
    if (!q || q.trim() === "") continue;
    n++;
    if (only.length && !only.includes(kind)) continue;
    const hits = full.screen({ name: q }, { limit: 50, threshold: 0 }).hits;
    const ok = (h: ScreenHit) => sameEntity(h, e) || sameName(h.name, listed);
    const top = hits[0];
    if (top && ok(top)) continue;
    misses++;
    const at = hits.findIndex(ok);
    const exp = hits[at];
    console.log(`[${kind}] ${JSON.stringify(q)}  (listed ${JSON.stringify(listed)})`);
    console.log(
      `  expected ${e.id} ${e.type} dob=${e.birthDates.join(",") || "-"} ids=${e.identifiers.map((i) => `${i.type}:${i.value}${i.note ? `(${i.note})` : ""}`).join(",") || "-"} rank=${at < 0 ? "not found" : at + 1} score=${exp?.score ?? "-"} via ${JSON.stringify(exp?.name ?? "")}`,
    );
    if (top) {
      const te = byId.get(top.entityId);
      console.log(
        `  top-1    ${top.entityId} ${top.type} ${JSON.stringify(top.name)} score=${top.score} listings=${top.listings.map((l) => `${l.list}:${l.sourceId}`).join("+")} dob=${top.birthDates.join(",") || "-"} ${te ? "" : "(profile)"}`,
      );
      console.log(`  evidence ${evidence(top, e)}`);
    } else console.log("  no hit");
  }
  console.log(`== ${kind}: ${misses} misses of ${n}`);
}
