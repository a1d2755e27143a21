// Shipment check: enter a shipment (parties, destination, lines), read the explained verdict per G7 member and
// overall, with the measures, citations, dates, flags and the coverage of the data behind it.
// The page's own helpers: validation as you type, traffic-light grid, exports and permalink.

import type { CheckRequest, CheckResult as CoreCheckResult, VerdictReason } from "@embargo/core/verdicts";
import { ISO2_CODES } from "../../../core/src/screening/lists/country-names.generated.ts";
import { ApiFailure, api, errorText } from "../lib/api.ts";
import { appRoot, h, render, badge as wordBadge } from "../lib/dom.ts";

/** Verdict badges read "NOT RESTRICTED", coloured by the same CSS class as "NOT_RESTRICTED". */
const badge = (word: string): HTMLSpanElement => {
  const b = wordBadge(word.replace(/_/g, " "));
  b.style.whiteSpace = "nowrap";
  return b;
};

// The verdict's shapes are core's (types only: nothing of core's runtime enters the page's bundle).
type Citation = NonNullable<VerdictReason["citations"]>[number];
type Reason = VerdictReason;
type ChildCode = NonNullable<Reason["children"]>["covered"][number];
type JurisdictionResult = CoreCheckResult["jurisdictions"][number];
/** The answer of `POST /v1/check`: the verdict, and `audit` when the server recorded it in its audit trail. */
type CheckResult = CoreCheckResult & { audit?: { id: string; seq: number; href: string } };

const root = appRoot();

// ---- Validation as you type: codes against the nomenclature API, countries against ISO 3166-1 ----

type HintState = "ok" | "bad" | "";
interface HintResult {
  state: HintState;
  text: string;
  extra?: Node | null;
}
/** Every watched input and how to validate it now (resolves to false when it is flagged). */
const validators = new Map<HTMLInputElement, () => Promise<boolean>>();

function setHint(input: HTMLInputElement, hint: HTMLElement, r: HintResult): void {
  hint.className = `hint${r.state ? ` hint-${r.state}` : ""}`;
  hint.dataset.state = r.state;
  render(hint, r.text, r.extra ?? null);
  if (r.state === "bad") input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
}

/** Validates `input` 250 ms after each keystroke (and on demand before submit); the hint says what it found. */
function watch(input: HTMLInputElement, hint: HTMLElement, check: (v: string) => Promise<HintResult>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const run = async () => {
    clearTimeout(timer);
    const mine = ++seq;
    const r = await check(input.value);
    if (mine === seq) setHint(input, hint, r);
    return r.state !== "bad";
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  validators.set(input, run);
  return () => void run();
}

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  } catch {
    return undefined;
  }
})();

/** A country field's hint: the country's name, or why the server would refuse it. */
async function checkCountry(v: string): Promise<HintResult> {
  const t = v.trim().toUpperCase();
  if (t === "") return { state: "", text: "" };
  const code = t === "UK" ? "GB" : t;
  if (!/^[A-Z]{2}$/.test(code)) return { state: "bad", text: "two letters, ISO 3166-1 (e.g. RU, DE, CN)" };
  if (!ISO2_CODES.has(code)) return { state: "bad", text: `${t} is not an ISO 3166-1 country code` };
  return { state: "ok", text: regionNames?.of(code) ?? code };
}

interface CodeView {
  code: string;
  edition: string;
  level: string;
  description: string;
  children?: { code: string; level: string; description: string }[];
}
const codeLookups = new Map<string, Promise<CodeView | ApiFailure | null>>();
/** `/v1/hs/{code}`, remembered; null when the nomenclature cannot answer (the server decides then). */
function lookupCode(code: string): Promise<CodeView | ApiFailure | null> {
  let p = codeLookups.get(code);
  if (!p) {
    p = api<CodeView>(`/v1/hs/${encodeURIComponent(code)}`).catch((e: unknown) =>
      e instanceof ApiFailure && e.error.code === "HS_CODE_NOT_FOUND" ? e : null,
    );
    codeLookups.set(code, p);
  }
  return p;
}

