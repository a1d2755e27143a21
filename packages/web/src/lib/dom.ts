/** Tiny DOM helpers for the pages (no framework: the pages are forms and tables). */

type Child = Node | string | number | null | undefined | false;

/** Creates an element with attributes and children; `on*` attributes that are functions become listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, unknown> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function")
      el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === "className") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces the children of `el`. */
export function render(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren(
    ...children
      .flat()
      .filter((c): c is Node | string => c !== null && c !== undefined && c !== false)
      .map((c) => (typeof c === "number" ? String(c) : c)),
  );
}

/** The page's main container. */
export function appRoot(): HTMLElement {
  const el = document.getElementById("app");
  if (!el) throw new Error("#app missing");
  return el;
}

/** A badge for a verdict/level word, coloured by CSS class `badge-<word>`. */
export function badge(word: string): HTMLSpanElement {
  return h("span", { className: `badge badge-${word.toLowerCase().replace(/[^a-z0-9]+/g, "-")}` }, word);
}
