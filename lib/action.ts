import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Duplicate } from "@/db/queries/customers";
import { clientIp } from "./auth";
import { AppError, ERROR_STATUS, type ErrorCode } from "./errors";
import { isSameOrigin } from "./origin";
import { requestLocale } from "@/i18n/locale";
import { currentViewer } from "./session";
import { fieldErrors } from "./validation/common";
import { localizeMessage, localizeState } from "./validation/messages-en";
import { parseFormData, sanitizeInput, UnsafeInputError, valuesForClient, type InputRecord, type ParsedInput } from "./validation/input";
import type { SubmittedValues } from "./submitted";
import type { Viewer } from "./viewer";

/** What every action returns (useActionState). Never echoes secrets or internal errors. */
export type ActionState<T = unknown> = {
  ok?: boolean;
  error?: string;
  fieldErrors?: Record<string, string>;
  /** On any result that is not ok, what the form submitted (files left out), so a failed save loses nothing. */
  values?: SubmittedValues;
  data?: T;
  duplicates?: Duplicate[];
  /** Why it failed, for callers that answer with a status (route handlers) or react to a kind of failure. */
  code?: ErrorCode | "INTERNAL";
  /** Bumped on each run so the UI can toast once per result. */
  at?: number;
};

export type ActionContext = { viewer: Viewer; db: Db; ip: string };
/** The context of an action that anyone may call (no session needed), e.g. switching the language. */
export type PublicActionContext = { viewer: Viewer | null; db: Db; ip: string };

type Result<R> = Omit<ActionState<R>, "at" | "values">;
type Options = {
  public?: boolean;
  /** The one action a session with a password to change may run (changing it); every other is refused. */
  passwordChange?: boolean;
};

const GENERIC = "系统繁忙，保存未完成，请稍后重试";

/** Marks a function made by this pipeline, so a test can prove every exported action is one. */
export const PIPELINE = Symbol.for("zhike.action-pipeline");

/** Maps a thrown error to a state the UI may show; anything unexpected is logged and shown generically. */
export function toActionState(e: unknown): ActionState {
  if (e instanceof AppError) {
    const msg = e.code === "NOT_FOUND" ? "记录不存在或您无权访问" : e.message;
    return { ok: false, code: e.code, error: msg, fieldErrors: e.fieldErrors, at: Date.now() };
  }
  if (e instanceof UnsafeInputError) return { ok: false, code: "VALIDATION", error: e.message, at: Date.now() };
  console.error("[action] unexpected error", e);
  return { ok: false, code: "INTERNAL", error: GENERIC, at: Date.now() };
}

/**
 * Validates with the action's schema. A failed check marked with `failsAs` (lib/validation/common.ts) becomes that AppError; the rest
 * become Chinese field errors keyed by path (`contacts.0.name`). For argument lists, a wrong argument is the
 * message itself, and inside an object argument the position is dropped, so `updateStage(…, { name })` reports `name`.
 */
function validate<S extends z.ZodType>(schema: S, input: unknown, args: boolean): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const code = issue.code === "custom" ? (issue.params?.appError as ErrorCode | undefined) : undefined;
    if (code && code in ERROR_STATUS) throw new AppError(code, issue.message === code ? undefined : issue.message);
  }
  if (!args) throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors(r.error));
  // an argument that is itself wrong (not a field inside one) is the message
  const whole = r.error.issues.find((i) => i.path.length <= 1);
  if (whole) throw new AppError("VALIDATION", whole.message);
  throw new AppError("VALIDATION", "请修正标出的字段", fieldErrors({ issues: r.error.issues.map((i) => ({ ...i, path: i.path.slice(1) })) }));
}

/**
 * The one path for every mutation: parse the raw input into null-prototype data → same-site Origin →
 * signed-in viewer → validate with the action's zod schema → the handler (which calls db/queries, where
 * permission, scope and audit live). Control characters found while parsing are field errors; anything the
 * handler throws that is not an AppError is logged and answered generically. The messages are written in
 * Chinese everywhere; the result's error and field errors leave here in the request's language
 * (lib/validation/messages-en.ts).
 */
async function execute<S extends z.ZodType, R>(
  parse: () => ParsedInput<unknown>,
  schema: S,
  handler: (input: z.output<S>, ctx: PublicActionContext) => Promise<Result<R>>,
  opts: Options & { args: boolean },
): Promise<ActionState<R>> {
  return localizeState(await run(parse, schema, handler, opts), await requestLocale());
}

async function run<S extends z.ZodType, R>(
  parse: () => ParsedInput<unknown>,
  schema: S,
  handler: (input: z.output<S>, ctx: PublicActionContext) => Promise<Result<R>>,
  opts: Options & { args: boolean },
): Promise<ActionState<R>> {
  let form: InputRecord | undefined;
  const withValues = (s: ActionState<R>): ActionState<R> => (s.ok || !form ? s : { ...s, values: valuesForClient(form) });
  try {
    const parsed = parse();
    if (!opts.args) form = parsed.values as InputRecord;
    const h = await headers();
    if (!isSameOrigin(h)) throw new AppError("BAD_ORIGIN", "请求来源无效，请刷新页面后重试");
    const viewer = await currentViewer();
    if (!viewer && !opts.public) throw new AppError("UNAUTHENTICATED", "登录已过期，请重新登录");
    if (viewer?.mustChangePassword && !opts.passwordChange) throw new AppError("FORBIDDEN", "请先修改初始密码");
    if (parsed.fieldErrors) throw new AppError("VALIDATION", "请修正标出的字段", parsed.fieldErrors);
    const input = validate(schema, parsed.values, opts.args);
    const result = await handler(input, { viewer, db: await getDb(), ip: clientIp(h) });
    return withValues({ at: Date.now(), ...result });
  } catch (e) {
    if (isNextControlFlow(e)) throw e;
    return withValues(toActionState(e) as ActionState<R>);
  }
}

