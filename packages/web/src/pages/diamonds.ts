// Diamond provenance: follow a lot's lineage back to the mines, check its provenance bundle against the signed
// checkpoint, and see its EU/UK/US import decision with every reason. State lives in the URL (?lot=…&j=…&date=…).
import { appRoot, badge, h, render } from "../lib/dom.ts";

interface LineageEvent {
  seq: number;
  eventId: string;
  type: string;
  time: string;
  actor: string;
  inputs: string[];
  outputs: {
    lotId: string;
    form: string;
    weightMct: number;
    pieces: number;
    origin: {
      byCountry: Record<string, number>;
      unknownMct: number;
      exportedFromRU: boolean | string;
      transitedRU: boolean | string;
      processedIn: string[];
    };
  }[];
  body: Record<string, unknown>;
  revokedBy: string | null;
}
interface LotView {
  lot: LineageEvent["outputs"][number] & { lotId: string; cnCode: string; nature: string };
  holder: string;
  consumedBy: string | null;
  lineage: LineageEvent[];
}
interface Reason {
  effect: string;
  rule: string;
  citation?: string;
  text: string;
  doubt?: string;
}
interface DecisionView {
  decision: string;
  jurisdiction: string;
  date: string;
  coverage: string;
  rulesetVersion: string;
  reasons: Reason[];
}

const EVIDENCE = ["INVOICE", "PACKING_LIST", "SELF_DECLARATION", "DDS_DIAMOND_ORIGIN"];
const root = appRoot();
const params = new URL(location.href).searchParams;
const lotInput = h("input", {
  id: "dm-lot",
  placeholder: "lot id, e.g. pol-1",
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
    const [view, decision, bundle] = await Promise.all([
      call<LotView>(`/v1/diamonds/lots/${id}`),
      call<DecisionView>("/v1/diamonds/decide", { lotId, ...declaration }),
      call<unknown>(`/v1/diamonds/lots/${id}/provenance`),
    ]);
    const report = await call<{
      valid: boolean;
      events: number;
      mines: string[];
      checkpoint?: { size: number; root: string };
      problems: string[];
    }>("/v1/diamonds/verify", bundle);
    render(
      out,
      h(
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
        h("h2", {}, `Lot ${view.lot.lotId}`),
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
      h("section", { className: "card" }, h("h2", {}, "Lineage back to the mines"), lineageTable(view)),
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
  h("div", {}, keyInput),
);
render(
  root,
  h("h1", {}, "Diamond provenance"),
  h(
    "p",
    { className: "muted" },
    "Follow a stone's signed lineage back to every mine registration, verify its provenance bundle against the log's signed checkpoint, and see whether the EU, UK or US admits it on a date.",
  ),
  form,
  out,
);
if (lotInput.value) void show();
