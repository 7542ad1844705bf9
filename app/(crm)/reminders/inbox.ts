import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getInbox } from "@/db/queries/reminders";
import { today as companyToday } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";

/** The viewer's inbox for today, computed once per request (the layout's badge and the page share it). */
export const inboxFor = cache(async (viewer: Viewer) => {
  const today = companyToday();
  return { today, ...(await getInbox(await getDb(), viewer, today)) };
});

/** The navigation badge; a failure here must never break every page, so it degrades to no badge. */
export async function badgeCountFor(viewer: Viewer) {
  try {
    const { reminders } = await inboxFor(viewer);
    return reminders.filter((r) => r.status === "open").length;
  } catch (e) {
    console.error("[reminders] badge count failed", e);
    return 0;
  }
}