function mark<F extends object>(f: F): F {
  Object.defineProperty(f, PIPELINE, { value: true });
  return f;
}

/** A form action for useActionState: `(prev, formData)`; the schema reads the parsed form. */
export function formAction<S extends z.ZodType, R = unknown>(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<Result<R>>,
  options: Pick<Options, "passwordChange"> = {},
): (prev: ActionState<R>, formData: FormData) => Promise<ActionState<R>> {
  return mark((_prev: ActionState<R>, formData: FormData) =>
    execute(
      () => {
        // the wire can carry anything in place of the form; only a form is a form
        if (!(formData instanceof FormData)) throw new UnsafeInputError("提交的数据格式无效");
        return parseFormData(formData);
      },
      schema,
      handler as never,
      { args: false, ...options },
    ),
  );
}

/**
 * An action called from client code with arguments: the schema is a tuple of them, e.g.
 * `action(z.tuple([entityId, stageId]), async ([dealId, stageId], ctx) => …)`.
 */
export function action<S extends z.ZodTuple, R = unknown>(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<Result<R>>,
): (...args: z.input<S>) => Promise<ActionState<R>> {
  return mark((...args: unknown[]) => execute(() => sanitizeInput(args), schema, handler as never, { args: true }));
}

/** Like `action`, for the few mutations anyone may make without signing in (the Origin is still checked). */
export function publicAction<S extends z.ZodTuple, R = unknown>(
  schema: S,
  handler: (input: z.output<S>, ctx: PublicActionContext) => Promise<Result<R>>,
): (...args: z.input<S>) => Promise<ActionState<R>> {
  return mark((...args: unknown[]) => execute(() => sanitizeInput(args), schema, handler, { args: true, public: true }));
}

/** The largest JSON body a route handler mutation reads. */
const ROUTE_BODY_LIMIT = 64 * 1024;

/**
 * The same pipeline for a route handler mutation with a JSON body: `(request) → Response`, the status from the
 * AppError's code, 500 only for the unexpected (logged, never echoed).
 */
export function routeAction<S extends z.ZodType, R = unknown>(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<Result<R>>,
  opts: { bodyLimit?: number } = {},
): (req: Request) => Promise<Response> {
  return mark(async (req: Request) => {
    let body: unknown;
    try {
      const text = await req.text();
      if (text.length > (opts.bodyLimit ?? ROUTE_BODY_LIMIT)) throw new AppError("VALIDATION", "提交的内容过大");
      body = text ? JSON.parse(text) : {};
    } catch (e) {
      const message = e instanceof AppError ? e.message : "请求内容不是有效的 JSON";
      return Response.json({ ok: false, code: "VALIDATION", error: localizeMessage(message, await requestLocale()) }, { status: 422 });
    }
    const s = await execute(
      () => {
        const parsed = sanitizeInput(body);
        if (parsed.values === null || typeof parsed.values !== "object" || Array.isArray(parsed.values)) throw new UnsafeInputError("提交的数据格式无效");
        return parsed;
      },
      schema,
      handler as never,
      { args: false },
    );
    const status = s.ok ? 200 : statusOf(s);
    return Response.json({ ok: !!s.ok, code: s.code, error: s.error, fieldErrors: s.fieldErrors, data: s.data }, { status, headers: { "cache-control": "no-store" } });
  });
}

/**
 * The same pipeline for a route handler mutation with a multipart body (a file upload too large for a server
 * action, e.g. the customer import's up to 50 MB): the form is parsed like a server action's
 * (parseFormData; the file stays a File), then Origin → viewer → schema → handler.
 */
export function routeFormAction<S extends z.ZodType, R = unknown>(
  schema: S,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<Result<R>>,
): (req: Request) => Promise<Response> {
  return mark(async (req: Request) => {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      return Response.json({ ok: false, code: "VALIDATION", error: localizeMessage("上传的内容无效，请重新选择文件", await requestLocale()) }, { status: 422 });
    }
    const s = await execute(() => parseFormData(form), schema, handler as never, { args: false });
    const status = s.ok ? 200 : statusOf(s);
    return Response.json({ ok: !!s.ok, code: s.code, error: s.error, fieldErrors: s.fieldErrors, data: s.data }, { status, headers: { "cache-control": "no-store" } });
  });
}

/**
 * A route handler's JSON error answer, `{ error }`, in the request's language — for the checks a handler makes
 * before any pipeline (e.g. no session on a GET). Write the message in Chinese, like every other.
 */
export async function jsonError(message: string, status: number, headers?: HeadersInit): Promise<Response> {
  return Response.json({ error: localizeMessage(message, await requestLocale()) }, { status, headers });
}

/** The same as plain text, for routes that answer with a file. */
export async function textError(message: string, status: number): Promise<Response> {
  return new Response(localizeMessage(message, await requestLocale()), { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

function statusOf(s: ActionState) {
  if (s.code === "INTERNAL") return 500;
  return s.code ? ERROR_STATUS[s.code] : 422;
}

/** redirect()/notFound() throw special errors that must propagate. */
function isNextControlFlow(e: unknown) {
  const d = (e as { digest?: unknown } | null)?.digest;
  return typeof d === "string" && (d.startsWith("NEXT_REDIRECT") || d.startsWith("NEXT_HTTP_ERROR_FALLBACK") || d === "NEXT_NOT_FOUND");
}
