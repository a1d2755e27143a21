// Party screening: type a name (any script), optionally type/country/date of birth, and read the explained hits:
// one card per listed person, company or vessel (all its listings across lists), what the lists say about it
// (dates of birth, nationalities, addresses, identifiers), which listed name matched and how. The lists consulted,
// their dates and any staleness warning head every answer (never a bare "No hit"). Reviewers record a hit as a
// false positive (with a reason) or a confirmed match; a CSV of names is screened in chunks with a progress bar
// and the result downloads as CSV. State lives in the URL (?q=…&type=…&country=…&dob=…&algorithm=…).
import type {
  ConsultedList,
  HitDecision as CoreHitDecision,
  Listing as CoreListing,
  DecisionRecord,
  ScreenHit,
  ScreeningWarning,
  ScreenQuery,
  SuppressedHit,
} from "@embargo/core/screening";
import { type ApiError, ApiFailure, api, errorText } from "../lib/api.ts";
import { csvRecords, toCsv } from "../lib/csv.ts";
import { appRoot, h, render } from "../lib/dom.ts";

// The hits, decisions, lists and warnings are core's types (types only: nothing of core's runtime enters the
// page's bundle). What the server changes on the way is said here: without read access a decision is redacted to
// its verdict, time and seq, and a suppressed hit to its decision's status.
type Decision = Pick<DecisionRecord, "seq" | "verdict" | "at"> & Partial<Pick<DecisionRecord, "reviewer" | "reason">>;
type HitDecision = Omit<CoreHitDecision, "decision"> & { decision?: Decision };
/** A hit of `POST /v1/screen`: core's, with its reviewed decision when the server has a decision store. */
type Hit = ScreenHit & { decision?: HitDecision };
/** A hit withheld by a reviewed decision: core's, with the reviewer and reason only for read access. */
type Suppressed = Omit<SuppressedHit, "reviewer"> & { reviewer?: string; caption?: string; decision?: HitDecision };
/** A listing of a hit; a hit without `listings` is shown as its own one listing, whose entity id is the hit's. */
type Listing = Omit<CoreListing, "entityId"> & { entityId?: string };
type ListInfo = ConsultedList;
type Warning = ScreeningWarning;
interface Row {
  row: number;
  query?: Query;
  fingerprint?: string;
  hits?: Hit[];
  suppressed?: Suppressed[];
  error?: { message: string; code: string };
  summary?: string;
  warnings?: Warning[];
  lists?: ListInfo[];
  checkedAt?: string;
}
interface Result {
  version: string;
  lists: ListInfo[];
  thresholds: { report: number; match: number };
  results: Row[];
  warnings?: Warning[];
  summary?: string;
}
/** A query as the page sends it: core's screening query (the server parses it with the same contract). */
type Query = Omit<ScreenQuery, "identifiers">;
type QueryType = ScreenQuery["type"];

// Reviewer name and API key are kept in this browser only (localStorage), never in the URL.
const store = {
  get: (k: string) => localStorage.getItem(`embargo.screen.${k}`) ?? "",
  set: (k: string, v: string) => localStorage.setItem(`embargo.screen.${k}`, v),
};

