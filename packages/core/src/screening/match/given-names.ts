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
 *  - English names likewise: spellings (Jon = John) as spellings, short forms (Bill = William) as equivalents.
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

/**
 * English given names: other spellings of one name (Jon = John, Steven = Stephen, Kathryn = Katherine), scored as
 * spellings, and the everyday short forms that stand for the full name (Bill = William, Bob = Robert, Kate =
 * Katherine), scored as the same name, not its spelling. A short form that is also a part of names in other
 * languages is in no group: Al and Ed (Arabic articles: al-, ed-Din), Ben (ben = bin), Kim and Lee (surnames).
 */
const ENGLISH_SPELLINGS: string[][] = [
  ["john", "jon"],
  ["stephen", "steven"],
  ["katherine", "catherine", "kathryn", "katharine", "catharine"],
  ["geoffrey", "jeffrey", "jeffery"],
  ["sean", "shawn", "shaun"],
  ["isabel", "isobel", "isabelle"],
  ["lawrence", "laurence"],
  ["elizabeth", "elisabeth"],
  ["deborah", "debra"],
];

const ENGLISH_SHORT_FORMS: string[][] = [
  ["william", "bill", "billy", "will", "willy", "willie", "liam"],
  ["robert", "bob", "bobby", "rob", "robbie"],
  ["richard", "rick", "ricky", "rich", "richie", "dick"],
  ["james", "jim", "jimmy", "jamie"],
  ["john", "johnny", "jack"],
  ["michael", "mike", "mick", "mickey"],
  ["thomas", "tom", "tommy"],
  ["joseph", "joe", "joey"],
  ["charles", "charlie", "chuck"],
  ["edward", "eddie", "ted", "teddy", "ned"],
  ["theodore", "ted", "teddy", "theo"],
  ["anthony", "tony", "antony"],
  ["daniel", "dan", "danny"],
  ["christopher", "chris"],
  ["matthew", "matt"],
  ["andrew", "andy", "drew"],
  ["stephen", "steve", "stevie"],
  ["samuel", "sam", "sammy"],
  ["nicholas", "nick", "nicky"],
  ["jonathan", "jon", "jonny"],
  ["timothy", "tim", "timmy"],
  ["gregory", "greg"],
  ["peter", "pete"],
  ["frederick", "fred", "freddie", "freddy"],
  ["ronald", "ron", "ronnie"],
  ["donald", "don", "donnie"],
  ["kenneth", "ken", "kenny"],
  ["lawrence", "larry"],
  ["gerald", "gerry", "jerry"],
  ["harold", "harry", "hal"],
  ["henry", "harry", "hank"],
  ["david", "dave", "davey"],
  ["patrick", "pat", "paddy"],
  ["patricia", "pat", "patty", "trish"],
  ["elizabeth", "liz", "lizzie", "beth", "betty", "eliza"],
  ["margaret", "maggie", "meg", "peggy"],
  ["jennifer", "jen", "jenny"],
  ["susan", "sue", "susie"],
  ["rebecca", "becky"],
  ["deborah", "debbie"],
  ["victoria", "vicky", "vickie"],
  ["katherine", "kate", "kathy", "katie", "cathy"],
  ["douglas", "doug"],
  ["raymond", "ray"],
  ["walter", "walt"],
  ["eugene", "gene"],
  ["joshua", "josh"],
  ["philip", "phil"],
  ["jacob", "jake"],
  ["zachary", "zach", "zack"],
];

/** A group's key and kind, as a member's variant key. */
export interface GivenNameGroup {
  key: string;
  kind: "spelling" | "equivalent";
}

/**
 * Member → the groups it is in. Arabic and Russian members by folded key: the lists write them in many ways the
 * folds already join. English members by their spelling as typed (lower case): short forms are short, and their
 * folded keys meet other names' (Kenny folds as Kenji does, Danny as Dajani).
 */
const BY_KEY = new Map<string, GivenNameGroup[]>();
const BY_SPELLING = new Map<string, GivenNameGroup[]>();

function addGroups(
  into: Map<string, GivenNameGroup[]>,
  groups: string[][],
  kind: GivenNameGroup["kind"],
  byKey: boolean,
) {
  for (const group of groups) {
    const key = foldKey(group[0] as string);
    for (const name of group) {
      const folded = foldKey(name);
      if (folded === key) continue;
      const k = byKey ? folded : name;
      const at = into.get(k) ?? [];
      if (!at.some((g) => g.key === key)) at.push({ key, kind });
      into.set(k, at);
    }
    // The group's own key meets its members too: each member already carries it.
  }
}
addGroups(BY_KEY, ARABIC_SPELLINGS, "spelling", true);
addGroups(BY_KEY, RUSSIAN_EQUIVALENTS, "equivalent", true);
addGroups(BY_SPELLING, ENGLISH_SPELLINGS, "spelling", false);
addGroups(BY_SPELLING, ENGLISH_SHORT_FORMS, "equivalent", false);

/**
 * The keys of the given-name groups a name part belongs to, by its folded key or (English names) its Latin spelling
 * in lower case (none for most name parts).
 */
export function givenNameGroups(key: string, latin?: string): readonly GivenNameGroup[] {
  const byKey = BY_KEY.get(key);
  const bySpelling = latin === undefined ? undefined : BY_SPELLING.get(latin);
  if (bySpelling === undefined) return byKey ?? NONE;
  if (byKey === undefined) return bySpelling;
  return [...byKey, ...bySpelling.filter((g) => !byKey.some((b) => b.key === g.key))];
}

const NONE: readonly GivenNameGroup[] = [];
