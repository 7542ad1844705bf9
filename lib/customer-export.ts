import type { exportCustomers } from "@/db/queries/customers";

type ExportRow = Extract<Awaited<ReturnType<ReturnType<typeof exportCustomers>["next"]>>["value"], { id: string }>;

/** Columns of the customer list's export (CSV and .xlsx), in Chinese whatever the viewer's language. */
export const CUSTOMER_EXPORT_HEADER = ["客户ID", "类型", "客户姓名", "公司名称", "职务", "手机", "邮箱", "微信", "地址", "客户五级分类", "价值分级", "认识来源", "行业", "城市", "认识时间", "负责业务员", "创建时间"];

/** One exported customer's cells, under CUSTOMER_EXPORT_HEADER; `stageLabel` names the five-level stage. */
export function customerExportCells(r: ExportRow, stageLabel: (stage: ExportRow["stage"]) => string) {
  return [r.id, r.kind === "company" ? "单位客户" : "个人客户", r.name, r.companyName, r.title, r.mobile, r.email, r.wechat, r.address, stageLabel(r.stage), r.valueGrade, r.source, r.industry, r.city, r.metOn, r.ownerName, r.createdAt];
}
