/**
 * Helpers shared by the stores that keep downloaded data as immutable versions under the state directory (list
 * updates, regime updates): version-folder stamps, an update lock, and atomic file replacement.
 */
import { randomBytes } from "node:crypto";
import { open, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { EmbargoError } from "../errors/index.ts";

/** `20261206T234138Z`: a sortable, filename-safe timestamp. */
export function versionStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/**
 * Takes `<dir>/.lock` (exclusive create); a lock older than an hour is treated as stale. Throws `code` (conflict)
 * when another update holds it; returns the release function.
 */
export async function acquireUpdateLock(dir: string, code: string, what: string): Promise<() => Promise<void>> {
  const file = path.join(dir, ".lock");
  try {
    const h = await open(file, "wx");
    await h.close();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const age = Date.now() - (await stat(file)).mtimeMs;
    if (age < 3_600_000)
      throw new EmbargoError({
        code,
        category: "conflict",
        message: `another ${what} holds ${file}; try again when it has finished`,
      });
    await writeFile(file, "");
  }
  return () => rm(file, { force: true });
}

/** Writes `text` to a temporary file beside `file` and renames it into place: readers see old or new, never half. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}-${randomBytes(6).toString("hex")}`);
  await writeFile(tmp, text);
  await rename(tmp, file);
}
