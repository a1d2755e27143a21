/** One entry per web page. A capability adds its page here (one line) and its module under `pages/`. */
export interface PageDef {
  /** URL path segment: the page is served at `/${id}`. */
  id: string;
  /** Navigation label. */
  title: string;
  /** Module file under `src/pages/`, bundled by esbuild. */
  entry: string;
}

export const pages: PageDef[] = [];