const short = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A code field's hint: the code's description, children to pick when it is broad, or that it exists nowhere. */
function codeChecker(input: HTMLInputElement) {
  return async (v: string): Promise<HintResult> => {
    const code = v.replace(/[\s.]/g, "");
    if (code === "") return { state: "", text: "" };
    if (!/^\d{2,10}$/.test(code)) return { state: "bad", text: "digits only: an HS/CN code of 2 to 10 digits" };
    const r = await lookupCode(code);
    if (r === null) return { state: "", text: "" };
    if (r instanceof ApiFailure) return { state: "bad", text: `unknown code: ${r.error.message}` };
    const kids = r.level === "cn8" ? [] : (r.children ?? []);
    return {
      state: "ok",
      text: `${r.edition} ${r.level}: ${short(r.description)}`,
      extra:
        kids.length > 0
          ? h(
              "div",
              { className: "pick" },
              h("span", { className: "muted" }, "Broad code: pick a narrower one "),
              ...kids.slice(0, 12).map((k) =>
                h(
                  "button",
                  {
                    type: "button",
                    className: "secondary small pick-code",
                    "data-code": k.code,
                    title: short(k.description, 200),
                    onclick: () => {
                      input.value = k.code;
                      input.dispatchEvent(new Event("input"));
                      void validators.get(input)?.();
                      input.focus();
                    },
                  },
                  k.code,
                ),
              ),
              kids.length > 12 ? h("span", { className: "muted" }, ` and ${kids.length - 12} more`) : null,
            )
          : null,
    };
  };
}

const field = (id: string, label: string, attrs: Record<string, unknown> = {}) => {
  const input = h("input", { id, name: id, "aria-describedby": `${id}-hint`, ...attrs });
  const hint = h("div", { id: `${id}-hint`, className: "hint", "aria-live": "polite" });
  return { input, hint, el: h("div", {}, h("label", { for: id }, label), input, hint) };
};
const countryField = (id: string, label: string, attrs: Record<string, unknown> = {}) => {
  const f = field(id, label, { size: 3, maxlength: 2, placeholder: "ISO", autocomplete: "off", ...attrs });
  watch(f.input, f.hint, checkCountry)();
  return f;
};

