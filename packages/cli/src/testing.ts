/**
 * Test support: run the real `embargo` binary as a user would (a child process over `bin/embargo.mjs`).
 * Tests run it on the TypeScript sources (`EMBARGO_DEV=1`, the bin's documented development path), so an edit is
 * tested without a rebuild; `build.test.ts` builds the compiled CLI and runs that.
 * Synchronous for simple cases; asynchronous when the test must keep serving (a loopback HTTP server) or run
 * cases concurrently.
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Absolute path of the CLI's bin script. */
export const embargoBin: string = fileURLToPath(new URL("../bin/embargo.mjs", import.meta.url));

/** What a run printed and returned. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Standard input. */
  input?: string;
  /** Extra environment variables (on top of this process's). */
  env?: Record<string, string>;
  cwd?: string;
  /** Kill the run after this long (default 90 s). */
  timeoutMs?: number;
}

/** Runs `embargo <args>` and waits for it. */
export function runEmbargo(args: string[], options: RunOptions = {}): RunResult {
  const r = spawnSync(process.execPath, [embargoBin, ...args], {
    encoding: "utf8",
    input: options.input,
    cwd: options.cwd,
    env: { ...process.env, EMBARGO_DEV: "1", ...options.env },
    timeout: options.timeoutMs ?? 90_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `embargo <args>` without blocking the event loop. */
export function runEmbargoAsync(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [embargoBin, ...args], {
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      cwd: options.cwd,
      env: { ...process.env, EMBARGO_DEV: "1", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => child.kill(), options.timeoutMs ?? 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr });
    });
  });
}
