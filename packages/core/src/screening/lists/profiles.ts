/**
 * One profile per person, company or vessel: records of the same target on several lists (OFAC and UN, OFAC and
 * UK…) are merged into one entity carrying every listing, before the candidate index is built — so the query path
 * never merges anything.
 *
 * Two records are linked when they share
 *  1. a strong identifier (`identifier`): IMO, MMSI, INN, OGRN, LEI, SWIFT/BIC, tax id, passport or national id
 *     (at least 6 characters with a digit), a UN reference number (OFSI, FCDO and the UN cite it), a UK Sanctions
 *     List Ref (OFSI and FCDO cite it), or an OFAC UID (the SDN and non-SDN lists share one UID space);
 *  2. for people, an exact normalised name (any non-weak name, word order ignored) and a date of birth: a full
 *     date, or a birth year where both lists give only the year (`name_dob`);
 *  2b. for people, one full date of birth and names the matcher itself takes for the same person — a name score of
 *     at least {@link NAME_DOB_MIN_SCORE} between some name of each record, either way round (`name_dob`): a dropped
 *     patronymic ("TSAREV, Mikhail Mikhailovich" / "Mikhail TSAREV"), another spelling (Yury / Yuri, Belaventsev /
 *     Belavencev) or the other script (Яровая Ирина Анатольевна / YAROVAYA, Irina Anatolievna). A contradicting
 *     patronymic scores below it, and a record matching two records of one other list this way links to neither;
 *  3. for companies and vessels, an exact normalised name and a country (`name_country`).
 * A key counts only when it is unique within each list (a value two records of one list share — a family's
 * address, a shared registration — identifies no one). Links are applied in a fixed order (rule, then key), and a
 * link is refused when it would put two records of one list, or a person and an organisation, in one profile: the
 * lists' own ids say those are different targets. Same input, same profiles.
 */
import { type PreparedName, type PreparedToken, prepareName } from "../match/names.ts";
import { scoreName } from "../match/scorer.ts";
import { sortedJoin } from "../match/strings.ts";
import type { Entity, Listing, MergeLink } from "../model.ts";

/**
 * The name score (either way round) at or above which two person records with one full date of birth in common
 * are one person. Chosen on the bundled lists: of the 475 cross-list pairs of person records sharing a full date of
 * birth that no identifier or exact name joined, every pair at or above 0.9 read as one person (spelling variants,
 * a dropped patronymic, the other script), and below it the first contradicting patronymic appears (IVANOV, Sergey
 * Borisovich / Sergey Pavlovich IVANOV, 0.73).
 */
export const NAME_DOB_MIN_SCORE = 0.9;

/** Identifier types that single out one target (`other` counts only for UN / UK list references). */
const STRONG = new Set(["imo", "mmsi", "inn", "ogrn", "lei", "swift", "tax_id", "passport", "national_id"]);
const ID_LABEL: Record<string, string> = {
  imo: "IMO",
  mmsi: "MMSI",
  inn: "INN",
  ogrn: "OGRN",
  lei: "LEI",
  swift: "SWIFT/BIC",
  tax_id: "tax id",
  passport: "passport",
  national_id: "national id",
  unref: "UN reference number",
  ukref: "UK Sanctions List Ref",
  ofac: "OFAC UID",
};
const KIND_RANK: Record<Entity["sanctionKind"], number> = { asset_freeze: 0, end_user: 1, sectoral: 2, other: 3 };

const ASCII = /^[\x20-\x7e]*$/;
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR = /^\d{4}$/;

/** Lower case, no accents, punctuation → space, words sorted: "PUTIN, Vladimir" = "Vladimir Putin". */
export function nameKey(name: string): string {
  // Most list names are plain ASCII: skip Unicode normalisation for them (this runs on every name at load).
  if (ASCII.test(name)) return asciiNameKey(name);
  const folded = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ");
  const words = folded.trim().split(" ");
  return words.length === 1 ? (words[0] as string) : sortedJoin(words, " ");
}

