// Shipment check: enter a shipment (parties, destination, lines), read the explained verdict per G7 member and
// overall, with the measures, citations, dates, flags and the coverage of the data behind it.
import { api, errorText } from "../lib/api.ts";
import { appRoot, h, render, badge as wordBadge } from "../lib/dom.ts";

/** Verdict badges read "NOT RESTRICTED", coloured by the same CSS class as "NOT_RESTRICTED". */
const badge = (word: string): HTMLSpanElement => {
  const b = wordBadge(word.replace(/_/g, " "));
  b.style.whiteSpace = "nowrap";
  return b;
};

interface Citation {
  instrument: string;
  article?: string;
  annex?: string;
  url: string;
}
interface ChildCode {
  code: string;
  description: string;
}
interface Reason {
  measureId: string;
  kind: string;
  effect: string;
  citation: string;
  summary: string;
  citations?: Citation[];
  effective?: { from: string; until?: string };
  review?: string;
  need?: string;
  children?: { edition: string; covered: ChildCode[]; notCovered: ChildCode[]; note?: string };
}
interface ItemResult {
  line: number;
  code: string;
  description?: string;
  verdict: string;
  review?: string;
  reasons: Reason[];
}
interface JurisdictionResult {
  jurisdiction: string;
  name: string;
  type: "member" | "scenario";
  applies: boolean;
  why: string[];
  verdict: string;
  review?: string;
  headline: string;
  coverage: {
    status: string;
    consulted: string[];
    partial: { measureId: string; note: string }[];
    notChecked: string[];
    regimes: { id: string; title: string; status: string; citation: string; note: string }[];
  };
  reasons: Reason[];
  items: ItemResult[];
  dataVersion: string;
}
interface CheckResult {
  headline: string;
  review?: string;
  asOf: string;
  shipmentDate: string;
  dataVersion: string;
  overall: string;
  scenario?: string;
  jurisdictions: JurisdictionResult[];
  flags: { code: string; message: string; jurisdiction?: string; lines?: number[]; citations?: Citation[] }[];
  parties: {
    screened: boolean;
    version?: string;
    note?: string;
    results: {
      role: string;
      name: string;
      verdict: string;
      hits: {
        list: string;
        name: string;
        programmes: string[];
        listedOn?: string;
        strength: string;
        explanation: string;
      }[];
    }[];
  };
  notes: string[];
}

const root = appRoot();
const field = (id: string, label: string, attrs: Record<string, unknown> = {}) => {
  const input = h("input", { id, name: id, ...attrs });
  return { input, el: h("div", {}, h("label", { for: id }, label), input) };
};

const date = field("date", "Shipment date", { type: "date", required: true, value: "2025-06-01" });
const contractDate = field("contractDate", "Contract date (optional)", { type: "date" });
const asOf = field("asOf", "Read measures as of (optional)", { type: "date" });
const scenario = h("select", { id: "scenario" }, h("option", { value: "" }, "none"));
const direction = h(
  "select",
  { id: "direction" },
  h("option", { value: "" }, "infer"),
  h("option", { value: "export" }, "export"),
  h("option", { value: "import" }, "import"),
);
const party = (role: string, label: string, name: string, country: string) => ({
  name: field(`${role}-name`, `${label} name${role === "endUser" ? " (optional)" : ""}`, { value: name, size: 22 }),
  country: field(`${role}-country`, "Country", { value: country, size: 3, maxlength: 2, placeholder: "ISO" }),
});
const exporter = party("exporter", "Exporter", "Acme Maschinenbau GmbH", "DE");
const consignee = party("consignee", "Consignee", "TOO Example Trading", "KZ");
const endUser = party("endUser", "End user", "", "");
const destination = field("destination", "Destination", { value: "KZ", size: 3, maxlength: 2, required: true });
const origin = field("origin", "Dispatched from (optional)", { size: 3, maxlength: 2 });
const declarations = field("declarations", "Declared exemption conditions (e.g. humanitarian, medical)", { size: 40 });

const ITEM_FIELDS = [
  ["code", "HS/CN code", 12],
  ["description", "Description", 24],
  ["value", "Value", 8],
  ["currency", "Cur.", 4],
  ["quantity", "Qty", 5],
  ["originCountry", "Origin", 3],
  ["miningCountry", "Mined in", 3],
  ["exportedFrom", "Exported from", 3],
  ["carats", "Carats/stone", 6],
] as const;
const itemsBody = h("tbody", { id: "items" });

