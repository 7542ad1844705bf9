import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { exportDeals } from "@/db/queries/exports";
import { DEFAULT_LOCALE } from "@/i18n/config";
import { today } from "@/lib/dates";
import { currentViewer } from "@/lib/session";
import { analyticsQuerySchema } from "@/lib/validation/analytics";
import { can } from "@/lib/viewer";
import { downloadHeaders, streamXlsx } from "@/lib/xlsx";

const HEADER = ["交易", "客户", "产品/项目", "阶段", "状态", "预计交易额", "预计交易时间", "成交概率(%)", "交易金额", "成交日期", "负责业务员", "更新时间"];

/** 交易信息 as .xlsx, streamed, with the deals list's filters, inside the viewer's scope. Amounts stay exact (numbers from numeric strings). */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return new Response("未登录", { status: 401 });
  if (!can(viewer, "deal:view") || !can(viewer, "customer:export")) return new Response("Not found", { status: 404 });
  const q = analyticsQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const t = await getTranslations({ locale: DEFAULT_LOCALE, namespace: "deal" });
  const db = await getDb();
  const rows = exportDeals(db, viewer, { ...q, cursor: undefined });
  // numeric(14,2) as a spreadsheet number: two decimals survive a double exactly up to 10^13
  const money = (v: string | null) => (v == null ? null : Number(v));
  const body = streamXlsx("交易信息", HEADER, async (sheet) => {
    for await (const r of rows)
      sheet.addRow([r.title, r.customerName, r.productName, r.stageName, t(`status.${r.status}`), money(r.expectedAmount), r.expectedDate, r.probability, money(r.amount), r.closedOn, r.ownerName, r.updatedAt]);
  });
  const d = today();
  return new Response(body, { headers: downloadHeaders(`deals-${d}.xlsx`, `交易信息-${d}.xlsx`) });
}