const root = appRoot();
const style = document.createElement("style");
style.textContent = `
.scr-coverage{border:1px solid var(--line);background:var(--bg);border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
.scr-coverage ul{margin:.3rem 0 0;padding-left:1.2rem}
.scr-warn{border-color:var(--amber);background:#fffaeb}
.scr-warn li{color:var(--amber)}
.scr-summary{font-size:1rem;font-weight:500;margin:.6rem 0}
.hit dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.5rem 0;font-size:.9rem}
.hit dt{color:var(--muted)}
.hit dd{margin:0}
.scr-decide{display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap;border-top:1px dashed var(--line);padding-top:.5rem;margin-top:.5rem}
.scr-decide textarea{width:28rem;max-width:100%;font-family:inherit;height:2.4rem}
.scr-decision{padding:.3rem .5rem;border-radius:4px;margin:.3rem 0;font-size:.9rem}
.scr-confirmed{background:#fef3f2;border:1px solid var(--red)}
.scr-changed{background:#fffaeb;border:1px solid var(--amber)}
.scr-partial{color:var(--amber);font-weight:600}
progress{width:24rem;height:1rem}
details>summary{cursor:pointer;color:var(--accent);font-size:.9rem}
`;
document.head.append(style);

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
const reviewer = h("input", {
  id: "screen-reviewer",
  placeholder: "your name",
  size: 16,
  value: store.get("reviewer"),
});
const apiKey = h("input", {
  id: "screen-api-key",
  type: "password",
  placeholder: "x-api-key",
  size: 22,
  value: store.get("apiKey"),
});
reviewer.addEventListener("change", () => store.set("reviewer", reviewer.value.trim()));
apiKey.addEventListener("change", () => store.set("apiKey", apiKey.value.trim()));
const out = h("div", { id: "screen-result" });

const pct = (x: number) => `${Math.round(x * 100)}%`;
const signed = (x: number) => (x === 0 ? "0" : `${x > 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`);
const words = (s: string) => s.replace(/_/g, " ");

/** GET/POST JSON with the reviewer's API key (when set); errors as {@link ApiFailure}. */
async function call<T>(path: string, body?: unknown): Promise<T> {
  const key = apiKey.value.trim();
  if (!key) return api<T>(path, body);
  const res = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { "x-api-key": key, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await res.json()) as { error?: ApiError };
  if (!res.ok)
    throw new ApiFailure(
      data.error ?? { code: "HTTP_ERROR", category: "internal", message: `HTTP ${res.status}` },
      res.status,
    );
  return data as T;
}

/** The lists consulted with their dates, and every warning, at the top of an answer. */
function coverageBox(lists: ListInfo[], warnings: Warning[]): HTMLElement {
  return h(
    "div",
    { className: `scr-coverage${warnings.length ? " scr-warn" : ""}`, id: "screen-coverage" },
    h(
      "div",
      {},
      h("strong", {}, "Lists consulted: "),
      lists.length
        ? lists
            .map(
              (l) =>
                `${l.shortTitle ?? l.title} (${l.date ?? "undated"}${l.ageDays !== undefined ? `, ${l.ageDays} days old` : ""}${l.complete === false ? ", partial" : ""}, ${l.entities.toLocaleString("en")} entries)`,
            )
            .join(" · ")
        : "none",
    ),
    warnings.length ? h("ul", { id: "screen-warnings" }, ...warnings.map((w) => h("li", {}, "⚠ ", w.message))) : null,
  );
}

/** The answer in one sentence: the result's own summary, or one built from the lists' dates. */
function summaryOf(row: Row, lists: ListInfo[], q: string): string {
  if (row.summary) return row.summary;
  const n = row.hits?.length ?? 0;
  const asOf = lists.map((l) => `${l.shortTitle ?? l.title} ${l.date ?? "(undated)"}`).join(", ");
  return n
    ? `${n} hit${n > 1 ? "s" : ""} for “${q}” in the lists as of ${asOf}.`
    : `No hit for “${q}” in the lists as of ${asOf}.`;
}

function decisionNote(d: HitDecision | undefined): HTMLElement | null {
  if (!d || d.status === "none" || !d.decision) return null;
  const who = d.decision.reviewer ? ` by ${d.decision.reviewer}` : "";
  const why = d.decision.reason ? `: “${d.decision.reason}”` : "";
  if (d.status === "confirmed")
    return h(
      "div",
      { className: "scr-decision scr-confirmed" },
      h("strong", {}, "Confirmed match"),
      `${who} on ${d.decision.at}${why}`,
      d.listingChanged ? " — the listing has changed since." : "",
    );
  return h(
    "div",
    { className: "scr-decision scr-changed" },
    h("strong", {}, "Alert again: "),
    `reviewed as not a match${who} on ${d.decision.at}${why}, but the listing has changed since.`,
  );
}

