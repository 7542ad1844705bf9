import { z } from "zod";
import { DATA_SCOPES, PERMISSIONS } from "@/lib/permissions";
import { entityId, failsAs, optText, reqText } from "./common";
import { int } from "./product";

/** A password someone chooses or an admin sets as the initial one: 8–72 characters, letters and digits both. */
export const passwordSchema = z
  .string({ error: "请填写密码" })
  .min(8, { error: "密码至少 8 位" })
  .max(72, { error: "密码最多 72 位" })
  .refine((s) => /[A-Za-z]/.test(s) && /\d/.test(s), { error: "密码须同时包含字母和数字" });

const selected = (label: string) => z.preprocess((v) => (v === "" ? undefined : v), z.string({ error: `请选择${label}` }).uuid({ error: `请选择${label}` }));

const mobile = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[\s-]/g, "") || null : v ?? null),
  z.string().regex(/^1\d{10}$/, { error: "手机号格式不正确" }).nullable(),
);

/** A version token carried by an edit form: malformed = someone else changed it (refresh). */
export const versionToken = z.preprocess(
  (v) => {
    const r = int(1, 2_000_000_000, "版本无效").safeParse(v);
    return r.success ? r.data : undefined;
  },
  z.custom<number>((v) => typeof v === "number", failsAs("CONFLICT", "记录已被他人修改，请刷新后重试")),
);

export const orgUnitInputSchema = z.object({
  parentId: selected("上级部门"),
  kind: z.enum(["branch", "department", "agent"], { error: "请选择部门类型" }),
  name: reqText(50, "部门名称"),
});

export const unitNameSchema = reqText(50, "部门名称");

export const newUserSchema = z.object({
  email: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.string({ error: "请填写邮箱" }).max(100, { error: "最多 100 个字" }).pipe(z.email({ error: "邮箱格式不正确" }))),
  name: reqText(30, "姓名"),
  mobile,
  orgUnitId: selected("部门"),
  roleId: selected("角色"),
  password: passwordSchema,
});

export const editUserSchema = z.object({
  id: entityId,
  version: versionToken,
  name: reqText(30, "姓名"),
  mobile,
  orgUnitId: selected("部门"),
  roleId: selected("角色"),
});

export const resetPasswordSchema = z.object({ id: entityId, password: passwordSchema });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "请填写当前密码" }).min(1, { error: "请填写当前密码" }).max(200),
    password: passwordSchema,
    confirmPassword: z.string({ error: "请再次输入新密码" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "两次输入的新密码不一致" })
  .refine((v) => v.password !== v.currentPassword, { path: ["password"], error: "新密码不能与当前密码相同" });

export const roleNameSchema = reqText(30, "角色名称");

const permissionList = z.preprocess(
  (v) => (v == null ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(PERMISSIONS, { error: "功能权限无效" })).max(PERMISSIONS.length),
);

export const roleInputSchema = z.object({
  id: entityId,
  version: versionToken,
  name: roleNameSchema,
  dataScope: z.enum(DATA_SCOPES, { error: "请选择数据权限" }),
  permissions: permissionList,
});

export const copyRoleSchema = z.object({ fromId: entityId, name: roleNameSchema });

export const dictionaryKindSchema = z.enum(["source", "industry", "region", "city", "circle", "credit_grade"], { error: "字典类型无效" });

export const dictionaryItemSchema = z.object({
  kind: dictionaryKindSchema,
  label: reqText(30, "名称"),
  parentId: z.preprocess((v) => (v === "" ? null : v), z.string().uuid({ error: "请选择所属区域" }).nullable().optional()),
});

export const dictionaryLabelSchema = reqText(30, "名称");

export const auditFilterSchema = z.object({
  actor: z.string().uuid().optional().catch(undefined),
  type: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  action: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
});
