/** Test helper: a data dir with a subset of the bundled lists (a realistic index at a fraction of the build time). */
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bundledDataDir } from "../../data/index.ts";

/** A data dir holding only the bundled UN and OFAC consolidated lists (small, several scripts). */
export async function smallListsDataDir(): Promise<string> {
  const repoData = bundledDataDir;
  const dir = await mkdtemp(path.join(os.tmpdir(), "embargo-idxsnap-data-"));
  const manifest = JSON.parse(await readFile(path.join(repoData, "lists", "manifest.json"), "utf8")) as {
    snapshots: { list: string }[];
  };
  manifest.snapshots = manifest.snapshots.filter((s) => s.list === "un-sc" || s.list === "ofac-cons");
  await mkdir(path.join(dir, "lists"), { recursive: true });
  await writeFile(path.join(dir, "lists", "manifest.json"), JSON.stringify(manifest));
  for (const s of manifest.snapshots)
    await cp(path.join(repoData, "lists", s.list), path.join(dir, "lists", s.list), { recursive: true });
  return dir;
}
