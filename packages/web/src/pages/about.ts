// About / data sources: the bundled data's provenance (data/PROVENANCE.md and each area's PROVENANCE.md), with
// the attribution lines the sources require shown first. Markdown is rendered to DOM nodes (text only, no HTML).
import type { DataProvenance as Provenance } from "@embargo/core/data";
import { api, errorText } from "../lib/api.ts";
import { appRoot, h, render } from "../lib/dom.ts";

/** Inline Markdown: `code`, **bold**, [text](url) (http/https and relative links only); everything else is text. */
function inline(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h("code", {}, m[1]));
    else if (m[2] !== undefined) out.push(h("strong", {}, m[2]));
    else if (m[3] !== undefined && m[4] !== undefined) {
      const href = m[4];
      const safe = /^(https?:\/\/|\/|#)/.test(href) ? href : undefined;
      out.push(safe ? h("a", { href: safe, rel: "noopener" }, m[3]) : `${m[3]} (${href})`);
    }
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());
}

/** Block Markdown: headings, tables, bullet lists, paragraphs. Enough for the PROVENANCE files. */
function markdown(text: string, headingShift = 1): HTMLElement {
  const box = h("div", { className: "md" });
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, (heading[1]?.length ?? 1) + headingShift);
      box.append(h(`h${level}` as "h2", {}, ...inline(heading[2] ?? "")));
      i++;
    } else if (line.trim().startsWith("|")) {
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).trim().startsWith("|")) {
        const r = cells(lines[i] as string);
        if (!r.every((c) => /^:?-{2,}:?$/.test(c))) rows.push(r);
        i++;
      }
      const [head, ...body] = rows;
      box.append(
        h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              (head ?? []).map((c) => h("th", {}, ...inline(c))),
            ),
          ),
          h(
            "tbody",
            {},
            body.map((r) =>
              h(
                "tr",
                {},
                r.map((c) => h("td", {}, ...inline(c))),
              ),
            ),
          ),
        ),
      );
    } else if (/^\s*[-*]\s+/.test(line)) {
      const ul = h("ul", {});
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i] as string)) {
        // Continuation lines (indented) join the previous item.
        let item = (lines[i] as string).replace(/^\s*[-*]\s+/, "");
        i++;
        for (
          let next = lines[i];
          next !== undefined && /^\s{2,}\S/.test(next) && !/^\s*[-*]\s+/.test(next);
          next = lines[i]
        ) {
          item += ` ${next.trim()}`;
          i++;
        }
        ul.append(h("li", {}, ...inline(item)));
      }
      box.append(ul);
    } else if (line.trim() === "") {
      i++;
    } else {
      let para = line.trim();
      i++;
      while (
        i < lines.length &&
        (lines[i] as string).trim() !== "" &&
        !/^(#{1,6}\s|\s*[-*]\s|\s*\|)/.test(lines[i] as string)
      ) {
        para += ` ${(lines[i] as string).trim()}`;
        i++;
      }
      box.append(h("p", {}, ...inline(para)));
    }
  }
  return box;
}

async function main(): Promise<void> {
  const root = appRoot();
  try {
    const p = await api<Provenance>("/v1/about/data");
    const attributions = p.areas.flatMap((a) => a.attributions.map((line) => ({ area: a.area, line })));
    render(
      root,
      h("h1", {}, "About / data sources"),
      h(
        "p",
        {},
        "Embargo ships converted copies of public data. Each area below names its sources, snapshot dates, licences and every change made. Nothing bundled is current enough for production licensing or screening decisions without refreshing from the official sources.",
      ),
      h("h2", {}, "Attribution"),
      attributions.length === 0
        ? h("p", { className: "muted" }, "No attribution lines found in the provenance files.")
        : h(
            "ul",
            { id: "attributions" },
            attributions.map((a) =>
              h("li", {}, ...inline(a.line), " ", h("span", { className: "muted" }, `(${a.area})`)),
            ),
          ),
      p.index ? h("div", { className: "card", id: "provenance-index" }, markdown(p.index)) : null,
      ...p.areas.map((a) =>
        h(
          "details",
          { className: "card", id: `provenance-${a.area}` },
          h("summary", {}, h("strong", {}, a.area), " ", h("span", { className: "muted" }, `data/${a.file}`)),
          markdown(a.markdown, 1),
        ),
      ),
    );
  } catch (e) {
    render(root, h("h1", {}, "About / data sources"), h("div", { className: "error" }, errorText(e)));
  }
}

void main();
