/** Error codes the UI may show; anything else is logged and shown generically. */
export const ERROR_STATUS = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION: 422,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  BAD_ORIGIN: 403,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message ?? code);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = () => new AppError("NOT_FOUND", "记录不存在");
export const forbidden = (msg = "没有权限执行此操作") => new AppError("FORBIDDEN", msg);
