import { sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDb, queryRows } from "@/db/client";

/** Liveness and database readiness (opens, migrates and on first run seeds the embedded database). */
export async function GET() {
  try {
    const db = await getDb();
    await queryRows(db, sql`select 1 as ok`);
    return NextResponse.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    console.error("[health] database not ready", e);
    return NextResponse.json({ ok: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
