// HS / CN code lookup and search: type a code (any level, any punctuation) or some words; see the entry, its
// parents, children and HS2017 correlation, or ranked matches. State lives in the URL (?q=…&edition=…).
import type { CodeView, HsEntry, SearchView } from "@embargo/core/nomenclature";
import { api, errorText } from "../lib/api.ts";
import { appRoot, badge, h, render } from "../lib/dom.ts";

// The answers' shapes are core's (types only: nothing of core's runtime enters the page's bundle).
type Entry = HsEntry;

const EDITIONS = ["", "HS2022", "HS2017", "CN2026", "CN2025", "CN2024", "CN2023"];
/** Same rule as the CLI: digits and separators, or a section numeral, is a code; anything else is words. */
const looksLikeCode = (s: string) =>
  /^[\d\s.-]+$/.test(s.trim()) || (/^(X{0,2})(IX|IV|V?I{0,3})$/i.test(s.replace(/\s+/g, "")) && s.trim() !== "");

const root = appRoot();
const input = h("input", {
  type: "search",
  id: "hs-q",
  placeholder: "8542.31, 8542 31 11, XVI … or words: integrated circuits",
  size: 48,
  autofocus: true,
});
const edition = h("select", { id: "hs-edition" }, ...EDITIONS.map((e) => h("option", { value: e }, e || "default")));
const out = h("div", { id: "hs-result" });

function go(q: string, ed = edition.value): void {
  const url = new URL(location.href);
  url.searchParams.set("q", q);
  if (ed) url.searchParams.set("edition", ed);
  else url.searchParams.delete("edition");
  history.pushState(null, "", url);
  input.value = q;
  edition.value = ed;
  void show();
}

function codeLink(code: string, ed?: string): HTMLAnchorElement {
  const a = h("a", { href: `?q=${encodeURIComponent(code)}${ed ? `&edition=${ed}` : ""}`, className: "hs-code" }, code);
  a.addEventListener("click", (ev) => {
    ev.preventDefault();
    go(code, ed ?? "");
  });
  return a;
}

function entryCard(v: CodeView): HTMLElement {
  const facts: (string | Node)[] = [];
  if (v.section) facts.push(`section ${v.section}`);
  if (v.years) facts.push(`CN years: ${v.years.join(", ")}`);
  if (v.supplementaryUnit) facts.push(`supplementary unit: ${v.supplementaryUnit}`);
  return h(
    "div",
    { className: "card", id: "hs-entry" },
    h("h2", {}, h("code", {}, v.code), " ", v.description),
    h("p", {}, badge(v.edition), " ", badge(v.level), " ", h("span", { className: "muted" }, facts.join(" · "))),
    v.leaf !== undefined ? h("p", { className: "muted" }, `Leaf text (as in the CN): ${v.leaf}`) : null,
  );
}

function table(rows: Entry[], ed?: string, id?: string): HTMLTableElement {
  return h(
    "table",
    { id },
    h("thead", {}, h("tr", {}, h("th", {}, "code"), h("th", {}, "level"), h("th", {}, "description"))),
    h(
      "tbody",
      {},
      rows.map((e) =>
        h(
          "tr",
          {},
          h("td", {}, codeLink(e.code, ed ?? e.edition)),
          h("td", {}, e.level),
          h("td", {}, e.leaf ?? e.description),
        ),
      ),
    ),
  );
}

