#!/usr/bin/env node
// The `embargo` binary over createCLI(). By default it runs the compiled bundle in ../dist (built by `npm ci` /
// `npm run build`); EMBARGO_DEV=1 runs the TypeScript sources through tsx instead (development and tests, so an
// edit is live without rebuilding). See docs/ARCHITECTURE.md ("Build").
const dev = process.env.EMBARGO_DEV === "1";
let cli;
if (dev) {
  await import("tsx/esm/api").then((m) => m.register());
  cli = await import("../src/index.ts");
} else {
  try {
    cli = await import("../dist/index.js");
  } catch (e) {
    if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist")) throw e;
    process.stderr.write(
      "embargo: the compiled CLI is missing: run `npm run build` (or EMBARGO_DEV=1 to run the sources)\n",
    );
    process.exit(70);
  }
}
process.exitCode = await cli.createCLI().run(process.argv.slice(2));
