import { createImport } from "@/db/queries/imports";
import { routeFormAction } from "@/lib/action";
import { AppError } from "@/lib/errors";
import { cleanFileName } from "@/lib/validation/deal-file";
import { ImportFileError, readImportFile } from "@/lib/import/read";
import { importUploadSchema } from "@/lib/validation/import";

/**
 * Uploads a file to import (.xlsx, .csv, .vcf, under 50 MB): read, its columns mapped, its rows kept for the
 * dry run. A route handler rather than a server action because server actions stop at 11 MB
 * (lib/request-limits.ts IMPORT_BODY_LIMIT). Nothing is written when the file cannot be read.
 */
export const POST = routeFormAction(importUploadSchema, async ({ file }, { db, viewer }) => {
  const name = cleanFileName(file.name) || "import";
  let parsed;
  try {
    parsed = await readImportFile(name, new Uint8Array(await file.arrayBuffer()));
  } catch (e) {
    if (e instanceof ImportFileError) throw new AppError("VALIDATION", e.message, { file: e.message });
    throw e;
  }
  const job = await createImport(db, viewer, name, parsed);
  return { ok: true, data: { id: job.id } };
});