function addItem(values: Partial<Record<(typeof ITEM_FIELDS)[number][0], string>> = {}): void {
  const n = itemsBody.children.length + 1;
  const row = h(
    "tr",
    {},
    h("td", { className: "num" }, String(n)),
    ...ITEM_FIELDS.map(([k, label, size]) =>
      h("td", {}, h("input", { name: `item-${k}`, "aria-label": `${label} line ${n}`, size, value: values[k] ?? "" })),
    ),
    h(
      "td",
      {},
      h(
        "button",
        {
          type: "button",
          className: "secondary",
          title: "Remove line",
          onclick: () => {
            row.remove();
          },
        },
        "×",
      ),
    ),
  );
  itemsBody.append(row);
}

const out = h("div", { id: "check-result" });
const form = h(
  "form",
  { id: "check-form" },
  h(
    "div",
    { className: "row" },
    date.el,
    contractDate.el,
    asOf.el,
    h("div", {}, h("label", { for: "scenario" }, "Scenario"), scenario),
    h("div", {}, h("label", { for: "direction" }, "Direction"), direction),
  ),
  h("div", { className: "row" }, exporter.name.el, exporter.country.el, consignee.name.el, consignee.country.el),
  h("div", { className: "row" }, endUser.name.el, endUser.country.el, destination.el, origin.el, declarations.el),
  h("h2", {}, "Lines"),
  h(
    "table",
    {},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { className: "num" }, "#"),
        ...ITEM_FIELDS.map(([, label]) => h("th", {}, label)),
        h("th", {}),
      ),
    ),
    itemsBody,
  ),
  h(
    "div",
    { className: "row" },
    h("button", { type: "button", className: "secondary", onclick: () => addItem() }, "Add line"),
    h("button", { type: "submit", id: "check-submit" }, "Check shipment"),
  ),
);

