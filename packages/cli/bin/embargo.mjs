#!/usr/bin/env node
// Two lines over createCLI(): tsx loads the TypeScript sources directly, so there is no build step to go stale.
await import("tsx/esm/api").then((m) => m.register());
process.exitCode = await (await import("../src/index.ts")).createCLI().run(process.argv.slice(2));
