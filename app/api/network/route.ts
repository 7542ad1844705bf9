import { NextResponse } from "next/server";
import { getDb } from "@/db/client";
import { getNetwork } from "@/db/queries/network";
import { jsonError } from "@/lib/action";
import { currentViewer } from "@/lib/session";
import { networkQuerySchema } from "@/lib/validation/network";
import { can } from "@/lib/viewer";

/** The network map's data for the viewer's scope (compact arrays, lib/network/format.ts). */
export async function GET(req: Request) {
  const viewer = await currentViewer();
  if (!viewer) return jsonError("未登录", 401);
  if (!can(viewer, "customer:view")) return jsonError("记录不存在或您无权访问", 404);
  const url = new URL(req.url);
  const q = networkQuerySchema.parse(Object.fromEntries(url.searchParams));
  const data = await getNetwork(await getDb(), viewer, q);
  return NextResponse.json(data, { headers: { "Cache-Control": "private, no-store" } });
}
