// Diamond provenance: follow a lot's lineage back to the mines, check its provenance bundle against the signed
// checkpoint, and see its EU/UK/US import decision with every reason. State lives in the URL (?lot=…&j=…&date=…).
import type { BundleReport, Decision, EventType, Lot } from "@embargo/core/registry";
import { appRoot, badge, h, render } from "../lib/dom.ts";

// The lot, its events' outputs, the decision and the verify report are core's types (types only: nothing of
// core's runtime enters the page's bundle). The lineage row is the server's projection of a stored event.
interface LineageEvent {
  seq: number;
  eventId: string;
  type: EventType;
  time: string;
  actor: string;
  inputs: string[];
  outputs: Pick<Lot, "lotId" | "form" | "weightMct" | "pieces" | "origin">[];
  body: Record<string, unknown>;
  revokedBy: string | null;
}
/** The answer of `GET /v1/diamonds/lots/{id}`. */
interface LotView {
  lot: Lot;
  holder: string;
  consumedBy: string | null;
  lineage: LineageEvent[];
}
type DecisionView = Decision;

const EVIDENCE = ["INVOICE", "PACKING_LIST", "SELF_DECLARATION", "DDS_DIAMOND_ORIGIN"];
const root = appRoot();
const params = new URL(location.href).searchParams;
const lotInput = h("input", {
  id: "dm-lot",
  placeholder: "lot id, e.g. DEMO-POL-1",
  value: params.get("lot") ?? "",
  size: 24,
});
const keyInput = h("input", {
  id: "dm-key",
  placeholder: "API key (if the server requires one)",
  type: "password",
  value: localStorage.getItem("embargo.diamonds.key") ?? "",
  size: 28,
});
const juris = h(
  "select",
  { id: "dm-j" },
  ...["EU", "UK", "US"].map((j) => h("option", { value: j, selected: params.get("j") === j }, j)),
);
const date = h("input", {
  id: "dm-date",
  type: "date",
  value: params.get("date") ?? new Date().toISOString().slice(0, 10),
});
const boxes = EVIDENCE.map((e) =>
  h("input", { type: "checkbox", value: e, checked: (params.get("ev") ?? "").split(",").includes(e) }),
);
// The API's declarations: licences relied on and the pre-ban location, each checked against its dates.
const licInput = h("input", {
  id: "dm-licences",
  placeholder: "licences, e.g. GL 104A, GBSAN0002, pre-ban-stock",
  value: params.get("lic") ?? "",
  size: 40,
});
const sinceInput = h("input", { id: "dm-since", type: "date", value: params.get("since") ?? "" });
const docsInput = h("input", {
  id: "dm-docs",
  placeholder: "location documents, e.g. bill-of-lading-7",
  value: params.get("docs") ?? "",
  size: 32,
});
const out = h("div", { id: "dm-result" });
const csv = (v: string) =>
  v
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");