function renderCode(v: CodeView): void {
  const parts: (Node | null)[] = [entryCard(v)];
  if (v.parents.length > 0)
    parts.push(
      h("h2", {}, "Parents"),
      h(
        "p",
        { id: "hs-parents" },
        v.parents.flatMap((p, i) => [
          i > 0 ? " › " : "",
          codeLink(p.code, p.edition),
          " ",
          h("span", { className: "muted" }, p.description),
        ]),
      ),
    );
  if (v.children.length > 0) {
    const ed = v.children[0]?.edition;
    parts.push(
      h("h2", {}, `Children (${v.children.length}${ed && ed !== v.edition ? `, ${ed}` : ""})`),
      table(v.children, undefined, "hs-children"),
    );
  }
  if (v.correlation) {
    parts.push(
      h("h2", {}, `${v.correlation.to} correlation`),
      h(
        "p",
        { className: "muted" },
        `UNSD correlation table; relationship ${v.edition}:${v.correlation.to}. An n:n link is a possible match for a human to confirm, not an automatic equivalence.`,
      ),
      v.correlation.links.length === 0
        ? h("p", {}, "No row for this code in the UNSD correlation table.")
        : h(
            "table",
            { id: "hs-correlation" },
            h("thead", {}, h("tr", {}, h("th", {}, "code"), h("th", {}, "relationship"), h("th", {}, "description"))),
            h(
              "tbody",
              {},
              v.correlation.links.map((l) =>
                h(
                  "tr",
                  {},
                  h("td", {}, codeLink(l.code, v.correlation?.to)),
                  h("td", {}, l.relationship),
                  h("td", {}, l.description ?? ""),
                ),
              ),
            ),
          ),
    );
  }
  parts.push(h("p", { className: "muted" }, `Data: ${v.dataVersion}. Descriptions are not legal classifications.`));
  render(out, ...parts);
}

function renderSearch(s: SearchView): void {
  if (s.results.length === 0) {
    render(out, h("p", {}, `No description matches “${s.query}”.`));
    return;
  }
  render(
    out,
    h("p", { className: "muted" }, `${s.results.length} best matches for “${s.query}” (${s.dataVersion})`),
    h(
      "table",
      { id: "hs-results" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "code"),
          h("th", {}, "edition"),
          h("th", {}, "level"),
          h("th", { className: "num" }, "score"),
          h("th", {}, "description"),
        ),
      ),
      h(
        "tbody",
        {},
        s.results.map((r) =>
          h(
            "tr",
            {},
            h("td", {}, codeLink(r.code, r.edition)),
            h("td", {}, r.edition),
            h("td", {}, r.level),
            h("td", { className: "num" }, r.score.toFixed(2)),
            h("td", {}, r.description),
          ),
        ),
      ),
    ),
  );
}

async function show(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const q = (params.get("q") ?? "").trim();
  const ed = params.get("edition") ?? "";
  input.value = q;
  edition.value = EDITIONS.includes(ed) ? ed : "";
  if (q === "") {
    render(out, h("p", { className: "muted" }, "Type a code at any level or a few words of a description."));
    return;
  }
  render(out, h("p", { className: "muted" }, "Looking up…"));
  const edq = edition.value ? `edition=${edition.value}` : "";
  try {
    if (looksLikeCode(q)) renderCode(await api<CodeView>(`/v1/hs/${encodeURIComponent(q)}${edq ? `?${edq}` : ""}`));
    else renderSearch(await api<SearchView>(`/v1/hs?q=${encodeURIComponent(q)}&limit=50${edq ? `&${edq}` : ""}`));
  } catch (e) {
    render(out, h("div", { className: "error", id: "hs-error" }, errorText(e)));
  }
}

const form = h(
  "form",
  { className: "row", id: "hs-form" },
  h("div", {}, h("label", { for: "hs-q" }, "Code or words"), input),
  h("div", {}, h("label", { for: "hs-edition" }, "Edition"), edition),
  h("button", { type: "submit" }, "Look up"),
);
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  go(input.value.trim());
});
window.addEventListener("popstate", () => void show());

render(
  root,
  h("h1", {}, "HS / CN codes"),
  h(
    "p",
    { className: "muted" },
    "HS 2022 and 2017 (sections to 6-digit subheadings), EU Combined Nomenclature 2023–2026 (8-digit codes) and the UNSD HS2022↔HS2017 correlation. Finding a code here is not a legal classification of your goods.",
  ),
  form,
  out,
);
void show();
