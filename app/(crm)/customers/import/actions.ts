"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { checkImport, startImport } from "@/db/queries/imports";
import { action, formAction } from "@/lib/action";
import { runImportInBackground } from "@/lib/jobs/imports";
import { entityId } from "@/lib/validation/common";
import { importCheckSchema } from "@/lib/validation/import";

/** 试运行: saves the mapping, policy and owner and checks every row; nothing is created. */
export const checkImportAction = formAction(importCheckSchema, async ({ id, ...settings }, { db, viewer }) => {
  const job = await checkImport(db, viewer, id, settings);
  revalidatePath(`/customers/import/${id}`);
  return { ok: true, data: { valid: job.valid, invalid: job.invalid, duplicates: job.duplicates } };
});

/** Starts (or resumes) applying a checked import in the background. */
export const startImportAction = action(z.tuple([entityId]), async ([id], { db, viewer }) => {
  const job = await startImport(db, viewer, id);
  if (job.status === "applying") runImportInBackground(id);
  return { ok: true, data: { status: job.status } };
});