function detailsList(hit: Hit): HTMLElement | null {
  const items: [string, string | Node][] = [];
  const add = (k: string, v: string[] | undefined) => {
    if (v?.length) items.push([k, v.join("; ")]);
  };
  items.push(["Type", hit.type]);
  add("Date of birth", hit.birthDates);
  add("Place of birth", hit.birthPlaces);
  add("Nationality", hit.nationalities);
  if (hit.gender) items.push(["Gender", hit.gender]);
  add(
    "Address",
    hit.addresses?.map((a) => a.full || [a.city, a.country].filter(Boolean).join(", ")),
  );
  add(
    "Identifiers",
    hit.identifiers?.map(
      (i) => `${i.type.toUpperCase()} ${i.value}${i.country ? ` (${i.country})` : ""}${i.note ? ` — ${i.note}` : ""}`,
    ),
  );
  return h("dl", {}, ...items.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function listingsTable(hit: Hit): HTMLElement {
  const listings: Listing[] = hit.listings?.length
    ? hit.listings
    : [
        {
          list: hit.list,
          sourceId: hit.sourceId,
          name: hit.caption,
          programmes: hit.programmes,
          ...(hit.listedOn ? { listedOn: hit.listedOn } : {}),
          sanctionKind: hit.sanctionKind,
        },
      ];
  return h(
    "table",
    { className: "listings" },
    h(
      "tr",
      {},
      h("th", {}, "list"),
      h("th", {}, "record"),
      h("th", {}, "listed as"),
      h("th", {}, "programmes"),
      h("th", {}, "listed on"),
      h("th", {}, "measure"),
    ),
    ...listings.map((l) =>
      h(
        "tr",
        {},
        h("td", {}, l.list),
        h(
          "td",
          {},
          l.sourceUrl
            ? h(
                "a",
                { href: l.sourceUrl, target: "_blank", rel: "noopener", title: "the official list file" },
                l.sourceId,
              )
            : l.sourceId,
          l.partial ? h("div", { className: "scr-partial" }, l.partial) : null,
        ),
        h("td", {}, l.name ?? ""),
        h("td", {}, l.programmes.join(", ")),
        h("td", {}, l.listedOn ?? "—"),
        h("td", {}, l.sanctionKind ? words(l.sanctionKind) : ""),
      ),
    ),
  );
}

function explanation(hit: Hit): HTMLElement {
  const e = hit.explanation;
  return h(
    "details",
    { className: "why" },
    h("summary", {}, `Why: matched “${e.matchedName}” (${words(e.matchedNameKind)}), name score ${pct(e.nameScore)}`),
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
              h("td", {}, words(p.kind), p.standard && p.standard !== "latin" ? ` [${p.standard}]` : ""),
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
          h("td", {}, words(f.feature)),
          h("td", { className: "num" }, f.feature === "name_parts" ? pct(f.contribution) : signed(f.contribution)),
          h("td", {}, f.detail),
        ),
      ),
    ),
  );
}