function opt(v: string): string | undefined {
  const t = v.trim();
  return t === "" ? undefined : t;
}
function num(v: string): number | string | undefined {
  const t = v.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function shipmentFromForm(): Record<string, unknown> {
  const items = [...itemsBody.querySelectorAll("tr")]
    .map((tr) => {
      const get = (k: string) => (tr.querySelector(`input[name="item-${k}"]`) as HTMLInputElement | null)?.value ?? "";
      return {
        code: get("code").trim(),
        description: opt(get("description")),
        value: num(get("value")),
        currency: opt(get("currency")),
        quantity: num(get("quantity")),
        originCountry: opt(get("originCountry")),
        miningCountry: opt(get("miningCountry")),
        exportedFrom: opt(get("exportedFrom")),
        carats: num(get("carats")),
      };
    })
    .filter((i) => i.code !== "" || i.description !== undefined);
  const endUserName = opt(endUser.name.input.value);
  const endUserCountry = opt(endUser.country.input.value);
  const decl = opt(declarations.input.value);
  return {
    date: date.input.value,
    contractDate: opt(contractDate.input.value),
    direction: opt(direction.value),
    exporter: { name: exporter.name.input.value, country: exporter.country.input.value },
    consignee: { name: consignee.name.input.value, country: consignee.country.input.value },
    endUser: endUserName || endUserCountry ? { name: endUserName ?? "", country: endUserCountry ?? "" } : undefined,
    destination: destination.input.value,
    origin: opt(origin.input.value),
    declarations: decl ? decl.split(/[,;]\s*/).filter(Boolean) : undefined,
    items,
  };
}

function citationLinks(cs: Citation[] | undefined): (Node | string)[] {
  return (cs ?? [])
    .slice(0, 2)
    .flatMap((c, i) => [
      i > 0 ? " · " : "",
      h(
        "a",
        { href: c.url, target: "_blank", rel: "noopener" },
        [c.instrument, c.article ? `Art. ${c.article}` : "", c.annex ? `Annex ${c.annex}` : ""]
          .filter(Boolean)
          .join(", "),
      ),
    ]);
}

/** A verdict badge, with the kind of REVIEW when there is one. */
function verdictBadge(v: string, review?: string): (Node | string)[] {
  return review
    ? [badge(v), h("span", { className: "muted review-kind" }, ` ${review.replace("_", " ")}`)]
    : [badge(v)];
}

/** Re-checks the shipment with another code on one line (the form's line `line`, 1-based). */
function recheckWith(line: number, code: string): void {
  const input = itemsBody.querySelectorAll("tr")[line - 1]?.querySelector<HTMLInputElement>('input[name="item-code"]');
  if (!input) return;
  input.value = code;
  form.requestSubmit();
}

/** The CN 8-digit codes under a broader code, listed and not: each a button that re-checks with it. */
function childrenPicker(r: Reason, line: number | undefined): HTMLElement | null {
  const ch = r.children;
  if (!ch || ch.notCovered.length === 0) return null;
  const row = (k: ChildCode, listed: boolean) =>
    h(
      "li",
      {},
      line === undefined
        ? h("code", {}, k.code)
        : h(
            "button",
            {
              type: "button",
              className: "secondary child-code",
              "data-code": k.code,
              title: "Re-check with this code",
              onclick: () => recheckWith(line, k.code),
            },
            k.code,
          ),
      ` ${listed ? "listed" : "not listed"} — ${k.description}`,
    );
  return h(
    "div",
    { className: "children" },
    h(
      "div",
      { className: "muted" },
      `CN 8-digit codes under it (${ch.edition}${ch.note ? `; ${ch.note}` : ""}): pick one`,
    ),
    h("ul", {}, ...ch.covered.map((k) => row(k, true)), ...ch.notCovered.map((k) => row(k, false))),
  );
}

function reasonItem(r: Reason, line?: number): HTMLLIElement {
  return h(
    "li",
    {},
    ...verdictBadge(r.effect, r.review),
    " ",
    r.summary,
    childrenPicker(r, line),
    r.citations && r.citations.length > 0
      ? h("div", { className: "muted" }, h("code", {}, r.measureId), " — ", ...citationLinks(r.citations))
      : null,
  );
}

function jurisdictionCard(j: JurisdictionResult): HTMLElement {
  return h(
    "div",
    { className: "card", "data-jurisdiction": j.jurisdiction },
    h(
      "h2",
      {},
      j.type === "scenario"
        ? /^scenario\b/i.test(j.name)
          ? j.name
          : `Scenario: ${j.name}`
        : `${j.jurisdiction} — ${j.name}`,
      " ",
      ...verdictBadge(j.verdict, j.review),
      " ",
      h(
        "span",
        { className: `badge badge-${j.coverage.status}`, title: "coverage of the data consulted" },
        `coverage ${j.coverage.status}`,
      ),
    ),
    h("p", { className: "headline" }, h("strong", {}, j.headline)),
    h(
      "p",
      { className: "muted" },
      `Applies: ${j.why.join("; ")}. Data: ${j.dataVersion}. ${j.coverage.consulted.length} measure(s) consulted.`,
    ),
    j.reasons.length > 0 ? h("ul", {}, ...j.reasons.map((r) => reasonItem(r))) : null,
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { className: "num" }, "Line"),
          h("th", {}, "Code"),
          h("th", {}, "Verdict"),
          h("th", {}, "Why"),
        ),
      ),
      h(
        "tbody",
        {},
        ...j.items.map((it) =>
          h(
            "tr",
            {},
            h("td", { className: "num" }, String(it.line)),
            h(
              "td",
              {},
              h("code", {}, it.code),
              it.description ? h("div", { className: "muted" }, it.description) : null,
            ),
            h("td", {}, ...verdictBadge(it.verdict, it.review)),
            h("td", {}, h("ul", {}, ...it.reasons.map((r) => reasonItem(r, it.line)))),
          ),
        ),
      ),
    ),
    j.coverage.partial.length > 0 || j.coverage.notChecked.length > 0 || j.coverage.regimes.length > 0
      ? h(
          "details",
          {},
          h(
            "summary",
            {},
            `Not fully covered (${j.coverage.partial.length + j.coverage.notChecked.length + j.coverage.regimes.length})`,
          ),
          h(
            "ul",
            { className: "muted" },
            ...j.coverage.regimes.map((g) =>
              h("li", {}, h("strong", {}, g.title), ` ${g.status.replace("_", " ")} (${g.citation}): ${g.note}`),
            ),
            ...j.coverage.partial.map((p) => h("li", {}, h("code", {}, p.measureId), ` partly encoded: ${p.note}`)),
            ...j.coverage.notChecked.map((n) => h("li", {}, `not checked: ${n}`)),
          ),
        )
      : null,
  );
}