const ct = (mct: number) => `${(mct / 1000).toFixed(3)} ct`;
const originText = (o: LineageEvent["outputs"][number]["origin"]) =>
  [
    ...Object.entries(o.byCountry).map(([c, w]) => `${c} ${ct(w)}`),
    o.unknownMct > 0 ? `unknown ${ct(o.unknownMct)}` : "",
    o.exportedFromRU !== false ? `exported from RU: ${o.exportedFromRU}` : "",
    o.transitedRU !== false ? `transited RU: ${o.transitedRU}` : "",
    o.processedIn.length ? `processed in ${o.processedIn.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join(" · ");

async function call<T>(path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (keyInput.value) headers["x-api-key"] = keyInput.value;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(
    path,
    body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) },
  );
  const data = (await res.json()) as { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(`${data.error?.message ?? `HTTP ${res.status}`} [${data.error?.code ?? "HTTP_ERROR"}]`);
  return data as T;
}

function lineageTable(v: LotView): HTMLElement {
  return h(
    "table",
    { id: "dm-lineage" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ...["#", "time", "event", "actor", "inputs", "outputs (weight, pieces, origin)"].map((x) => h("th", {}, x)),
      ),
    ),
    h(
      "tbody",
      {},
      ...v.lineage.map((e) =>
        h(
          "tr",
          { className: e.revokedBy ? "muted" : "" },
          h("td", {}, e.seq),
          h("td", {}, e.time.slice(0, 10)),
          h("td", {}, e.type, e.revokedBy ? " (revoked)" : ""),
          h("td", {}, e.actor),
          h("td", {}, e.inputs.join(", ")),
          h(
            "td",
            {},
            ...e.outputs.map((o) =>
              h(
                "div",
                {},
                h("strong", {}, o.lotId),
                ` ${o.form} ${ct(o.weightMct)}, ${o.pieces} pc — ${originText(o.origin)}`,
              ),
            ),
            e.type === "MANUFACTURE"
              ? h(
                  "div",
                  { className: "muted" },
                  `declared loss ${ct(Number((e.body.loss as { weightMct: number }).weightMct))}`,
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

const SVG = "http://www.w3.org/2000/svg";
function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/**
 * The lineage as a graph in date order: one column per event that made lots (registration, merge, split,
 * manufacture), left to right by time; an arrow from each input lot to each lot the event made. Events that only
 * certify, move or grade a lot (KP, transfer, G7 verification, grading) are listed under the lot.
 */
function lineageGraph(v: LotView): SVGSVGElement {
  const live = v.lineage.filter((e) => !e.revokedBy);
  const makers = live.filter((e) => e.outputs.length > 0).sort((a, b) => a.time.localeCompare(b.time) || a.seq - b.seq);
  const notes = new Map<string, string[]>();
  for (const e of live)
    if (e.outputs.length === 0)
      for (const i of e.inputs) notes.set(i, [...(notes.get(i) ?? []), `${e.type} ${e.time.slice(0, 10)}`]);
  const W = 172;
  const H = 52;
  const GAP_X = 38;
  const TOP = 26;
  const ROW = H + 12 * Math.max(0, ...[...notes.values()].map((n) => n.length)) + 20;
  // Rows: a registration takes the next free row; what an event makes starts on its first input's row, so no arrow
  // crosses an unrelated lot.
  const rowOf = new Map<string, number>();
  let nextRoot = 0;
  const pos = new Map<string, { x: number; y: number }>();
  const nodes: SVGElement[] = [];
  const edges: SVGElement[] = [];
  makers.forEach((e, col) => {
    const x = 10 + col * (W + GAP_X);
    const inputRows = e.inputs.map((i) => rowOf.get(i)).filter((r): r is number => r !== undefined);
    const start = inputRows.length > 0 ? Math.min(...inputRows) : nextRoot;
    e.outputs.forEach((o, k) => {
      const n = notes.get(o.lotId) ?? [];
      const row = start + k;
      rowOf.set(o.lotId, row);
      nextRoot = Math.max(nextRoot, row + 1);
      const y = TOP + row * ROW;
      pos.set(o.lotId, { x, y });
      const current = o.lotId === v.lot.lotId;
      nodes.push(
        svg(
          "g",
          { class: `dm-node${current ? " dm-current" : ""}`, "data-lot": o.lotId },
          svg("rect", { x, y, width: W, height: H + 12 * n.length, rx: 6 }),
          svg("text", { x: x + 8, y: y + 16, class: "dm-lot" }, o.lotId),
          svg("text", { x: x + 8, y: y + 31 }, `${o.form.replace(/_/g, " ").toLowerCase()}, ${ct(o.weightMct)}`),
          svg(
            "text",
            { x: x + 8, y: y + 46 },
            Object.entries(o.origin.byCountry)
              .map(([c, w]) => `${c} ${ct(w)}`)
              .join(", "),
          ),
          ...n.map((t, i) => svg("text", { x: x + 8, y: y + 60 + 12 * i, class: "dm-note" }, t)),
        ),
      );
    });
  });
  makers.forEach((e, col) => {
    const x = 10 + col * (W + GAP_X);
    for (const o of e.outputs) {
      const to = pos.get(o.lotId);
      if (!to) continue;
      for (const i of e.inputs) {
        const from = pos.get(i);
        if (!from) continue;
        edges.push(
          svg("path", {
            d: `M${from.x + W},${from.y + H / 2} C${from.x + W + GAP_X / 2},${from.y + H / 2} ${to.x - GAP_X / 2},${to.y + H / 2} ${to.x},${to.y + H / 2}`,
            class: "dm-edge",
            "marker-end": "url(#dm-arrow)",
          }),
        );
      }
    }
    edges.push(svg("text", { x, y: 14, class: "dm-date" }, `${e.time.slice(0, 10)} ${e.type.replace(/_/g, " ")}`));
  });
  const width = 20 + makers.length * (W + GAP_X);
  const height = Math.max(...[...pos.values()].map((p) => p.y), 0) + ROW + 10;
  return svg(
    "svg",
    {
      id: "dm-graph",
      role: "img",
      "aria-label": `Lineage of ${v.lot.lotId} in date order: ${makers.map((e) => `${e.time.slice(0, 10)} ${e.type} ${e.inputs.join(" + ")} → ${e.outputs.map((o) => o.lotId).join(", ")}`).join("; ")}`,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
    },
    svg(
      "defs",
      {},
      svg(
        "marker",
        { id: "dm-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", class: "dm-arrowhead" }),
      ),
    ),
    ...edges,
    ...nodes,
  );
}

interface Successor {
  consumed: boolean;
  by?: { eventId: string; type: string; time: string; actor: string; inputs: string[]; outputs: string[] };
}

/** In place of a decision for a lot that no longer exists: what consumed it and the lot(s) to decide instead. */
function mergedAway(lotId: string, s: Successor): HTMLElement {
  const by = s.by;
  return h(
    "section",
    { className: "card", id: "dm-consumed" },
    h("h2", {}, `No import decision for ${lotId}`),
    h(
      "p",
      {},
      by
        ? `${lotId} no longer exists as a lot: on ${by.time.slice(0, 10)} ${by.actor} ${by.type === "MERGE" ? "merged it with" : by.type === "SPLIT" ? "split it" : "used it in"} ${by.type === "MERGE" ? by.inputs.filter((i) => i !== lotId).join(", ") : ""} (${by.type}). Its stones now travel in ${by.outputs.join(", ")}, with their mixed origin; a shipment can only hold those, so decide on ${by.outputs.length > 1 ? "one of them" : "it"}.`
        : `${lotId} was consumed by a later event; decide on the lot it became.`,
    ),
    by
      ? h(
          "p",
          {},
          ...by.outputs.map((o) =>
            h(
              "button",
              {
                type: "button",
                className: "secondary dm-successor",
                "data-lot": o,
                onclick: () => {
                  lotInput.value = o;
                  void show();
                },
              },
              `Decide on ${o}`,
            ),
          ),
        )
      : null,
  );
}

const demoBadge = (lotId: string) =>
  lotId.startsWith("DEMO-")
    ? h("span", { className: "badge badge-demo", title: "fictional demo data" }, "DEMO — fictional data")
    : null;

async function show(): Promise<void> {
  const lotId = lotInput.value.trim();
  if (!lotId) return;
  localStorage.setItem("embargo.diamonds.key", keyInput.value);
  const evidence = boxes.filter((b) => b.checked).map((b) => b.value);
  const url = new URL(location.href);
  url.searchParams.set("lot", lotId);
  url.searchParams.set("j", juris.value);
  url.searchParams.set("date", date.value);
  url.searchParams.set("ev", evidence.join(","));
  url.searchParams.set("lic", licInput.value);
  url.searchParams.set("since", sinceInput.value);
  url.searchParams.set("docs", docsInput.value);
  const declaration: Record<string, unknown> = { jurisdiction: juris.value, date: date.value, evidence };
  if (licInput.value.trim()) declaration.licences = csv(licInput.value);
  if (sinceInput.value)
    declaration.grandfathering = { locatedOutsideRussiaSince: sinceInput.value, evidenceDocIds: csv(docsInput.value) };
  history.replaceState(null, "", url);
  render(out, h("p", { className: "muted" }, "Loading…"));
  try {
    const id = encodeURIComponent(lotId);
    const view = await call<LotView>(`/v1/diamonds/lots/${id}`);
    // A lot merged, split or cut away no longer exists: no decision is offered for it (it says why instead).
    const [decision, bundle, successor] = await Promise.all([
      view.consumedBy ? null : call<DecisionView>("/v1/diamonds/decide", { lotId, ...declaration }),
      call<unknown>(`/v1/diamonds/lots/${id}/provenance`),
      view.consumedBy ? call<Successor>(`/v1/diamonds/lots/${id}/successor`) : null,
    ]);
    const report = await call<BundleReport>("/v1/diamonds/verify", bundle);
    render(
      out,
      view.lot.lotId.startsWith("DEMO-")
        ? h(
            "p",
            { className: "warning", id: "dm-demo-note" },
            "DEMO data: the parties and lots are fictional (ids DEMO-…), seeded to show how the registry works. Not a record of any real diamond.",
          )
        : null,
      !decision || successor
        ? mergedAway(lotId, successor ?? { consumed: true })
        : h(
            "section",
            { className: "card", id: "dm-decision" },
            h("h2", {}, `${decision.jurisdiction} import on ${decision.date}: `, badge(decision.decision)),
            h(
              "ul",
              {},
              ...decision.reasons.map((r) =>
                h(
                  "li",
                  {},
                  badge(r.effect),
                  ` ${r.text}`,
                  r.citation ? h("span", { className: "muted" }, ` — ${r.citation}`) : null,
                  r.doubt ? h("em", {}, ` (${r.doubt})`) : null,
                ),
              ),
            ),
            h("p", { className: "muted" }, `rules ${decision.rulesetVersion}, coverage ${decision.coverage}`),
          ),
      h(
        "section",
        { className: "card", id: "dm-lot-card" },
        h("h2", {}, `Lot ${view.lot.lotId} `, demoBadge(view.lot.lotId)),
        h(
          "p",
          {},
          `${view.lot.form} ${view.lot.nature} ${view.lot.cnCode}, ${ct(view.lot.weightMct)}, ${view.lot.pieces} pc — ${originText(view.lot.origin)}`,
        ),
        h("p", {}, `holder ${view.holder}${view.consumedBy ? ` · consumed by ${view.consumedBy.slice(0, 12)}…` : ""}`),
        h(
          "p",
          { id: "dm-bundle" },
          report.valid
            ? h("span", { className: "badge badge-admit" }, "VERIFIED")
            : h("span", { className: "badge badge-refuse" }, "INVALID"),
          report.valid
            ? ` provenance bundle verified offline: ${report.events} events, mines ${report.mines.join(", ")}, checkpoint size ${report.checkpoint?.size}`
            : ` bundle does not verify: ${report.problems.join("; ")}`,
        ),
      ),
      h(
        "section",
        { className: "card" },
        h("h2", {}, "Lineage back to the mines"),
        h("div", { className: "dm-graph-wrap" }, lineageGraph(view)),
        h("details", {}, h("summary", {}, "Every event (table)"), lineageTable(view)),
      ),
    );
  } catch (e) {
    render(out, h("p", { id: "dm-error", className: "error" }, (e as Error).message));
  }
}

const form = h(
  "form",
  {
    id: "dm-form",
    onsubmit: (ev: Event) => {
      ev.preventDefault();
      void show();
    },
  },
  h("label", {}, "Lot ", lotInput),
  " ",
  h("label", {}, "Import into ", juris),
  " ",
  h("label", {}, "on ", date),
  " ",
  h("button", { type: "submit" }, "Follow"),
  h(
    "div",
    {},
    "Evidence presented: ",
    ...EVIDENCE.flatMap((e, i) => [h("label", {}, boxes[i] as HTMLInputElement, ` ${e} `)]),
  ),
  h(
    "div",
    {},
    h("label", {}, "Licences relied on ", licInput),
    " ",
    h("label", {}, "outside Russia since ", sinceInput),
    " ",
    h("label", {}, "with ", docsInput),
  ),
  h("div", {}, h("label", { for: "dm-key" }, "API key "), keyInput),
);

const demoStatus = h("span", { id: "dm-demo-status", role: "status", className: "muted" });
const demoButton = h(
  "button",
  {
    type: "button",
    id: "dm-demo",
    className: "secondary",
    onclick: async () => {
      render(demoStatus, "Seeding…");
      try {
        const r = await call<{ seeded: boolean; events: number; start: string; note: string }>("/v1/diamonds/demo", {});
        render(
          demoStatus,
          r.seeded
            ? `Seeded ${r.events} signed DEMO events. ${r.note}`
            : `The DEMO registry was already seeded. ${r.note}`,
        );
        lotInput.value = r.start;
        await show();
      } catch (e) {
        render(demoStatus, h("span", { className: "error-text" }, (e as Error).message));
      }
    },
  },
  "Seed demo registry",
);
render(
  root,
  h("h1", {}, "Diamond provenance"),
  h(
    "p",
    { className: "muted" },
    "Follow a stone's signed lineage back to every mine registration, verify its provenance bundle against the log's signed checkpoint, and see whether the EU, UK or US admits it on a date.",
  ),
  h(
    "p",
    { className: "row" },
    demoButton,
    h(
      "span",
      { className: "muted" },
      "Empty registry? Seed fictional DEMO lots (admin API key) and follow DEMO-POL-1. ",
    ),
    demoStatus,
  ),
  form,
  out,
);
if (lotInput.value) void show();
