import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Duplicate } from "@/db/queries/customers";
import { clientIp } from "./auth";
import { AppError } from "./errors";
import { isSameOrigin } from "./origin";
import { currentViewer } from "./session";
import { fieldErrors } from "./validation/common";
import type { Viewer } from "./viewer";

/** What every form action returns (useActionState). Never echoes secrets or internal errors. */
export type ActionState<T = unknown> = {
  ok?: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
  data?: T;
  duplicates?: Duplicate[];
  /** Bumped on each run so the UI can toast once per result. */
  at?: number;
};

export type ActionContext = { viewer: Viewer; db: Db; ip: string };

const GENERIC = "系统繁忙，保存未完成，请稍后重试";

/** Maps a thrown error to a state the UI may show; anything unexpected is logged and shown generically. */
export function toActionState(e: unknown): ActionState {
  if (e instanceof AppError) {
    const msg = e.code === "NOT_FOUND" ? "记录不存在或您无权访问" : e.message;
    return { ok: false, error: msg, fieldErrors: e.fieldErrors, at: Date.now() };
  }
  if (e instanceof z.ZodError) return { ok: false, error: "请修正标出的字段", fieldErrors: fieldErrors(e), at: Date.now() };
  console.error("[action] unexpected error", e);
  return { ok: false, error: GENERIC, at: Date.now() };
}

/**
 * The one path for every mutation: same-site Origin → signed-in viewer → the handler (which
 * validates with zod and calls db/queries, where permission, scope and audit live).
 */
export async function runAction<T>(handler: (ctx: ActionContext) => Promise<ActionState<T>>): Promise<ActionState<T>> {
  try {
    const h = await headers();
    if (!isSameOrigin(h)) throw new AppError("BAD_ORIGIN", "请求来源无效，请刷新页面后重试");
    const viewer = await currentViewer();
    if (!viewer) throw new AppError("UNAUTHENTICATED", "登录已过期，请重新登录");
    const result = await handler({ viewer, db: await getDb(), ip: clientIp(h) });
    return { at: Date.now(), ...result };
  } catch (e) {
    if (isNextControlFlow(e)) throw e;
    return toActionState(e) as ActionState<T>;
  }
}

/** redirect()/notFound() throw special errors that must propagate. */
function isNextControlFlow(e: unknown) {
  const d = (e as { digest?: unknown } | null)?.digest;
  return typeof d === "string" && (d.startsWith("NEXT_REDIRECT") || d.startsWith("NEXT_HTTP_ERROR_FALLBACK") || d === "NEXT_NOT_FOUND");
}
