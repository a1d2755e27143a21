/** One entry per web page. A capability adds its page here (one line) and its module under `pages/`. */
export interface PageDef {
  /** URL path segment: the page is served at `/${id}`. */
  id: string;
  /** Navigation label. */
  title: string;
  /** Module file under `src/pages/`, bundled by esbuild. */
  entry: string;
}

export const pages: PageDef[] = [
  { id: "check", title: "Check a shipment", entry: "check.ts" },
  { id: "compare", title: "Compare members", entry: "compare.ts" },
  { id: "hs", title: "HS codes", entry: "hs.ts" },
  { id: "screen", title: "Screen a party", entry: "screen.ts" },
  { id: "diamonds", title: "Diamonds", entry: "diamonds.ts" },
  { id: "trade", title: "Trade monitor", entry: "trade.ts" },
  { id: "about", title: "About", entry: "about.ts" },
];
