// The project's one test command (`npm test`): typecheck, lint, then every `*.test.ts` beside the code
// under node's test runner (with tsx). Node 20's --test does not expand globs, so the files are listed here.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith("--"));
const skipStatic = args.includes("--no-static") || only.length > 0;

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".test.ts")) out.push(path.relative(root, p));
  }
  return out;
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit" });
  return r.status ?? 1;
}

if (!skipStatic) {
  if (run("npx", ["tsc", "-p", "tsconfig.json"]) !== 0) {
    console.error("typecheck failed");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  if (run("npx", ["biome", "check", "."]) !== 0) {
    console.error("lint failed (run `npm run format` / `npx biome check --write .`)");
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

let files = walk(path.join(root, "packages"), []).sort();
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const status = run(process.execPath, [
  "--import",
  "tsx",
  "--test",
  "--test-concurrency=2",
  "--test-reporter=spec",
  ...files,
]);
process.exit(status);
