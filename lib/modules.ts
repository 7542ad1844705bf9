import type { Permission } from "./permissions";

/**
 * Every module of DOMAIN.md §2 with its route and whether it is built (the lessons name their module
 * route in their frontmatter).
 * The navigation, the "not built yet" page and the reminder links all read this one list.
 */
export type ModuleDef = {
  key: string;
  href: string;
  group: "crm" | "time" | "marketing" | "team" | "system";
  built: boolean;
  permission?: Permission;
  /** Shown in the phone's bottom bar. */
  primary?: boolean;
};

export const MODULES: ModuleDef[] = [
  { key: "dashboard", href: "/", group: "crm", built: true, primary: true },
  { key: "customers", href: "/customers", group: "crm", built: true, permission: "customer:view", primary: true },
  { key: "communications", href: "/communications", group: "crm", built: true, permission: "communication:view", primary: true },
  { key: "deals", href: "/deals", group: "crm", built: true, permission: "deal:view" },
  { key: "pipeline", href: "/pipeline", group: "crm", built: true, permission: "deal:view" },
  { key: "funnel", href: "/analytics/funnel", group: "crm", built: true, permission: "deal:view" },
  { key: "stageStats", href: "/analytics/stages", group: "crm", built: true, permission: "analytics:view" },
  { key: "valueGrades", href: "/analytics/value", group: "marketing", built: true, permission: "analytics:view" },
  { key: "pareto", href: "/analytics/pareto", group: "marketing", built: true, permission: "analytics:view" },
  { key: "sources", href: "/analytics/sources", group: "marketing", built: true, permission: "analytics:view" },
  { key: "products", href: "/products", group: "crm", built: true },
  { key: "plans", href: "/plans", group: "time", built: true, permission: "plan:view" },
  { key: "todos", href: "/todos", group: "time", built: true },
  { key: "reminders", href: "/reminders", group: "time", built: true, primary: true },
  { key: "network", href: "/network", group: "marketing", built: true, permission: "customer:view" },
  { key: "marketing", href: "/marketing", group: "marketing", built: true, permission: "marketing:send" },
  { key: "analytics", href: "/analytics", group: "marketing", built: false, permission: "analytics:view" },
  { key: "team", href: "/team", group: "team", built: true, permission: "plan:review" },
  // the shared pool (公海): every sales role claims from it, managers assign from it
  { key: "pool", href: "/team/pool", group: "team", built: true, permission: "customer:view" },
  { key: "training", href: "/training", group: "team", built: true },
  { key: "admin", href: "/admin", group: "system", built: true, permission: "admin:view" },
  { key: "processes", href: "/admin/processes", group: "system", built: true, permission: "admin:processes" },
  { key: "valueRules", href: "/admin/value-grades", group: "system", built: true, permission: "admin:dictionaries" },
  { key: "poolRules", href: "/admin/pool", group: "system", built: true, permission: "admin:org" },
];

export const MODULE_GROUPS = ["crm", "time", "marketing", "team", "system"] as const;

export function moduleFor(pathname: string) {
  if (pathname === "/") return MODULES[0];
  return MODULES.filter((m) => m.href !== "/" && (pathname === m.href || pathname.startsWith(m.href + "/"))).sort((a, b) => b.href.length - a.href.length)[0];
}