/** Confirm / false-positive controls: reason, then one of two buttons; the answer reloads with the decision. */
function decideForm(hit: Hit, query: Query, refresh: () => Promise<void>): HTMLElement {
  const reason = h("textarea", { className: "scr-reason", placeholder: "Reason (required for a false positive)" });
  const status = h("span", { className: "muted scr-decide-status" });
  const send = async (verdict: "false_positive" | "confirmed") => {
    status.className = "muted scr-decide-status";
    status.textContent = "Recording…";
    try {
      if (!reviewer.value.trim()) throw new Error("Enter your name as reviewer (top of the page) first.");
      await call("/v1/screen/decisions", {
        query,
        entityId: hit.entityId,
        verdict,
        reviewer: reviewer.value.trim(),
        score: hit.score,
        ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
      });
      status.textContent = "Recorded.";
      await refresh();
    } catch (e) {
      status.className = "error scr-decide-status";
      status.textContent = errorText(e);
    }
  };
  return h(
    "div",
    { className: "scr-decide" },
    h("label", {}, "Decision", h("br"), reason),
    h("button", { type: "button", className: "scr-confirm", onclick: () => void send("confirmed") }, "Confirm match"),
    h(
      "button",
      { type: "button", className: "secondary scr-false-positive", onclick: () => void send("false_positive") },
      "False positive",
    ),
    status,
  );
}

function hitCard(hit: Hit, query: Query, refresh: () => Promise<void>): HTMLElement {
  const strength = h(
    "span",
    { className: `badge ${hit.strength === "match" ? "badge-prohibited" : "badge-review"}` },
    hit.strength === "match" ? "MATCH" : "possible match",
  );
  const n = hit.listings?.length ?? 1;
  return h(
    "div",
    { className: "card hit", "data-entity": hit.entityId },
    h(
      "h3",
      {},
      strength,
      " ",
      pct(hit.score),
      " — ",
      hit.caption,
      hit.decision?.status === "confirmed"
        ? [" ", h("span", { className: "badge badge-prohibited" }, "confirmed")]
        : null,
      hit.decision?.status === "listing_changed"
        ? [" ", h("span", { className: "badge badge-review" }, "listing changed")]
        : null,
    ),
    h(
      "p",
      { className: "muted" },
      `${n} listing${n > 1 ? "s" : ""} · ${words(hit.sanctionKind)}`,
      hit.mergedOn?.length ? ` · one target on ${hit.mergedOn.map((m) => m.detail).join("; ")}` : "",
    ),
    hit.partial ? h("p", { className: "scr-partial" }, "⚠ Incomplete record: ", hit.partial) : null,
    decisionNote(hit.decision),
    detailsList(hit),
    listingsTable(hit),
    explanation(hit),
    decideForm(hit, query, refresh),
  );
}

function currentQuery(): Query | undefined {
  const params = new URL(location.href).searchParams;
  const q = params.get("q") ?? "";
  if (q.trim() === "") return undefined;
  const query: Query = { name: q };
  const t = params.get("type");
  const c = params.get("country");
  const d = params.get("dob");
  if (t) query.type = t as QueryType;
  if (c) query.country = c.toUpperCase();
  if (d) query.dob = d;
  return query;
}

async function show(): Promise<void> {
  const params = new URL(location.href).searchParams;
  name.value = params.get("q") ?? "";
  type.value = params.get("type") ?? "";
  country.value = params.get("country") ?? "";
  dob.value = params.get("dob") ?? "";
  algorithm.value = params.get("algorithm") ?? "evidence";
  const query = currentQuery();
  if (!query) {
    render(out, h("p", { className: "muted" }, "Type a name in any script. Hits are explained part by part."));
    return;
  }
  render(out, h("p", { className: "muted" }, "Screening…"));
  try {
    const res = await call<Result>("/v1/screen", { queries: [query], algorithm: algorithm.value });
    const row = res.results[0];
    const lists = row?.lists ?? res.lists;
    const warnings = row?.warnings ?? res.warnings ?? [];
    const coverage = coverageBox(lists, warnings);
    const foot = h(
      "p",
      { className: "muted" },
      `Reported from ${pct(res.thresholds.report)}; a match from ${pct(res.thresholds.match)}. Data version ${res.version}.`,
    );
    if (!row || row.error) {
      render(
        out,
        coverage,
        h("div", { className: "error" }, row?.error ? `${row.error.message} [${row.error.code}]` : "no result"),
        foot,
      );
      return;
    }
    const hits = row.hits ?? [];
    const suppressed = row.suppressed ?? [];
    render(
      out,
      coverage,
      h("p", { className: "scr-summary", id: "screen-summary" }, summaryOf(row, lists, query.name)),
      ...hits.map((hit) => hitCard(hit, query, show)),
      suppressed.length
        ? h(
            "div",
            { id: "screen-suppressed" },
            h("h2", {}, `Withheld as reviewed false positives (${suppressed.length})`),
            ...suppressed.map((s) =>
              h(
                "p",
                { className: "muted suppressed" },
                `${s.caption ?? ""} ${s.list}:${s.sourceId} (${pct(s.score)}): reviewed as not a match`,
                s.reviewer ? ` by ${s.reviewer}` : "",
                ` on ${s.reviewedAt}`,
                s.reason ? ` — “${s.reason}”` : "",
                ". It alerts again if the listing changes.",
              ),
            ),
          )
        : null,
      foot,
    );
  } catch (e) {
    render(out, h("div", { className: "error" }, errorText(e)));
  }
}

