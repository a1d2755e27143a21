/**
 * Where the bundled data lives. The repository's `data/` folder ships with the code (with its PROVENANCE.md);
 * nothing here reads the engineers' shared source folder or the network.
 */
import { fileURLToPath } from "node:url";

/** Absolute path of the repository's bundled `data/` folder. */
export const bundledDataDir: string = fileURLToPath(new URL("../../../../data/", import.meta.url));

export { attributionLines, type DataProvenance, type ProvenanceArea, readDataProvenance } from "./provenance.ts";