/** Today in the browser's own time zone (the shipment date people mean), as YYYY-MM-DD. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
const date = field("date", "Shipment date", { type: "date", required: true, value: today() });
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
  country: countryField(`${role}-country`, `${label} country`, { value: country }),
});
const exporter = party("exporter", "Exporter", "Acme Maschinenbau GmbH", "DE");
const consignee = party("consignee", "Consignee", "TOO Example Trading", "KZ");
const endUser = party("endUser", "End user", "", "");
const destination = countryField("destination", "Destination", { value: "KZ", required: true });
const origin = countryField("origin", "Dispatched from (optional)");
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
const COUNTRY_ITEM_FIELDS = new Set(["originCountry", "miningCountry", "exportedFrom"]);
const itemsBody = h("tbody", { id: "items" });
let rowSeq = 0;

function addItem(values: Partial<Record<(typeof ITEM_FIELDS)[number][0], string>> = {}): void {
  const n = itemsBody.children.length + 1;
  const rowId = ++rowSeq;
  const row = h(
    "tr",
    {},
    h("td", { className: "num" }, String(n)),
    ...ITEM_FIELDS.map(([k, label, size]) => {
      const input = h("input", { name: `item-${k}`, "aria-label": `${label} line ${n}`, size, value: values[k] ?? "" });
      const checker = k === "code" ? codeChecker(input) : COUNTRY_ITEM_FIELDS.has(k) ? checkCountry : undefined;
      if (!checker) return h("td", {}, input);
      const hint = h("div", { className: "hint", id: `item-${k}-${rowId}-hint`, "aria-live": "polite" });
      input.setAttribute("aria-describedby", hint.id);
      const td = h("td", {}, input, hint);
      watch(input, hint, checker)();
      return td;
    }),
    h(
      "td",
      {},
      h(
        "button",
        {
          type: "button",
          className: "secondary",
          title: "Remove line",
          "aria-label": `Remove line ${n}`,
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
        h("th", {}, h("span", { className: "sr-only" }, "Remove")),
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

/** Traffic lights: one row per line, one column per member whose rules apply, each cell the line's verdict. */
function verdictGrid(r: CheckResult): HTMLElement | null {
  const members = r.jurisdictions.filter((j) => j.applies);
  if (members.length === 0) return null;
  const lines = members[0]?.items ?? [];
  const cell = (j: JurisdictionResult, line: number) => {
    const it = j.items.find((x) => x.line === line);
    if (!it) return h("td", {}, "–");
    const word = it.verdict.replace(/_/g, " ");
    return h(
      "td",
      {
        className: `light light-${it.verdict.toLowerCase().replace(/_/g, "-")}`,
        "data-member": j.jurisdiction,
        "data-line": String(line),
        "data-verdict": it.verdict,
        title: it.reasons.map((x) => x.summary).join("\n") || word,
      },
      h("span", { className: "dot", "aria-hidden": "true" }),
      word,
      it.review ? h("span", { className: "review-kind" }, ` (${it.review.replace(/_/g, " ")})`) : null,
    );
  };
  return h(
    "table",
    { id: "verdict-grid", className: "grid" },
    h("caption", {}, "Verdict per line (rows) and G7 member whose rules apply (columns)"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Line"),
        ...members.map((j) =>
          h(
            "th",
            { scope: "col", title: j.name },
            j.type === "scenario" ? `Scenario ${j.jurisdiction}` : j.jurisdiction,
          ),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      ...lines.map((it) =>
        h(
          "tr",
          {},
          h(
            "th",
            { scope: "row" },
            `${it.line}. `,
            h("code", {}, it.code),
            it.description ? h("span", { className: "muted" }, ` ${short(it.description, 48)}`) : null,
          ),
          ...members.map((j) => cell(j, it.line)),
        ),
      ),
    ),
  );
}

/** The request the form would send now. */
function requestFromForm(): CheckRequestBody {
  const body: CheckRequestBody = { shipment: shipmentFromForm() };
  if (asOf.input.value) body.asOf = asOf.input.value;
  if (scenario.value) body.scenario = scenario.value;
  return body;
}

/** Downloads the server's report of `body` in `format` (the same check, with time and digest). */
async function download(body: CheckRequestBody, format: "pdf" | "csv" | "json", status: HTMLElement): Promise<void> {
  render(status, `Preparing ${format.toUpperCase()}…`);
  try {
    const res = await fetch(`/v1/check/report?format=${format}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      const data = (await res.json()) as { error?: { message?: string; code?: string } };
      throw new Error(`${data.error?.message ?? `HTTP ${res.status}`} [${data.error?.code ?? "HTTP_ERROR"}]`);
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `check.${format}`;
    const url = URL.createObjectURL(await res.blob());
    const a = h("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    render(status, `Downloaded ${name}`);
  } catch (e) {
    render(status, h("span", { className: "error-text" }, `Export failed: ${errorText(e)}`));
  }
}

/** A link that reproduces this check: the request and the data versions it was decided on. */
function permalink(body: CheckRequestBody, r: CheckResult): string {
  const q = new URLSearchParams({ check: JSON.stringify(body), data: r.data.regimes });
  if (r.data.screening) q.set("lists", r.data.screening);
  return `${location.origin}${location.pathname}?${q}`;
}

/** When the page was opened from a permalink: the versions it names, to compare with the re-run's. */
let pinned: { data: string; lists?: string } | undefined;

function actions(body: CheckRequestBody, r: CheckResult): HTMLElement {
  const status = h("span", { id: "export-status", className: "muted", role: "status" });
  const link = permalink(body, r);
  const btn = (format: "pdf" | "csv" | "json", label: string) =>
    h(
      "button",
      {
        type: "button",
        className: "secondary",
        id: `export-${format}`,
        onclick: () => void download(body, format, status),
      },
      label,
    );
  return h(
    "div",
    { className: "row actions no-print" },
    btn("pdf", "Export PDF report"),
    btn("csv", "Export CSV"),
    btn("json", "Export JSON"),
    h("button", { type: "button", className: "secondary", id: "print", onclick: () => window.print() }, "Print"),
    h("a", { id: "permalink", href: link }, "Permalink to this check"),
    r.audit ? h("a", { id: "audit-link", href: r.audit.href }, `Audit record ${r.audit.id.slice(0, 12)}…`) : null,
    status,
  );
}

/** Printed only: the shipment the verdict is about and the link that reproduces it (the form is not printed). */
function printSummary(body: CheckRequestBody, r: CheckResult): HTMLElement {
  const s = body.shipment as {
    exporter: { name: string; country: string };
    consignee: { name: string; country: string };
    endUser?: { name: string; country: string };
    destination: string;
    items: { code: string; description?: string }[];
  };
  const who = (p?: { name: string; country: string }) => (p ? `${p.name} (${p.country})` : "–");
  return h(
    "div",
    { className: "print-only", id: "print-summary" },
    h(
      "p",
      {},
      `Shipment of ${r.shipmentDate}: ${who(s.exporter)} to ${who(s.consignee)}, end user ${who(s.endUser)}, destination ${s.destination}. Lines: `,
      s.items.map((it, i) => `${i + 1}. ${it.code}${it.description ? ` ${it.description}` : ""}`).join("; "),
      ".",
    ),
    h(
      "p",
      { className: "muted" },
      `Checked ${new Date().toISOString()}. Reproduce: ${permalink(body, r)}`,
      r.audit ? `. Audit record: ${r.audit.id} (${location.origin}${r.audit.href})` : "",
    ),
  );
}

function versionWarning(r: CheckResult): HTMLElement | null {
  if (!pinned) return null;
  const diffs: string[] = [];
  if (pinned.data !== r.data.regimes) diffs.push(`regime data was ${pinned.data}, is now ${r.data.regimes}`);
  if (pinned.lists !== undefined && pinned.lists !== (r.data.screening ?? ""))
    diffs.push(`sanctions lists were ${pinned.lists}, are now ${r.data.screening ?? "not loaded"}`);
  return h(
    "div",
    { id: "permalink-note", className: diffs.length > 0 ? "warning" : "muted", role: "status" },
    diffs.length > 0
      ? `Re-run of a permalinked check on newer data: ${diffs.join("; ")}. The verdict below may differ from the one linked.`
      : "Re-run of a permalinked check on the same data versions it was made with.",
  );
}

function show(r: CheckResult, body: CheckRequestBody): void {
  const applying = r.jurisdictions.filter((j) => j.applies);
  const notApplying = r.jurisdictions.filter((j) => !j.applies);
  render(
    out,
    versionWarning(r),
    h(
      "div",
      { className: "card", id: "verdict-overall", "data-verdict": r.overall },
      h("p", { id: "headline", className: "headline" }, h("strong", {}, r.headline)),
      actions(body, r),
      printSummary(body, r),
      verdictGrid(r),
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

/** A check request as the form builds it: the shipment as typed (core parses it), `asOf` and `scenario`. */
type CheckRequestBody = Pick<CheckRequest, "asOf" | "scenario"> & { shipment: Record<string, unknown> };

/** Validates every watched field now; the flagged ones are listed (and the first focused) instead of submitting. */
async function flaggedFields(): Promise<HTMLInputElement[]> {
  const entries = [...validators].filter(([input]) => input.isConnected);
  const ok = await Promise.all(entries.map(([, run]) => run()));
  return entries.filter((_, i) => !ok[i]).map(([input]) => input);
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  void (async () => {
    render(out, h("p", { className: "muted" }, "Checking…"));
    const bad = await flaggedFields();
    if (bad.length > 0) {
      render(
        out,
        h(
          "div",
          { className: "error", id: "check-invalid", role: "alert" },
          "Fix before checking:",
          h(
            "ul",
            {},
            ...bad.map((i) =>
              h(
                "li",
                {},
                `${i.labels?.[0]?.textContent ?? i.getAttribute("aria-label") ?? i.name}: ${document.getElementById(i.getAttribute("aria-describedby") ?? "")?.textContent ?? "invalid"}`,
              ),
            ),
          ),
        ),
      );
      bad[0]?.focus();
      return;
    }
    const body = requestFromForm();
    api<CheckResult>("/v1/check", body).then(
      (r) => show(r, body),
      (e: unknown) => render(out, h("div", { className: "error", id: "check-error" }, errorText(e))),
    );
  })();
});

/** Fills the form from a request (a permalink's). */
function fillForm(body: CheckRequestBody): void {
  const s = body.shipment as {
    date?: string;
    contractDate?: string;
    direction?: string;
    exporter?: { name?: string; country?: string };
    consignee?: { name?: string; country?: string };
    endUser?: { name?: string; country?: string };
    destination?: string;
    origin?: string;
    declarations?: string[];
    items?: Record<string, unknown>[];
  };
  const set = (i: HTMLInputElement | HTMLSelectElement, v: unknown) => {
    i.value = v === undefined || v === null ? "" : String(v);
    if (i instanceof HTMLInputElement) void validators.get(i)?.();
  };
  set(date.input, s.date);
  set(contractDate.input, s.contractDate);
  set(asOf.input, body.asOf);
  set(direction, s.direction);
  for (const [p, v] of [
    [exporter, s.exporter],
    [consignee, s.consignee],
    [endUser, s.endUser],
  ] as const) {
    set(p.name.input, v?.name);
    set(p.country.input, v?.country);
  }
  set(destination.input, s.destination);
  set(origin.input, s.origin);
  set(declarations.input, s.declarations?.join(", "));
  itemsBody.replaceChildren();
  for (const it of s.items ?? [])
    addItem(
      Object.fromEntries(
        ITEM_FIELDS.map(([k]) => [k, it[k] === undefined || it[k] === null ? "" : String(it[k])]),
      ) as Partial<Record<(typeof ITEM_FIELDS)[number][0], string>>,
    );
}

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
/** A permalink's request, when the page was opened from one (`?check=<request JSON>&data=…&lists=…`). */
function linkedRequest(): CheckRequestBody | undefined {
  const q = new URLSearchParams(location.search);
  const raw = q.get("check");
  if (!raw) return undefined;
  try {
    const body = JSON.parse(raw) as CheckRequestBody;
    if (typeof body !== "object" || body === null || typeof body.shipment !== "object") return undefined;
    const data = q.get("data");
    if (data) pinned = { data, ...(q.has("lists") ? { lists: q.get("lists") ?? "" } : {}) };
    return body;
  } catch {
    render(out, h("div", { className: "error", id: "check-error" }, "The permalink's check could not be read."));
    return undefined;
  }
}

api<{ scenarios: string[] }>("/v1/regimes")
  .then(
    (r) => {
      for (const s of r.scenarios) scenario.append(h("option", { value: s }, s));
    },
    () => {
      // The scenario list is optional: the form works without it.
    },
  )
  .then(() => {
    const linked = linkedRequest();
    if (!linked) return;
    fillForm(linked);
    if (linked.scenario) scenario.value = linked.scenario;
    form.requestSubmit();
  });