// ---- Batch: a CSV of names, screened in chunks, with progress and a CSV result ----

const CHUNK = 20;
const batchFile = h("input", { type: "file", id: "batch-file", accept: ".csv,text/csv" });
const batchProgress = h("progress", { id: "batch-progress", max: 1, value: 0, hidden: true });
const batchStatus = h("span", { id: "batch-status", className: "muted" });
const batchOut = h("div", { id: "batch-result" });

function batchCsv(queries: Query[], rows: Row[]): string {
  const header = [
    "row",
    "name",
    "type",
    "country",
    "dob",
    "status",
    "hits",
    "matches",
    "top_entity",
    "top_caption",
    "top_lists",
    "top_score",
    "top_strength",
    "top_decision",
    "all_hits",
    "withheld",
    "summary",
    "error",
  ];
  const lines: unknown[][] = [header];
  queries.forEach((q, i) => {
    const r = rows[i];
    const hits = r?.hits ?? [];
    const top = hits[0];
    lines.push([
      i + 1,
      q.name,
      q.type ?? "",
      q.country ?? "",
      q.dob ?? "",
      r?.error ? "error" : hits.length ? (hits.some((x) => x.strength === "match") ? "match" : "possible") : "no hit",
      hits.length,
      hits.filter((x) => x.strength === "match").length,
      top?.entityId ?? "",
      top?.caption ?? "",
      top ? (top.listings?.map((l) => `${l.list}:${l.sourceId}`) ?? [`${top.list}:${top.sourceId}`]).join(" ") : "",
      top ? top.score.toFixed(3) : "",
      top?.strength ?? "",
      top?.decision?.status ?? "",
      hits.map((x) => `${x.entityId} ${x.score.toFixed(2)}`).join("; "),
      (r?.suppressed ?? []).map((s) => `${s.list}:${s.sourceId}`).join("; "),
      r ? summaryOf(r, r.lists ?? [], q.name) : "",
      r?.error ? `${r.error.code}: ${r.error.message}` : "",
    ]);
  });
  return toCsv(lines);
}

