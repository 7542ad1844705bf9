/**
 * Works bulk assignments (客户分配) and hand-overs in the background (ARCHITECTURE.md, "Jobs"), like customer
 * imports (lib/jobs/imports.ts): batch after batch, each its own transaction with its progress
 * (db/queries/assignments.ts applyAssignmentBatch), yielding to requests between batches. A failing batch
 * pauses the job with the reason; resuming continues from the first item not done. Jobs left running when
 * the server stopped are picked up again at start-up.
 */
import { AppError } from "@/lib/errors";

const running = new Set<string>();

/** Starts (or keeps) the runner of one job in this process; returns at once. */
export function runAssignmentInBackground(jobId: string) {
  if (running.has(jobId)) return;
  running.add(jobId);
  void (async () => {
    const [{ getDb }, { applyAssignmentBatch, pauseAssignmentJob }] = await Promise.all([import("@/db/client"), import("@/db/queries/assignments")]);
    const db = await getDb();
    try {
      for (;;) {
        const r = await applyAssignmentBatch(db, jobId);
        if (r.done) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      const message = e instanceof AppError ? e.message : "一批客户分配失败，已分配的不受影响，可以继续";
      if (!(e instanceof AppError)) console.error("[assign] batch failed", jobId, e);
      await pauseAssignmentJob(db, jobId, message).catch((err) => console.error("[assign] could not pause", jobId, err));
    } finally {
      running.delete(jobId);
    }
  })();
}

/** Resumes the jobs a stopped server left running. */
export async function resumeAssignments() {
  const [{ getDb }, { runningAssignmentJobIds }] = await Promise.all([import("@/db/client"), import("@/db/queries/assignments")]);
  const ids = await runningAssignmentJobIds(await getDb());
  for (const id of ids) runAssignmentInBackground(id);
  if (ids.length) console.log(`[jobs] resuming ${ids.length} customer assignment(s)`);
}
