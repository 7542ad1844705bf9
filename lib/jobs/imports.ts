/**
 * Applies customer imports in the background (ARCHITECTURE.md, "Jobs"): batch after batch, each its own
 * transaction (db/queries/imports.ts applyImportBatch), yielding to requests between batches. A failing
 * batch pauses the import with the reason; the user resumes it and it continues from the first row not yet
 * applied. Imports left applying when the server stopped are picked up again at start-up.
 */
import { AppError } from "@/lib/errors";

const running = new Set<string>();

/** Starts (or keeps) the runner of one import in this process; returns at once. */
export function runImportInBackground(jobId: string) {
  if (running.has(jobId)) return;
  running.add(jobId);
  void (async () => {
    const [{ getDb }, { applyImportBatch, pauseImport }] = await Promise.all([import("@/db/client"), import("@/db/queries/imports")]);
    const db = await getDb();
    try {
      for (;;) {
        const r = await applyImportBatch(db, jobId);
        if (r.done) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      const message = e instanceof AppError ? e.message : "一批数据写入失败，已写入的数据不受影响，可以继续导入";
      if (!(e instanceof AppError)) console.error("[import] batch failed", jobId, e);
      await pauseImport(db, jobId, message).catch((err) => console.error("[import] could not pause", jobId, err));
    } finally {
      running.delete(jobId);
    }
  })();
}

/** Resumes the imports a stopped server left applying. */
export async function resumeImports() {
  const [{ getDb }, { applyingImportIds }] = await Promise.all([import("@/db/client"), import("@/db/queries/imports")]);
  const ids = await applyingImportIds(await getDb());
  for (const id of ids) runImportInBackground(id);
  if (ids.length) console.log(`[jobs] resuming ${ids.length} customer import(s)`);
}