async function runBatch(): Promise<void> {
  const file = batchFile.files?.[0];
  if (!file) {
    batchStatus.textContent = "Choose a CSV file first (columns: name, optional type, country, dob).";
    return;
  }
  const records = csvRecords(await file.text()).filter((r) => (r.name ?? "") !== "");
  const queries: Query[] = records.map((r) => ({
    name: r.name ?? "",
    ...(r.type ? { type: r.type as QueryType } : {}),
    ...(r.country ? { country: r.country.toUpperCase() } : {}),
    ...(r.dob ? { dob: r.dob } : {}),
  }));
  if (queries.length === 0) {
    batchStatus.textContent = "No names found in the file.";
    return;
  }
  batchProgress.hidden = false;
  batchProgress.max = queries.length;
  batchProgress.value = 0;
  render(batchOut);
  const rows: Row[] = [];
  let lists: ListInfo[] = [];
  let warnings: Warning[] = [];
  try {
    for (let i = 0; i < queries.length; i += CHUNK) {
      const chunk = queries.slice(i, i + CHUNK);
      const res = await call<Result>("/v1/screen", { queries: chunk });
      lists = res.lists;
      warnings = res.results.find((r) => r.warnings)?.warnings ?? res.warnings ?? [];
      for (const r of res.results) rows.push({ ...r, lists: r.lists ?? res.lists });
      batchProgress.value = rows.length;
      batchStatus.textContent = `${rows.length} / ${queries.length} screened`;
    }
  } catch (e) {
    render(batchOut, h("div", { className: "error" }, `Stopped after ${rows.length} rows: ${errorText(e)}`));
    return;
  }
  const csv = batchCsv(queries, rows);
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const withHits = rows.filter((r) => (r.hits?.length ?? 0) > 0);
  const errors = rows.filter((r) => r.error);
  render(
    batchOut,
    coverageBox(lists, warnings),
    h(
      "p",
      { className: "scr-summary", id: "batch-summary" },
      `${queries.length} names screened: ${withHits.length} with hits, ${queries.length - withHits.length - errors.length} without, ${errors.length} not screened (bad row).`,
    ),
    h(
      "a",
      { href: url, download: `screening-${file.name.replace(/\.csv$/i, "")}-result.csv`, id: "batch-download" },
      "Download the result (CSV)",
    ),
    h(
      "table",
      { id: "batch-table" },
      h(
        "tr",
        {},
        h("th", {}, "row"),
        h("th", {}, "name"),
        h("th", {}, "top hit"),
        h("th", { className: "num" }, "score"),
        h("th", {}, "decision"),
      ),
      ...rows.slice(0, 200).map((r, i) => {
        const top = r.hits?.[0];
        return h(
          "tr",
          {},
          h("td", {}, String(i + 1)),
          h("td", {}, h("a", { href: `?q=${encodeURIComponent(queries[i]?.name ?? "")}` }, queries[i]?.name ?? "")),
          h(
            "td",
            {},
            r.error
              ? h("span", { className: "error" }, r.error.message)
              : top
                ? `${top.caption} (${top.list}:${top.sourceId})`
                : "no hit",
          ),
          h("td", { className: "num" }, top ? pct(top.score) : ""),
          h("td", {}, top?.decision && top.decision.status !== "none" ? words(top.decision.status) : ""),
        );
      }),
    ),
    rows.length > 200
      ? h("p", { className: "muted" }, `First 200 of ${rows.length} rows shown; the CSV has them all.`)
      : null,
  );
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

const batchForm = h(
  "form",
  { className: "row", id: "batch-form" },
  h("label", {}, "CSV of names (columns: name, type, country, dob)", h("br"), batchFile),
  h("button", { type: "submit", className: "secondary" }, "Screen the file"),
  batchProgress,
  batchStatus,
);
batchForm.addEventListener("submit", (ev) => {
  ev.preventDefault();
  void runBatch();
});

render(
  root,
  h("h1", {}, "Screen a party"),
  h(
    "p",
    { className: "muted" },
    "Names are normalised, transliterated (Cyrillic under ICAO 9303, BGN/PCGN, GOST 7.79, Ukrainian 2010, Belarusian; Greek, Georgian, Armenian) and matched part by part; legal forms (OOO, LLC, JSC…) count for identity, not for the name score. Dates of birth, countries and identifiers qualify the score.",
  ),
  form,
  h(
    "div",
    { className: "row muted", id: "reviewer-settings" },
    h("label", {}, "Reviewer", h("br"), reviewer),
    h("label", {}, "API key (to record decisions)", h("br"), apiKey),
  ),
  out,
  h("h2", {}, "Screen a file"),
  batchForm,
  batchOut,
);
void show();
