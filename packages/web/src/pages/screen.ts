// Party screening: type a name (any script), optionally type/country/date of birth, and read the explained hits:
// which listed name matched, how each name part met (exact, spelling variant, transliteration, fuzzy, initial),
// and what each qualifier added or took away. State lives in the URL (?q=…&type=…&country=…&dob=…&algorithm=…).
import { api, errorText } from "../lib/api.ts";
import { appRoot, h, render } from "../lib/dom.ts";

interface Pair {
  query: string;
  candidate: string;
  kind: string;
  similarity: number;
  weight: number;
  standard?: string;
  role?: string;
}
interface Feature {
  feature: string;
  contribution: number;
  detail: string;
}
interface Hit {
  entityId: string;
  list: string;
  sourceId: string;
  name: string;
  caption: string;
  type: string;
  score: number;
  strength: "match" | "possible";
  programmes: string[];
  sanctionKind: string;
  listedOn?: string;
  explanation: {
    algorithm: string;
    nameScore: number;
    matchedName: string;
    matchedNameKind: string;
    pairs: Pair[];
    features: Feature[];
    text: string;
  };
}
interface Result {
  version: string;
  lists: { list: string; title: string; date?: string; entities: number }[];
  thresholds: { report: number; match: number };
  results: {
    row: number;
    hits?: Hit[];
    suppressed?: { list: string; sourceId: string; score: number; reviewer: string; reviewedAt: string }[];
    error?: { message: string; code: string };
  }[];
}

const root = appRoot();
const name = h("input", {
  type: "search",
  id: "screen-name",
  placeholder: "Владимир Путин, Sergei Ivanov, Bank Rossiya…",
  size: 40,
  autofocus: true,
});
const type = h(
  "select",
  { id: "screen-type" },
  ...["", "person", "organization", "vessel", "aircraft"].map((t) => h("option", { value: t }, t || "any type")),
);
const country = h("input", { id: "screen-country", placeholder: "RU", size: 4, maxlength: 2 });
const dob = h("input", { id: "screen-dob", placeholder: "YYYY[-MM-DD]", size: 12 });
const algorithm = h(
  "select",
  { id: "screen-algorithm" },
  h("option", { value: "evidence" }, "evidence (explained)"),
  h("option", { value: "ofac-parity" }, "OFAC parity"),
);
const out = h("div", { id: "screen-result" });

const pct = (x: number) => `${Math.round(x * 100)}%`;
const signed = (x: number) => (x === 0 ? "0" : `${x > 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`);

function hitCard(hit: Hit): HTMLElement {
  const e = hit.explanation;
  const strength = h(
    "span",
    { className: `badge ${hit.strength === "match" ? "badge-prohibited" : "badge-review"}` },
    hit.strength === "match" ? "MATCH" : "possible match",
  );
  return h(
    "div",
    { className: "card hit" },
    h("h3", {}, strength, " ", pct(hit.score), " — ", hit.caption),
    h(
      "p",
      { className: "muted" },
      `${hit.list} record ${hit.sourceId} · ${hit.type} · ${hit.sanctionKind.replace("_", " ")}`,
      hit.programmes.length ? ` · programmes: ${hit.programmes.join(", ")}` : "",
      hit.listedOn ? ` · listed ${hit.listedOn}` : "",
    ),
    h(
      "p",
      {},
      "Matched listed name: ",
      h("strong", {}, e.matchedName),
      ` (${e.matchedNameKind}), name score ${pct(e.nameScore)}`,
    ),
    e.pairs.length
      ? h(
          "table",
          { className: "pairs" },
          h(
            "tr",
            {},
            h("th", {}, "query part"),
            h("th", {}, "listed part"),
            h("th", {}, "how"),
            h("th", { className: "num" }, "similarity"),
            h("th", { className: "num" }, "weight"),
          ),
          ...e.pairs.map((p) =>
            h(
              "tr",
              {},
              h("td", {}, p.query),
              h("td", {}, p.candidate, p.role ? h("span", { className: "muted" }, ` (${p.role})`) : null),
              h("td", {}, p.kind.replace("_", " "), p.standard && p.standard !== "latin" ? ` [${p.standard}]` : ""),
              h("td", { className: "num" }, p.similarity.toFixed(2)),
              h("td", { className: "num" }, String(p.weight)),
            ),
          ),
        )
      : null,
    h(
      "table",
      { className: "features" },
      h("tr", {}, h("th", {}, "feature"), h("th", { className: "num" }, "contribution"), h("th", {}, "detail")),
      ...e.features.map((f) =>
        h(
          "tr",
          {},
          h("td", {}, f.feature.replace(/_/g, " ")),
          h("td", { className: "num" }, f.feature === "name_parts" ? pct(f.contribution) : signed(f.contribution)),
          h("td", {}, f.detail),
        ),
      ),
    ),
  );
}

