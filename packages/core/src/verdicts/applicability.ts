/**
 * Whether a member's rules apply to a shipment, and in which direction. The rule is deliberately simple and
 * every answer says why (docs/verdicts.md):
 *
 * - **export** rules of a member apply when the goods are dispatched from its territory, or the exporter is
 *   established there (members bind their own persons wherever they act); for the US also when an item is of
 *   US origin (the EAR follows US-origin items on re-export).
 * - **import** rules of a member apply when the destination is in its territory.
 * - An explicit `direction` on the shipment keeps only that side.
 * - A scenario applies wherever any member applies (it is a G7-wide counterfactual).
 */
import type { RegimeSet } from "../regimes/load.ts";
import type { Shipment } from "./shipment.ts";

/** Territory of each member: ISO codes or a `@GROUP` of the regime set's country groups. */
export const MEMBER_TERRITORY: Record<string, readonly string[]> = {
  EU: ["@EU_MEMBER_STATES"],
  US: ["US"],
  UK: ["GB"],
  JP: ["JP"],
  CA: ["CA"],
};

/** Members whose export rules follow goods of their origin on re-export from third countries. */
const FOLLOWS_ORIGIN = new Set(["US"]);

export interface Applicability {
  applies: boolean;
  export: boolean;
  import: boolean;
  why: string[];
}

/** Applicability of one member's rules to a shipment. */
export function memberApplicability(regimes: RegimeSet, member: string, s: Shipment): Applicability {
  const why: string[] = [];
  const territory = MEMBER_TERRITORY[member];
  const missingGroup = territory?.find((r) => r.startsWith("@") && !regimes.groups[r.slice(1)]);
  if (!territory || missingGroup) {
    // Without a territory we cannot tell: evaluate rather than risk a silent pass.
    why.push(
      territory
        ? `country group ${missingGroup} is missing from the regime data, so ${member}'s territory is unknown: evaluated anyway`
        : `no territory rule is known for ${member}: evaluated anyway`,
    );
    return finish(s, { applies: true, export: true, import: true, why });
  }
  const inT = (c: string | undefined) => c !== undefined && regimes.countryIn(territory, c);
  const shipFrom = s.origin ?? s.exporter.country;
  let exp = false;
  let imp = false;
  if (inT(shipFrom)) {
    exp = true;
    why.push(`goods are dispatched from ${shipFrom}, in ${member}'s territory`);
  }
  if (inT(s.exporter.country) && s.exporter.country !== shipFrom) {
    exp = true;
    why.push(`the exporter is established in ${s.exporter.country} (${member}'s rules bind its persons abroad)`);
  }
  if (FOLLOWS_ORIGIN.has(member)) {
    // No line numbers here: the answer is cached per shipment shape, and the items carry their own reasons.
    if (!inT(shipFrom) && s.items.some((it) => inT(it.originCountry))) {
      exp = true;
      why.push(`goods of ${member} origin are in the shipment (re-export rules follow the goods)`);
    }
  }
  if (inT(s.destination)) {
    imp = true;
    why.push(`the destination ${s.destination} is in ${member}'s territory (imports)`);
  }
  if (!exp && !imp)
    why.push(
      `not dispatched from, exported by a person of, or imported into ${member}${FOLLOWS_ORIGIN.has(member) ? ", and no line is of its origin" : ""}`,
    );
  return finish(s, { applies: exp || imp, export: exp, import: imp, why });
}

function finish(s: Shipment, a: Applicability): Applicability {
  if (s.direction === "export" && a.import) {
    a.import = false;
    a.why.push("import rules not consulted: the shipment is declared an export");
  }
  if (s.direction === "import" && a.export) {
    a.export = false;
    a.why.push("export rules not consulted: the shipment is declared an import");
  }
  a.applies = a.export || a.import;
  return a;
}

/**
 * The part of a shipment's item origins that applicability and coverage depend on, as a cache key: every origin,
 * mining country and exporting country when the destination is (or may be) a member's territory (import rules read
 * them); otherwise only whether
 * an item comes from a member whose rules follow its goods.
 */
export function originKey(regimes: RegimeSet, s: Shipment): string {
  const importing = regimes.members.some((m) => {
    const t = MEMBER_TERRITORY[m];
    return !t || t.some((r) => r.startsWith("@") && !regimes.groups[r.slice(1)]) || regimes.countryIn(t, s.destination);
  });
  if (importing) {
    const set = new Set<string>();
    for (const it of s.items) {
      if (it.originCountry) set.add(it.originCountry);
      if (it.miningCountry) set.add(`m${it.miningCountry}`);
      if (it.exportedFrom) set.add(`x${it.exportedFrom}`);
    }
    return [...set].sort().join(",");
  }
  let key = "";
  for (const m of FOLLOWS_ORIGIN) {
    const t = MEMBER_TERRITORY[m];
    if (t && s.items.some((it) => it.originCountry !== undefined && regimes.countryIn(t, it.originCountry))) key += m;
  }
  return key;
}