function show(r: CheckResult): void {
  const applying = r.jurisdictions.filter((j) => j.applies);
  const notApplying = r.jurisdictions.filter((j) => !j.applies);
  render(
    out,
    h(
      "div",
      { className: "card", id: "verdict-overall", "data-verdict": r.overall },
      h("p", { id: "headline", className: "headline" }, h("strong", {}, r.headline)),
      h("h2", {}, "Overall: ", ...verdictBadge(r.overall, r.review)),
      h(
        "p",
        { className: "muted" },
        `Shipment of ${r.shipmentDate}; measures as of ${r.asOf}; regime data ${r.dataVersion}${r.scenario ? `; scenario ${r.scenario} shown below (it does not change the overall verdict)` : ""}.`,
      ),
      r.flags.length > 0
        ? h(
            "ul",
            { id: "flags" },
            ...r.flags.map((f) =>
              h(
                "li",
                {},
                h("strong", {}, f.code),
                f.jurisdiction ? ` (${f.jurisdiction})` : "",
                f.lines ? ` — line ${f.lines.join(", ")}` : "",
                `: ${f.message} `,
                ...citationLinks(f.citations),
              ),
            ),
          )
        : null,
      ...r.parties.results
        .filter((p) => p.hits.length > 0)
        .map((p) =>
          h(
            "div",
            { className: "party" },
            h("strong", {}, `${p.role.replace("_", " ")} "${p.name}" `),
            badge(p.verdict),
            h(
              "ul",
              {},
              ...p.hits.map((x) =>
                h(
                  "li",
                  {},
                  `${x.strength === "match" ? "matches" : "possibly matches"} ${x.name} on ${x.list}${x.programmes.length > 0 ? ` (${x.programmes.join(", ")})` : ""}${x.listedOn ? `, listed ${x.listedOn}` : ""} — `,
                  h("span", { className: "muted" }, x.explanation),
                ),
              ),
            ),
          ),
        ),
      r.parties.screened
        ? h("p", { className: "muted" }, `Parties screened against lists ${r.parties.version ?? ""}.`)
        : null,
      ...r.notes.map((n) => h("p", { className: "muted" }, n)),
    ),
    ...applying.map(jurisdictionCard),
    notApplying.length > 0
      ? h(
          "div",
          { className: "card" },
          h("h2", {}, "Not applicable"),
          h(
            "ul",
            {},
            ...notApplying.map((j) => h("li", {}, badge("NOT_APPLICABLE"), ` ${j.jurisdiction}: ${j.why.join("; ")}`)),
          ),
        )
      : null,
  );
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  render(out, h("p", { className: "muted" }, "Checking…"));
  const body: Record<string, unknown> = { shipment: shipmentFromForm() };
  if (asOf.input.value) body.asOf = asOf.input.value;
  if (scenario.value) body.scenario = scenario.value;
  api<CheckResult>("/v1/check", body).then(show, (e: unknown) =>
    render(out, h("div", { className: "error", id: "check-error" }, errorText(e))),
  );
});

addItem({
  code: "8542.31",
  description: "processors and controllers",
  value: "12000",
  currency: "EUR",
  quantity: "100",
});
render(
  root,
  h("h1", {}, "Check a shipment"),
  h(
    "p",
    { className: "muted" },
    "Per G7 member: whether its rules apply, and a verdict per line and overall — PROHIBITED, LICENCE REQUIRED, REVIEW or NOT RESTRICTED — with the measures, citations, dates and the coverage of the data. A verdict read from partly encoded lists is never a clean pass. Not legal advice.",
  ),
  form,
  out,
);
api<{ scenarios: string[] }>("/v1/regimes").then(
  (r) => {
    for (const s of r.scenarios) scenario.append(h("option", { value: s }, s));
  },
  () => {
    // The scenario list is optional: the form works without it.
  },
);