/** {@link nameKey} of a printable-ASCII name: its runs of a-z and 0-9 (lower-cased), sorted, one space apart. */
function asciiNameKey(name: string): string {
  const s = name.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(s.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(start === 0 ? s : s.slice(start));
  return words.length === 0 ? "" : words.length === 1 ? (words[0] as string) : sortedJoin(words, " ");
}

function idKey(type: string, value: string, note: string | undefined): [string, string] | undefined {
  const v = value.toUpperCase().replace(/[\s\-./]/g, "");
  if (type === "other") {
    if (note === "UN reference number" && /^[A-Z]{2,3}[IE]\d{3}$/.test(v)) return ["unref", v];
    if (note === "UK Sanctions List Ref" && /^[A-Z]{2,4}\d{3,5}$/.test(v)) return ["ukref", v];
    return undefined;
  }
  if (!STRONG.has(type) || v.length < 6 || !/\d/.test(v)) return undefined;
  return [type, v];
}

/**
 * Merge keys of a record as compact strings (this runs on every record at load): `i<type>:<value>` (identifier),
 * `d<name>|<date of birth>` (person), `c<name>|<country>` (organisation, vessel).
 */
function keysOf(e: Entity, out: string[]): void {
  // OFAC numbers SDN and non-SDN entries from one UID space: a UID on both lists is one target (e.g. Gazprombank,
  // 17016, moved from the sectoral list to the SDN list).
  if (e.list === "ofac-sdn" || e.list === "ofac-cons") out.push(`iofac:${e.sourceId}`);
  for (const i of e.identifiers) {
    const k = idKey(i.type, i.value, i.note);
    if (k) out.push(`i${k[0]}:${k[1]}`);
  }
  // Name keys only where a date of birth (people) or a country (others) can qualify them: most records have neither
  // and their names need no normalising.
  let qualifiers: string[];
  // A birth year where the list gives only the year (a full date and a year are never compared), and then only
  // with a name of two words or more.
  if (e.type === "person") qualifiers = e.birthDates.filter((d) => FULL_DATE.test(d) || YEAR.test(d));
  else {
    const countries = new Set<string>();
    for (const c of e.countries) if (c.length === 2) countries.add(c);
    for (const c of e.nationalities) if (c.length === 2) countries.add(c);
    qualifiers = [...countries];
  }
  if (qualifiers.length === 0) return;
  const names = new Set<string>();
  for (const n of e.names) if (n.kind !== "weak_alias") names.add(nameKey(n.full));
  names.delete("");
  const tag = e.type === "person" ? "d" : "c";
  for (const n of names)
    if (tag === "c" ? n.length >= 6 : true)
      for (const q of qualifiers) if (q.length !== 4 || n.includes(" ")) out.push(`${tag}${n}|${q}`);
}

const RULE_OF: Record<string, MergeLink["rule"]> = { i: "identifier", d: "name_dob", c: "name_country" };

/** The words of a link: `IMO 9610808`, `"putin vladimir" born 1952-10-07`, `"pao sovcomflot" in RU`. */
function detailOf(key: string): string {
  const body = key.slice(1);
  if (key[0] === "i") {
    const colon = body.indexOf(":");
    const type = body.slice(0, colon);
    return `${ID_LABEL[type] ?? type} ${body.slice(colon + 1)}`;
  }
  const bar = body.lastIndexOf("|");
  return key[0] === "d"
    ? `"${body.slice(0, bar)}" born ${body.slice(bar + 1)}`
    : `"${body.slice(0, bar)}" in ${body.slice(bar + 1)}`;
}

/**
 * A name of a person record as rule 2b compares it: the first three letters of each word of its folded form, or
 * none when the name is in a script {@link nameKey} leaves non-Latin (then it is compared with every name). Two
 * Latin names with no word beginning alike are never scored: a pair at the bar shares at least a name part.
 */
interface VariantName {
  full: string;
  heads: Set<string> | undefined;
  prepared?: PreparedName;
  source: Entity["names"][number];
}

function variantNames(e: Entity, cache: Map<Entity, VariantName[]>): VariantName[] {
  let v = cache.get(e);
  if (v === undefined) {
    v = [];
    for (const n of e.names) {
      if (n.kind === "weak_alias" || n.full.trim() === "") continue;
      const key = nameKey(n.full);
      const heads = /^[a-z0-9 ]*$/.test(key) ? new Set(key.split(" ").map((w) => w.slice(0, 3))) : undefined;
      v.push({ full: n.full, heads, source: n });
    }
    cache.set(e, v);
  }
  return v;
}

function mayMeet(a: VariantName, b: VariantName): boolean {
  if (a.heads === undefined || b.heads === undefined) return true;
  for (const h of a.heads) if (b.heads.has(h)) return true;
  return false;
}

/**
 * The names of two records rule 2b compares: their Latin names when both have one (the lists write Cyrillic or
 * Arabic names beside a Latin one, and the matcher's transliterations are the costly part), else every name.
 */
function comparable(a: VariantName[], b: VariantName[]): [VariantName[], VariantName[]] {
  const la = a.filter((v) => v.heads !== undefined);
  const lb = b.filter((v) => v.heads !== undefined);
  return la.length > 0 && lb.length > 0 ? [la, lb] : [a, b];
}

function prepared(v: VariantName, tokenCache: Map<string, PreparedToken>): PreparedName {
  v.prepared ??= prepareName(v.full, { kind: v.source.kind, type: "person", parts: v.source, tokenCache });
  return v.prepared;
}

/**
 * Rule 2b: pairs of person records on different lists, not yet in one profile, with a full date of birth in
 * common and some pair of names scoring at least {@link NAME_DOB_MIN_SCORE} either way round; a record with such
 * a pair to two records of one other list is left out (the evidence does not say which). Ordered by date, then
 * record position: same input, same links.
 */
function nameVariantLinks(entities: Entity[], find: (i: number) => number): [number, number, string][] {
  const byDate = new Map<string, number[]>();
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i] as Entity;
    if (e.type !== "person") continue;
    for (const d of e.birthDates)
      if (FULL_DATE.test(d)) {
        const at = byDate.get(d);
        if (at === undefined) byDate.set(d, [i]);
        else if (at[at.length - 1] !== i) at.push(i);
      }
  }
  const cache = new Map<Entity, VariantName[]>();
  const tokenCache = new Map<string, PreparedToken>();
  const found: [number, number, string][] = [];
  for (const date of [...byDate.keys()].sort()) {
    const at = byDate.get(date) as number[];
    if (at.length < 2) continue;
    for (let x = 0; x < at.length; x++)
      for (let y = x + 1; y < at.length; y++) {
        const a = at[x] as number;
        const b = at[y] as number;
        const ea = entities[a] as Entity;
        const eb = entities[b] as Entity;
        if (ea.list === eb.list || find(a) === find(b)) continue;
        // The first pair of names at or above the bar is the evidence (names in list order: same input, same words).
        let evidence: string | undefined;
        const [as, bs] = comparable(variantNames(ea, cache), variantNames(eb, cache));
        for (const va of as) {
          for (const vbn of bs) {
            if (!mayMeet(va, vbn)) continue;
            const na = prepared(va, tokenCache);
            const nb = prepared(vbn, tokenCache);
            let s = scoreName(na, nb).score;
            if (s < NAME_DOB_MIN_SCORE) s = Math.max(s, scoreName(nb, na).score);
            if (s >= NAME_DOB_MIN_SCORE) {
              evidence = `"${nameKey(na.full)}" ~ "${nameKey(nb.full)}" born ${date} (name score ${s.toFixed(2)})`;
              break;
            }
          }
          if (evidence) break;
        }
        if (evidence) found.push([a, b, evidence]);
      }
  }
  // A record paired with two records of one other list (on any date): neither pair is taken.
  const partners = new Map<string, Set<number>>();
  const note = (i: number, other: number) => {
    const k = `${i}\u0000${(entities[other] as Entity).list}`;
    const s = partners.get(k) ?? new Set<number>();
    s.add(other);
    partners.set(k, s);
  };
  for (const [a, b] of found) {
    note(a, b);
    note(b, a);
  }
  const single = (i: number, other: number) =>
    (partners.get(`${i}\u0000${(entities[other] as Entity).list}`)?.size ?? 0) === 1;
  const out: [number, number, string][] = [];
  const seen = new Set<string>();
  for (const [a, b, detail] of found) {
    if (seen.has(`${a}|${b}`)) continue;
    seen.add(`${a}|${b}`);
    if (single(a, b) && single(b, a)) out.push([a, b, detail]);
  }
  return out;
}

