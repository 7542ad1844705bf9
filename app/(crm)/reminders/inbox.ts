import "server-only";
import { getDb } from "@/db/client";
import { countOpenInbox, readInboxPage, teamDigest } from "@/db/queries/reminder-inbox";
import { today as companyToday } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";

/**
 * What the inbox page shows of the viewer's own inbox for today (the first items of every kind, or a page
 * of one kind; see readInboxPage), with a manager's team digest on the overview.
 */
export async function inboxFor(viewer: Viewer, opts: Parameters<typeof readInboxPage>[3]) {
  const today = companyToday();
  const db = await getDb();
  const [inbox, team] = await Promise.all([readInboxPage(db, viewer, today, opts), opts.kind ? [] : teamDigest(db, viewer, today)]);
  return { today, ...inbox, team };
}

/** The navigation badge (one indexed count); a failure here must never break every page, so it degrades to no badge. */
export async function badgeCountFor(viewer: Viewer) {
  try {
    return await countOpenInbox(await getDb(), viewer, companyToday());
  } catch (e) {
    console.error("[reminders] badge count failed", e);
    return 0;
  }
}
