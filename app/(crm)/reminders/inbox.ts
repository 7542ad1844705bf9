import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { countOpenInbox, readInbox, teamDigest } from "@/db/queries/reminder-inbox";
import { today as companyToday } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";

/** The viewer's own inbox for today, read once per request from the materialised inbox. */
export const inboxFor = cache(async (viewer: Viewer) => {
  const today = companyToday();
  const db = await getDb();
  const [inbox, team] = await Promise.all([readInbox(db, viewer, today), teamDigest(db, viewer, today)]);
  return { today, ...inbox, team };
});

/** The navigation badge (one indexed count); a failure here must never break every page, so it degrades to no badge. */
export async function badgeCountFor(viewer: Viewer) {
  try {
    return await countOpenInbox(await getDb(), viewer, companyToday());
  } catch (e) {
    console.error("[reminders] badge count failed", e);
    return 0;
  }
}
