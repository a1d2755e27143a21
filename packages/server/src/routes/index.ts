import type { RouteModule } from "../context.ts";

/** Every capability's HTTP module. A capability adds its module here (one line). */
export const routeModules: RouteModule[] = [];