/** What {@link mergeProfiles} returns. */
export interface ProfileSet {
  /** One entity per target: a plain record, or a merged profile with `listings` and `mergedOn`. */
  profiles: Entity[];
  /** Any record id (and every profile id) → the profile's position in `profiles`. */
  byRecord: Map<string, number>;
  /** Records merged into a profile with at least one other record. */
  mergedRecords: number;
}

/** The listing a record contributes to a profile. */
export function listingOf(e: Entity, sourceUrl?: string): Listing {
  const primary = e.names.find((n) => n.kind === "primary") ?? e.names[0];
  return {
    entityId: e.id,
    list: e.list,
    sourceId: e.sourceId,
    name: primary?.full ?? e.sourceId,
    programmes: e.programmes,
    ...(e.listedOn ? { listedOn: e.listedOn } : {}),
    sanctionKind: e.sanctionKind,
    ...(sourceUrl ? { sourceUrl } : {}),
    ...(e.partial ? { partial: e.partial } : {}),
  };
}

function union<T>(lists: T[][], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const l of lists)
    for (const x of l) {
      const k = key(x);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(x);
      }
    }
  return out;
}

function mergeGroup(members: Entity[], links: MergeLink[], sourceUrl: (list: string) => string | undefined): Entity {
  // Lead: the first complete record in list order (its primary name is the caption).
  const lead = members.find((m) => !m.partial) ?? (members[0] as Entity);
  const ordered = [lead, ...members.filter((m) => m !== lead)];
  const type = ordered.find((m) => m.type !== "unknown")?.type ?? "unknown";
  const listed = ordered
    .map((m) => m.listedOn)
    .filter((d): d is string => d !== undefined)
    .sort();
  const gender = ordered.find((m) => m.gender)?.gender;
  const birthPlaces = union(
    ordered.map((m) => m.birthPlaces ?? []),
    (x) => x,
  );
  const merged: Entity = {
    id: lead.id,
    list: lead.list,
    sourceId: lead.sourceId,
    type,
    names: union(
      ordered.map((m) => m.names),
      (n) => `${n.kind}\u0000${n.full}`,
    ),
    birthDates: union(
      ordered.map((m) => m.birthDates),
      (x) => x,
    ),
    nationalities: union(
      ordered.map((m) => m.nationalities),
      (x) => x,
    ),
    countries: union(
      ordered.map((m) => m.countries),
      (x) => x,
    ),
    addresses: union(
      ordered.map((m) => m.addresses),
      (a) => a.full,
    ),
    identifiers: union(
      ordered.map((m) => m.identifiers),
      (i) => `${i.type}\u0000${i.value}`,
    ),
    programmes: union(
      ordered.map((m) => m.programmes),
      (x) => x,
    ),
    sanctionKind: ordered
      .map((m) => m.sanctionKind)
      .sort((a, b) => KIND_RANK[a] - KIND_RANK[b])[0] as Entity["sanctionKind"],
    ...(listed[0] ? { listedOn: listed[0] } : {}),
    ...(lead.remarks ? { remarks: lead.remarks } : {}),
    ...(gender ? { gender } : {}),
    ...(birthPlaces.length > 0 ? { birthPlaces } : {}),
    ...(ordered.every((m) => m.partial) && lead.partial ? { partial: lead.partial } : {}),
    listings: ordered.map((m) => listingOf(m, sourceUrl(m.list))),
    mergedOn: links,
  };
  return merged;
}