async function show(): Promise<void> {
  const params = new URL(location.href).searchParams;
  const q = params.get("q") ?? "";
  name.value = q;
  type.value = params.get("type") ?? "";
  country.value = params.get("country") ?? "";
  dob.value = params.get("dob") ?? "";
  algorithm.value = params.get("algorithm") ?? "evidence";
  if (q.trim() === "") {
    render(out, h("p", { className: "muted" }, "Type a name in any script. Hits are explained part by part."));
    return;
  }
  render(out, h("p", { className: "muted" }, "Screening…"));
  const query: Record<string, string> = { name: q };
  if (type.value) query.type = type.value;
  if (country.value) query.country = country.value.toUpperCase();
  if (dob.value) query.dob = dob.value;
  try {
    const res = await api<Result>("/v1/screen", { queries: [query], algorithm: algorithm.value });
    const row = res.results[0];
    const lists = h(
      "p",
      { className: "muted" },
      `Screened against ${res.lists.map((l) => `${l.title} (${l.date ?? "undated"}, ${l.entities} entities)`).join("; ")}. Reported from ${pct(res.thresholds.report)}; a match from ${pct(res.thresholds.match)}. Data version ${res.version}.`,
    );
    if (!row || row.error) {
      render(
        out,
        h("div", { className: "error" }, row?.error ? `${row.error.message} [${row.error.code}]` : "no result"),
        lists,
      );
      return;
    }
    const hits = row.hits ?? [];
    render(
      out,
      h("h2", {}, hits.length ? `${hits.length} hit${hits.length > 1 ? "s" : ""} for “${q}”` : `No hit for “${q}”`),
      lists,
      ...hits.map(hitCard),
      ...(row.suppressed ?? []).map((s) =>
        h(
          "p",
          { className: "muted" },
          `Suppressed ${s.list}:${s.sourceId} (${pct(s.score)}): reviewed as not a match by ${s.reviewer} on ${s.reviewedAt}.`,
        ),
      ),
    );
  } catch (e) {
    render(out, h("div", { className: "error" }, errorText(e)));
  }
}

const form = h(
  "form",
  { className: "row", id: "screen-form" },
  h("label", {}, "Name", h("br"), name),
  h("label", {}, "Type", h("br"), type),
  h("label", {}, "Country", h("br"), country),
  h("label", {}, "Date of birth", h("br"), dob),
  h("label", {}, "Algorithm", h("br"), algorithm),
  h("button", { type: "submit" }, "Screen"),
);
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const url = new URL(location.href);
  url.search = "";
  url.searchParams.set("q", name.value);
  if (type.value) url.searchParams.set("type", type.value);
  if (country.value) url.searchParams.set("country", country.value);
  if (dob.value) url.searchParams.set("dob", dob.value);
  if (algorithm.value !== "evidence") url.searchParams.set("algorithm", algorithm.value);
  history.pushState(null, "", url);
  void show();
});
window.addEventListener("popstate", () => void show());

render(
  root,
  h("h1", {}, "Screen a party"),
  h(
    "p",
    { className: "muted" },
    "Names are normalised, transliterated (Cyrillic under ICAO 9303, BGN/PCGN, GOST 7.79, Ukrainian 2010, Belarusian; Greek, Georgian, Armenian) and matched part by part; legal forms (OOO, LLC, JSC…) count for identity, not for the name score. Dates of birth, countries and identifiers qualify the score.",
  ),
  form,
  out,
);
void show();
