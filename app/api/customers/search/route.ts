import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { searchCustomers } from "@/db/queries/customers";
import { jsonError } from "@/lib/action";
import { currentViewer } from "@/lib/session";
import { customerSearchQuerySchema } from "@/lib/validation/customer";
import { can } from "@/lib/viewer";

/** Quick search for pickers and the search box; scoped like every other read. */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return jsonError("未登录", 401);
  if (!can(viewer, "customer:view")) return NextResponse.json({ rows: [] });
  const url = new URL(req.url);
  const { q, kind } = customerSearchQuerySchema.parse({ q: url.searchParams.get("q"), kind: url.searchParams.get("kind") });
  if (!q) return NextResponse.json({ rows: [] }, { headers: { "Cache-Control": "private, no-store" } });
  const rows = await searchCustomers(await getDb(), viewer, q, 10, { kind });
  return NextResponse.json({ rows }, { headers: { "Cache-Control": "private, no-store" } });
}
