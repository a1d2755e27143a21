/**
 * Common given names written in several ways, as variant keys of a name part (see `prepareToken`): a part whose
 * folded key is in a group also gets the group's key, so the lists' spellings meet each other and the query's.
 *
 * Two kinds of group, scored differently:
 *  - spellings of one Arabic, Persian or Turkic name in Latin letters (Mohammed = Muhammad = Mohamad): the short
 *    vowels are not written in the Arabic script, and each list and passport office writes them its own way. The
 *    folds of `foldKey` do not join o/u or e/a, and two such edits are another name to the fuzzy pairing. Scored as
 *    one name's spellings (`variantSimilarity`).
 *  - one name in Russian and in the Western European form the same person is written with (Eugene = Yevgeny,
 *    Michael = Mikhail, Peter = Pyotr), and the Russian diminutives that stand for the full name in the press
 *    (Sasha, Volodya, Dima, Misha). Scored lower (`givenNameEquivalentSimilarity`): the same name, not its spelling.
 * Ukrainian and Belarusian forms of Russian names are `EAST_SLAVIC_NAMES` (names.ts). Only names whose spellings the
 * folds do not already join are listed; a name with two meanings (Said / Sayyid; Nasser, which folds like Nasr) is in no group.
 * Each group's first name is its key.
 */
import { foldKey } from "./normalise.ts";

const ARABIC_SPELLINGS: string[][] = [
  ["muhammad", "mohammed", "mohamed", "mohammad", "muhammed", "mohamad", "mohamud", "muhamed", "mohammud"],
  ["ahmad", "ahmed"],
  ["husayn", "hussein", "hussain", "husein", "hossein", "hosein", "husain", "huseyin"],
  ["hasan", "hassan"],
  ["mahmud", "mahmoud", "mahmood"],
  ["mustafa", "mostafa", "moustafa", "mustapha"],
  ["ibrahim", "ebrahim", "ibraheem"],
  ["ismail", "esmail", "esmaeil", "ismaeel"],
  ["yusuf", "yousef", "youssef", "yousif", "yusef", "yousuf"],
  ["umar", "omar", "omer"],
  ["usama", "osama", "oussama"],
  ["uthman", "othman", "osman", "usman"],
  ["abdullah", "abdallah", "abdulla", "abdollah"],
  ["khalid", "khaled"],
  ["yahya", "yahia", "yehia", "yahiya"],
  ["isa", "issa", "eisa", "esa"],
  ["musa", "moussa", "mousa", "moosa"],
  ["sulayman", "suleiman", "sulaiman", "soliman", "suleyman", "sleiman"],
  ["muhsin", "mohsen", "mohsin"],
  ["hamid", "hamed"],
  ["rashid", "rasheed", "rachid", "rached"],
  ["karim", "kareem"],
  ["tariq", "tarek", "tarik", "tareq"],
  ["walid", "waleed"],
  ["majid", "majed", "maged"],
  ["zakariya", "zakaria", "zakariyya", "zakariyah"],
  ["faysal", "faisal", "feisal"],
  ["jamal", "gamal"],
  ["mahdi", "mehdi"],
  ["ali", "aly"],
];

const RUSSIAN_EQUIVALENTS: string[][] = [
  ["aleksandr", "alexander", "alexandre", "sasha", "sascha", "alex"],
  ["aleksei", "alexis", "alyosha", "alex"],
  ["evgenii", "eugene", "eugen", "zhenya"],
  ["mikhail", "michael", "misha"],
  ["pavel", "paul"],
  ["pyotr", "peter", "pierre"],
  ["iosif", "joseph", "josef"],
  ["georgii", "george", "georg"],
  ["vladimir", "volodya", "vova"],
  ["dmitrii", "dima", "dimitri"],
  ["nikolai", "nicholas", "nicolas", "kolya"],
  ["andrei", "andrew", "andreas"],
  ["yakov", "jacob", "jakob"],
  ["grigorii", "gregory"],
  ["fedor", "theodore"],
  ["stepan", "stephen", "stefan"],
  ["ilya", "elijah", "elias"],
  ["konstantin", "constantine", "kostya"],
  ["vasilii", "basil"],
  ["elena", "helen", "helena", "lena"],
  ["ekaterina", "catherine", "katherine", "katya"],
  ["mariya", "mary", "marie", "masha"],
  ["natalya", "natalie", "natasha"],
  ["tatyana", "tanya"],
  ["yuliya", "julia", "julie"],
];

/** Folded key → the keys of the groups it is in, each with its kind. */
const GROUPS = new Map<string, { key: string; kind: "spelling" | "equivalent" }[]>();
for (const [groups, kind] of [
  [ARABIC_SPELLINGS, "spelling"],
  [RUSSIAN_EQUIVALENTS, "equivalent"],
] as const)
  for (const group of groups) {
    const key = foldKey(group[0] as string);
    for (const name of group) {
      const k = foldKey(name);
      if (k === key) continue;
      const at = GROUPS.get(k) ?? [];
      if (!at.some((g) => g.key === key)) at.push({ key, kind });
      GROUPS.set(k, at);
    }
    // The group's own key meets its members too: each member already carries it.
  }

/** The keys of the given-name groups a folded key belongs to (none for most name parts). */
export function givenNameGroups(key: string): readonly { key: string; kind: "spelling" | "equivalent" }[] {
  return GROUPS.get(key) ?? NONE;
}

const NONE: readonly { key: string; kind: "spelling" | "equivalent" }[] = [];