/**
 * Merges records of the same target across lists into profiles (see the module comment for the rules).
 * `entities` come in list display order; the output keeps that order (a profile sits where its lead record was).
 * `sourceUrl` names the official file of a list, quoted on each listing.
 */
export function mergeProfiles(
  entities: Entity[],
  sourceUrl: (list: string) => string | undefined = () => undefined,
): ProfileSet {
  const n = entities.length;
  // key → record positions (a bare number for the usual single record); keys two records of one list share are dropped.
  const postings = new Map<string, number | number[]>();
  const ambiguous = new Set<string>();
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = entities[i] as Entity;
    keys.length = 0;
    keysOf(e, keys);
    for (const key of keys) {
      const p = postings.get(key);
      if (p === undefined) postings.set(key, i);
      else if (typeof p === "number") {
        if (p === i) continue;
        if ((entities[p] as Entity).list === e.list) ambiguous.add(key);
        postings.set(key, [p, i]);
      } else {
        if (p[p.length - 1] === i) continue;
        if (p.some((j) => (entities[j] as Entity).list === e.list)) ambiguous.add(key);
        p.push(i);
      }
    }
  }
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  // Per root: the lists and the (known) type its records have.
  const lists = new Map<number, Set<string>>();
  const typeOf = new Map<number, Entity["type"]>();
  const links = new Map<number, MergeLink[]>();
  const usable: [string, number[]][] = [];
  for (const [key, p] of postings) if (typeof p !== "number" && !ambiguous.has(key)) usable.push([key, p]);
  // Identifier links first, then name + date of birth, then name + country; within a rule, by key.
  const rank = (k: string) => (k[0] === "i" ? 0 : k[0] === "d" ? 1 : 2);
  usable.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  /** Joins the profiles of records `a` and `b` unless the lists' own ids or types say they are different targets. */
  const link = (a: number, b: number, rule: MergeLink["rule"], detail: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const la = lists.get(ra) ?? new Set([(entities[ra] as Entity).list]);
    const lb = lists.get(rb) ?? new Set([(entities[rb] as Entity).list]);
    if ([...lb].some((l) => la.has(l))) return;
    const ta = typeOf.get(ra) ?? (entities[ra] as Entity).type;
    const tb = typeOf.get(rb) ?? (entities[rb] as Entity).type;
    if (ta !== "unknown" && tb !== "unknown" && ta !== tb) return;
    if (rule === "name_country" && (ta === "person" || tb === "person")) return;
    // The lower position stays root, so a profile sits where its first record was.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    lists.set(root, new Set([...la, ...lb]));
    typeOf.set(root, ta !== "unknown" ? ta : tb);
    const l = [...(links.get(root) ?? []), ...(links.get(child) ?? [])];
    l.push({ rule, detail, from: (entities[a] as Entity).id, to: (entities[b] as Entity).id });
    links.set(root, l);
    links.delete(child);
  };
  let fuzzyDone = false;
  for (const [key, at] of usable) {
    // Name variants with one full date of birth come after the exact keys and before names with a country.
    if (!fuzzyDone && key[0] === "c") {
      for (const [a, b, detail] of nameVariantLinks(entities, find)) link(a, b, "name_dob", detail);
      fuzzyDone = true;
    }
    const rule = RULE_OF[key[0] as string] as MergeLink["rule"];
    const first = at[0] as number;
    for (const other of at.slice(1)) link(first, other, rule, detailOf(key));
  }
  if (!fuzzyDone) for (const [a, b, detail] of nameVariantLinks(entities, find)) link(a, b, "name_dob", detail);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const profiles: Entity[] = [];
  const byRecord = new Map<string, number>();
  let mergedRecords = 0;
  for (let i = 0; i < n; i++) {
    if (find(i) !== i) continue;
    const members = (groups.get(i) as number[]).map((j) => entities[j] as Entity);
    const p = members.length === 1 ? (members[0] as Entity) : mergeGroup(members, links.get(i) ?? [], sourceUrl);
    if (members.length > 1) mergedRecords += members.length;
    for (const m of members) byRecord.set(m.id, profiles.length);
    byRecord.set(p.id, profiles.length);
    profiles.push(p);
  }
  return { profiles, byRecord, mergedRecords };
}
