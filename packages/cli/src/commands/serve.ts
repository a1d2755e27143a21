import { startServer } from "@embargo/server";
import { type Command, parse } from "../command.ts";

const usage = "embargo serve [--port N] [--host ADDR]";

/** `embargo serve`: the HTTP API and the web app on embedded defaults. */
export const serveCommand: Command = {
  name: "serve",
  summary: "Serve the HTTP API and the web app (embedded data, no external service)",
  usage,
  examples: [
    "npx embargo serve --port 8080",
    "npx embargo serve --host 0.0.0.0 --port 9000 --state-dir /var/lib/embargo",
  ],
  async run(ctx, argv) {
    const { values } = parse(argv, { port: { type: "string" }, host: { type: "string" } }, usage);
    const port = Number(values.port ?? ctx.io.env.PORT ?? 8080);
    const host = values.host ?? ctx.io.env.HOST ?? "127.0.0.1";
    const server = await startServer({ engine: ctx.engine, port, host });
    ctx.out(
      `Embargo listening on http://${host}:${server.port}/ (API at /v1, OpenAPI at /openapi.json; /readyz once warm)\n`,
    );
    await server.closed;
    // Everything the server opened is closed; a warm-up still computing must not hold the exit back.
    setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref();
    return 0;
  },
};
