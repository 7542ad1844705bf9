import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { searchCustomers } from "@/db/queries/customers";
import { currentViewer } from "@/lib/session";
import { can } from "@/lib/viewer";

/** Quick search for pickers and the search box; scoped like every other read. */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return NextResponse.json({ error: "未登录" }, { status: 401 });
  if (!can(viewer, "customer:view")) return NextResponse.json({ rows: [] });
  const url = new URL(req.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 50);
  const kindParam = url.searchParams.get("kind");
  const kind = kindParam === "company" || kindParam === "individual" ? kindParam : undefined;
  const rows = await searchCustomers(await getDb(), viewer, q, 10, { kind });
  return NextResponse.json({ rows }, { headers: { "Cache-Control": "private, no-store" } });
}
