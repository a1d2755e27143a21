import type { RouteModule } from "../context.ts";
import { auditRoutes } from "./audit.ts";
import { checkRoutes } from "./check.ts";
import { checkReportRoutes } from "./check-report.ts";
import { diamondsRoutes } from "./diamonds.ts";
import { diamondsDemoRoutes } from "./diamonds-demo.ts";
import { hsRoutes } from "./hs.ts";
import { listsRoutes } from "./lists.ts";
import { regimesRoutes } from "./regimes.ts";
import { regimesUpdateRoutes } from "./regimes-update.ts";
import { screenRoutes } from "./screen.ts";
import { tradeRoutes } from "./trade.ts";

/** Every capability's HTTP module. A capability adds its module here (one line). */
export const routeModules: RouteModule[] = [
  checkRoutes,
  checkReportRoutes,
  // before regimesRoutes: its GET /v1/regimes/:id would take /v1/regimes/sources
  regimesUpdateRoutes,
  regimesRoutes,
  hsRoutes,
  listsRoutes,
  tradeRoutes,
  diamondsRoutes,
  diamondsDemoRoutes,
  screenRoutes,
  auditRoutes,
];
