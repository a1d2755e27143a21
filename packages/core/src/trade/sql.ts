/**
 * SQL fragments with bound parameters: every value that can come from a caller (codes, countries, flows, periods,
 * levels, currencies, file paths, thresholds) travels as a `?` parameter of a prepared statement, never as text.
 *
 * `sql` is a tagged template: an interpolated {@link Sql} fragment is spliced in (its text and its parameters, in
 * order); any other interpolated value becomes one `?` placeholder bound to that value. So a string interpolated by
 * mistake is a value, not SQL. Identifiers of tables and views the engine creates go through {@link ident} (a
 * closed pattern), lists through {@link list}.
 */

/** A value DuckDB binds to a `?` placeholder. */
export type SqlValue = string | number | boolean | null;

/** A piece of SQL text with `?` placeholders and the values bound to them, in order of appearance. */
export interface Sql {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

/** Fragments made by this module; a look-alike object from elsewhere is not SQL (it cannot be interpolated or run). */
const made = new WeakSet<Sql>();

/** The one place a fragment is made: from the tag's literal parts, validated identifiers and placeholders only. */
function make(text: string, params: readonly SqlValue[]): Sql {
  const f: Sql = Object.freeze({ text, params: Object.freeze([...params]) });
  made.add(f);
  return f;
}

/** Whether `v` is a fragment built by {@link sql} and its helpers. */
export function isSql(v: unknown): v is Sql {
  return typeof v === "object" && v !== null && made.has(v as Sql);
}

type Interpolated = Sql | SqlValue;

function isValue(v: unknown): v is SqlValue {
  return v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number";
}

/** Tagged template: `sql\`p.partner = ${partner}\`` → `{ text: "p.partner = ?", params: [partner] }`. */
export function sql(strings: TemplateStringsArray, ...values: Interpolated[]): Sql {
  let text = strings[0] ?? "";
  const params: SqlValue[] = [];
  values.forEach((v, i) => {
    if (isSql(v)) {
      text += v.text;
      params.push(...v.params);
    } else if (isValue(v)) {
      text += "?";
      params.push(v);
    } else {
      // undefined, arrays, objects: a programming error, never silently turned into text.
      throw new TypeError(`sql: cannot bind a value of type ${Array.isArray(v) ? "array" : typeof v}`);
    }
    text += strings[i + 1] ?? "";
  });
  return make(text, params);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * An identifier (table, view or column name) the engine made, e.g. `ds_3`, `tags_7`: identifiers cannot be bound
 * as parameters, so they are checked against a closed pattern and spliced in; anything else throws.
 */
export function ident(name: string): Sql {
  if (!IDENT.test(name)) throw new TypeError(`sql: not a plain identifier: ${JSON.stringify(name)}`);
  return make(name, []);
}

const COLUMN = /^[A-Za-z0-9_.]+$/;

/**
 * A double-quoted column name from a file header the layout matched (`"COUNTRY.ID"`, `"2021"`): letters, digits,
 * `_` and `.` only; anything else throws.
 */
export function column(name: string): Sql {
  if (!COLUMN.test(name)) throw new TypeError(`sql: not a plain column name: ${JSON.stringify(name)}`);
  return make(`"${name}"`, []);
}

/**
 * A parenthesised list of bound values for `IN`: `(?, ?, ?)`. An empty list is the empty set (`x IN` it is false,
 * `x NOT IN` it is true), not a syntax error.
 */
export function list(values: readonly SqlValue[]): Sql {
  if (values.length === 0) return make("(SELECT NULL WHERE false)", []);
  for (const v of values) if (!isValue(v)) throw new TypeError(`sql: cannot bind a list item of type ${typeof v}`);
  return make(`(${values.map(() => "?").join(", ")})`, values);
}

/** Separators {@link join} accepts (a closed set: a separator is SQL text, so it is never a caller's value). */
export type Separator = ", " | " AND " | " OR " | " UNION ALL " | " UNION " | "\n";

/** Joins fragments with a separator. */
export function join(parts: readonly Sql[], separator: Separator): Sql {
  return make(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

/** `a AND b AND …` (each part parenthesised); no parts is `true`. */
export function and(...parts: Sql[]): Sql {
  if (parts.length === 0) return make("true", []);
  if (parts.length === 1) return parts[0] as Sql;
  return join(
    parts.map((p) => sql`(${p})`),
    " AND ",
  );
}

/** `(a OR b OR …)`; no parts is `false`. */
export function or(...parts: Sql[]): Sql {
  if (parts.length === 0) return make("false", []);
  return sql`(${join(
    parts.map((p) => sql`(${p})`),
    " OR ",
  )})`;
}
