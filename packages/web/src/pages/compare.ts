// Regime comparison: for some codes or a whole chapter, which members restrict them and since when, the gaps
// between members, and what a scenario would add. State lives in the URL (?codes=…&chapter=…&asOf=…&scenario=…).
import { api, errorText } from "../lib/api.ts";
import { appRoot, h, render } from "../lib/dom.ts";

interface Cell {
  jurisdiction: string;
  status: "prohibited" | "licence" | "review" | "partly" | "none";
  verdict: string;
  since?: string;
  measures: { id: string; kind: string; from: string; prefix?: string; how: string; threshold?: string }[];
  coverage: "complete" | "partial";
}
interface Comparison {
  asOf: string;
  dataVersion: string;
  country: string;
  direction: string;
  members: string[];
  scenario?: string;
  rows: {
    code: string;
    cells: Cell[];
    gap: boolean;
    scenarioAdds: boolean;
    restrictedBy: string[];
    notRestrictedBy: string[];
  }[];
  gaps: unknown[];
  scenarioAdditions: string[];
}

const STATUS_LABEL: Record<Cell["status"], string> = {
  prohibited: "PROHIBITED",
  licence: "LICENCE",
  review: "REVIEW",
  partly: "PARTLY",
  none: "—",
};
const STATUS_CLASS: Record<Cell["status"], string> = {
  prohibited: "badge-prohibited",
  licence: "badge-licence-required",
  review: "badge-review",
  partly: "badge-partial",
  none: "",
};

const root = appRoot();
const params = new URL(location.href).searchParams;
const codes = h("input", {
  id: "cmp-codes",
  size: 40,
  placeholder: "854231, 8471, 7113",
  value: params.get("codes") ?? "",
});
const chapter = h("input", {
  id: "cmp-chapter",
  size: 3,
  maxlength: 2,
  placeholder: "85",
  value: params.get("chapter") ?? "",
});
const asOf = h("input", {
  id: "cmp-asof",
  type: "date",
  value: params.get("asOf") ?? new Date().toISOString().slice(0, 10),
});
const scenario = h("select", { id: "cmp-scenario" }, h("option", { value: "" }, "none"));
const out = h("div", { id: "cmp-result" });

function query(): URLSearchParams {
  const q = new URLSearchParams();
  if (codes.value.trim()) q.set("codes", codes.value.trim());
  else if (chapter.value.trim()) q.set("chapter", chapter.value.trim());
  if (asOf.value) q.set("asOf", asOf.value);
  if (scenario.value) q.set("scenario", scenario.value);
  return q;
}

function cell(c: Cell): HTMLTableCellElement {
  const title = c.measures
    .map((m) => `${m.id} (${m.kind}, from ${m.from}${m.threshold ? `, ${m.threshold}` : ""})`)
    .join("\n");
  const label =
    STATUS_LABEL[c.status] + (c.coverage === "partial" && (c.status === "none" || c.status === "partly") ? " *" : "");
  return h(
    "td",
    {
      title:
        title || (c.coverage === "partial" ? "not listed in the encoded part of this member's lists" : "not listed"),
    },
    c.status === "none"
      ? h("span", { className: "muted" }, label)
      : h("span", { className: `badge ${STATUS_CLASS[c.status]}` }, label),
    c.since ? h("div", { className: "muted" }, `since ${c.since}`) : null,
  );
}

function show(cmp: Comparison): void {
  const js = [...cmp.members, ...(cmp.scenario ? [cmp.scenario] : [])];
  const csv = `/v1/regimes/diff?${query().toString()}&format=csv`;
  render(
    out,
    h(
      "p",
      { className: "muted" },
      `${cmp.direction === "export" ? "Exports to" : "Imports from"} ${cmp.country}, as of ${cmp.asOf}; regime data ${cmp.dataVersion}. ${cmp.gaps.length} gap(s) between members${cmp.scenario ? `; the scenario adds ${cmp.scenarioAdditions.length} code(s)` : ""}. `,
      h("a", { href: csv, id: "cmp-csv" }, "Download CSV"),
    ),
    h(
      "table",
      { id: "cmp-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "Code"),
          ...js.map((j) => h("th", {}, j === cmp.scenario ? `${j} (scenario)` : j)),
          h("th", {}, "Gap"),
        ),
      ),
      h(
        "tbody",
        {},
        ...cmp.rows.map((r) =>
          h(
            "tr",
            {},
            h("td", {}, h("code", {}, r.code)),
            ...r.cells.map(cell),
            h(
              "td",
              {},
              r.gap
                ? `${r.restrictedBy.join(", ")} ${r.restrictedBy.length > 1 ? "restrict" : "restricts"}; ${r.notRestrictedBy.join(", ")} ${r.notRestrictedBy.length > 1 ? "do" : "does"} not list it`
                : "",
              r.scenarioAdds ? h("div", {}, h("span", { className: "badge badge-watch" }, "scenario adds")) : null,
            ),
          ),
        ),
      ),
    ),
    h(
      "p",
      { className: "muted" },
      "PROHIBITED / LICENCE: the code is listed; REVIEW: a candidate (goods described in words, thresholds); PARTLY: some codes under it are listed; — not listed. * = that member's lists are only partly encoded here, so not listed does not mean not restricted.",
    ),
  );
}

function go(): void {
  const q = query();
  history.replaceState(null, "", `?${q.toString()}`);
  render(out, h("p", { className: "muted" }, "Comparing…"));
  api<Comparison>(`/v1/regimes/diff?${q.toString()}`).then(show, (e: unknown) =>
    render(out, h("div", { className: "error" }, errorText(e))),
  );
}

const form = h(
  "form",
  { id: "cmp-form" },
  h(
    "div",
    { className: "row" },
    h("div", {}, h("label", { for: "cmp-codes" }, "Codes"), codes),
    h("div", {}, h("label", { for: "cmp-chapter" }, "or chapter"), chapter),
    h("div", {}, h("label", { for: "cmp-asof" }, "As of"), asOf),
    h("div", {}, h("label", { for: "cmp-scenario" }, "Scenario"), scenario),
    h("button", { type: "submit", id: "cmp-submit" }, "Compare"),
  ),
);
form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  go();
});

render(
  root,
  h("h1", {}, "Compare members"),
  h(
    "p",
    { className: "muted" },
    "Which G7 members restrict these goods towards Russia, since when, where they differ, and what the 2023 full-ban proposal would add.",
  ),
  form,
  out,
);
api<{ scenarios: string[] }>("/v1/regimes").then(
  (r) => {
    for (const s of r.scenarios) scenario.append(h("option", { value: s }, s));
    if (params.get("scenario")) scenario.value = params.get("scenario") ?? "";
    if (params.get("codes") || params.get("chapter")) go();
  },
  (e: unknown) => render(out, h("div", { className: "error" }, errorText(e))),
);
