import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { exportCommunications } from "@/db/queries/exports";
import { DEFAULT_LOCALE } from "@/i18n/config";
import { today } from "@/lib/dates";
import { currentViewer } from "@/lib/session";
import { communicationListQuerySchema } from "@/lib/validation/communication";
import { can } from "@/lib/viewer";
import { downloadHeaders, streamXlsx } from "@/lib/xlsx";

const HEADER = ["交流时间", "客户", "交流人", "公司名称", "交流方式", "交流主题", "交流目的", "兴趣程度", "交流纪要", "需求体会", "下次跟进", "负责业务员"];

/** 交流记录一览表 as .xlsx, streamed, with the overview's filters, inside the viewer's scope. */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return new Response("未登录", { status: 401 });
  if (!can(viewer, "communication:view") || !can(viewer, "customer:export")) return new Response("Not found", { status: 404 });
  const q = communicationListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const t = await getTranslations({ locale: DEFAULT_LOCALE, namespace: "comm" });
  const db = await getDb();
  const rows = exportCommunications(db, viewer, { ...q, cursor: undefined });
  const body = streamXlsx("交流记录", HEADER, async (sheet) => {
    for await (const r of rows)
      sheet.addRow([r.contactedAt, r.customerName, r.contactName, r.companyName, t(`methods.${r.method}`), r.topic, r.purpose, r.interest, r.summary, r.needsInsight, r.nextFollowUp, r.ownerName]);
  });
  const d = today();
  return new Response(body, { headers: downloadHeaders(`communications-${d}.xlsx`, `交流记录-${d}.xlsx`) });
}
