/**
 * Other readings of a query: the same text read as the lists would write the name. A reading applies to the listed
 * entities of some types only, and the screener (and `compare`) scores such an entity by the better of the query as
 * given and the reading, retrieving candidates both ways. A reading drops or joins words, so each is kept narrow:
 *  - a person's name without the titles and ranks it starts with ("Gen. Valery Gerasimov", "H.E. Sergey Lavrov");
 *  - a vessel's name without its prefix ("MV NS Champion", "M/T SCF Primorye");
 *  - a name of no known type with two single letters side by side, as an organisation's name joins them ("ASCOTEC
 *    JAPAN K.K." → kk, a legal form), where a person's initials stay apart ("A. S. Pushkin").
 */
import type { EntityType } from "../model.ts";
import { hasLetterPair, type PreparedName, type PreparedToken, prepareName } from "./names.ts";

/** One other reading of a query. */
export interface QueryReading {
  name: PreparedName;
  /** The listed types it is scored against. */
  types: ReadonlySet<EntityType>;
  /** What was read otherwise, for the explanation's `query_reading` feature. */
  detail: string;
}

const PERSONS: ReadonlySet<EntityType> = new Set(["person", "unknown"]);
const VESSELS: ReadonlySet<EntityType> = new Set(["vessel", "unknown"]);
const VESSELS_ONLY: ReadonlySet<EntityType> = new Set(["vessel"]);
const ORGANISATIONS: ReadonlySet<EntityType> = new Set(["organization", "vessel"]);

/**
 * The other readings of `text` (a query of type `type`, prepared as `given`). A name of no known type is read
 * without its titles only when it has no legal form and keeps two parts or more ("Marshal Zhukov" is a ship,
 * "General Electronics LLC" a company); without a ship's prefix when it has no legal form, and when one part is
 * left ("MV Pegas") only against vessels.
 */
export function queryReadings(
  text: string,
  type: EntityType,
  given: PreparedName,
  tokenCache?: Map<string, PreparedToken>,
): QueryReading[] {
  const out: QueryReading[] = [];
  const unknown = type === "unknown";
  const stripped = (rest: string | undefined, minParts: number): PreparedName | undefined => {
    if (rest === undefined) return undefined;
    const name = prepareName(rest, { type, ...(tokenCache ? { tokenCache } : {}) });
    return unknown && (given.legalForms.length > 0 || name.scored.length < minParts) ? undefined : name;
  };
  const written = (rest: string) => text.slice(0, text.length - rest.length).trim();
  if (type === "person" || unknown) {
    const rest = withoutLeadingTitles(text);
    const name = stripped(rest, 2);
    if (name && rest) out.push({ name, types: PERSONS, detail: `read without the title "${written(rest)}"` });
  }
  if (type === "vessel" || unknown) {
    const rest = withoutVesselPrefix(text);
    const name = stripped(rest, 1);
    if (name && rest)
      out.push({
        name,
        types: unknown && name.scored.length < 2 ? VESSELS_ONLY : VESSELS,
        detail: `read without the prefix "${written(rest)}"`,
      });
  }
  if (unknown && hasLetterPair(given.tokens))
    out.push({
      name: prepareName(text, { type: "organization", ...(tokenCache ? { tokenCache } : {}) }),
      types: ORGANISATIONS,
      detail: "read as an organisation's name, its single letters joined",
    });
  return out;
}

/**
 * Titles, ranks and honorifics a person's name is written with in payments and correspondence ("Gen. Valery
 * Gerasimov", "H.E. Sergey Lavrov", "Sheikh …"), and which say nothing about who the person is. Only at the start
 * of a name: several in a row ("Lt. Gen."), with or without a dot. Words that are also common given or family names
 * (Amir, Hafiz, Imam, Sayyid) are not here.
 */
const LEADING_TITLE = new RegExp(
  `^\\s*(?:${[
    "(?:his|her)\\s+(?:excellency|highness)",
    "h\\.\\s*e",
    "prime\\s+minister",
    "(?:vice|rear)[\\s-]+admiral",
    "(?:lieutenant|lt|major|maj|brigadier|brig)[\\s.-]+(?:general|gen|colonel|col)",
    "general|gen|colonel|col|lieutenant|lt|major|maj|brigadier|brig|admiral|adm|captain|capt|commander|cdr|cmdr",
    "sergeant|sgt|marshal|minister|ambassador|senator|deputy|governor|mayor|excellency",
    "sir|dame|lord|lady|hon|honourable|honorable|rev|reverend",
    "sheikh|shaikh|shaykh|sheik|haji|hajji|alhaji|al-haji|mullah|mulla|maulana|mawlana|maulvi|mawlawi",
    "mr|mrs|ms|miss|dr|prof|professor|president|presidente",
  ].join("|")})(?:\\.|\\s|$)[\\s.]*`,
  "iu",
);

/**
 * The name without the titles it starts with ("General Sergei Shoigu" → "Sergei Shoigu"), or undefined when it
 * starts with none or is nothing but titles. A person's name is also screened this way (see the screener): the
 * title would otherwise count as a part of the name the listed person does not have.
 */
export function withoutLeadingTitles(name: string): string | undefined {
  return withoutLeading(LEADING_TITLE, name);
}

/**
 * The prefixes a ship's name is written with ("MV NS Champion", "M/T SCF Primorye", "Tanker …"): the type of the
 * ship, not its name. The lists give a vessel's name without them.
 */
const VESSEL_PREFIX =
  /^\s*(?:m\s*[./]\s*[vtsy]|[fr]\s*[./]\s*v|mv|mt|fv|rv|tanker|vessel|ship|yacht|(?:lng|lpg)\s+(?:carrier|tanker))(?:\.|\s|$)[\s.]*/iu;

/** The name without the vessel prefixes it starts with ("MV NS Champion" → "NS Champion"), or undefined. */
export function withoutVesselPrefix(name: string): string | undefined {
  return withoutLeading(VESSEL_PREFIX, name);
}

/** `name` without the matches of `start` it begins with, or undefined when there are none or nothing is left. */
function withoutLeading(start: RegExp, name: string): string | undefined {
  let rest = name;
  for (let m = start.exec(rest); m !== null && m[0].length > 0; m = start.exec(rest)) rest = rest.slice(m[0].length);
  return rest === name || !/[\p{L}\p{N}]/u.test(rest) ? undefined : rest;
}
