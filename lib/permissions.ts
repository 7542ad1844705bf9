/** Function permissions (功能权限). Roles hold a subset; checks go through can(). */
export const PERMISSIONS = [
  "customer:view",
  "customer:create",
  "customer:edit",
  "customer:delete",
  "customer:assign",
  "customer:export",
  "customer:reveal_id",
  "communication:view",
  "communication:create",
  "deal:view",
  "deal:create",
  "deal:edit",
  /** Write selling tools: FAB chains and competitor analyses (edit or delete only one's own). */
  "product:fab",
  /** The product catalogue: create, edit, archive products; edit any FAB chain or analysis. */
  "product:manage",
  "plan:view",
  "plan:create",
  "plan:review",
  "analytics:view",
  "marketing:send",
  "training:team",
  /** Read the admin console (组织架构, 用户, 角色, 数据字典, 审计日志): the GM views, the admin also edits. */
  "admin:view",
  "admin:org",
  "admin:users",
  "admin:dictionaries",
  "admin:processes",
  "audit:view",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const DATA_SCOPES = ["none", "self", "unit", "unit_tree", "all"] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

const SALES_BASE: Permission[] = [
  "customer:view",
  "customer:create",
  "customer:edit",
  "customer:delete",
  "communication:view",
  "communication:create",
  "deal:view",
  "deal:create",
  "deal:edit",
  "product:fab",
  "plan:view",
  "plan:create",
];

/** The built-in roles of DOMAIN.md §1 (roles.built_in): templates admins copy into roles of their own; never edited. */
export const DEFAULT_ROLES: { code: string; name: string; dataScope: DataScope; permissions: Permission[] }[] = [
  // reps see statistics too — of their own customers (the data scope applies to every chart); they send
  // 服务营销 messages to their own customers (DOMAIN.md §2.10), a manager to the unit's
  { code: "rep", name: "业务员", dataScope: "self", permissions: [...SALES_BASE, "customer:export", "analytics:view", "marketing:send"] },
  { code: "agent", name: "代理商", dataScope: "self", permissions: [...SALES_BASE, "analytics:view"] },
  {
    code: "manager",
    name: "部门经理",
    dataScope: "unit_tree",
    permissions: [...SALES_BASE, "customer:assign", "customer:export", "customer:reveal_id", "plan:review", "analytics:view", "marketing:send", "training:team", "product:manage"],
  },
  {
    code: "gm",
    name: "总经理",
    dataScope: "all",
    permissions: [...SALES_BASE, "customer:assign", "customer:export", "customer:reveal_id", "plan:review", "analytics:view", "marketing:send", "training:team", "product:manage", "audit:view", "admin:view"],
  },
  {
    code: "admin",
    name: "系统管理员",
    dataScope: "none",
    permissions: ["admin:view", "admin:org", "admin:users", "admin:dictionaries", "admin:processes", "product:manage", "audit:view"],
  },
];

/**
 * A role's name in the reader's language: a built-in role that still has its built-in name is shown
 * translated (roles.<code>); a role an admin added or renamed is data, shown as entered.
 */
export function roleLabel(t: (key: string) => string, role: { code: string; name: string }): string {
  const builtIn = DEFAULT_ROLES.find((r) => r.code === role.code);
  return builtIn && builtIn.name === role.name ? t(`roles.${role.code}`) : role.name;
}
