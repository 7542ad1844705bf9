"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { saveValueGradeRules } from "@/db/queries/value-grades";
import { formAction } from "@/lib/action";
import { valueGradeRulesSchema } from "@/lib/validation/value-grades";

/** 保存价值分级规则: a new version, every customer regraded (admin:dictionaries, checked in db/queries). */
export const saveValueGradeRulesAction = formAction(
  z.object({ expectedVersion: z.coerce.number({ error: "版本无效" }).int({ error: "版本无效" }).min(0, { error: "版本无效" }) }).and(valueGradeRulesSchema),
  async (input, { db, viewer, ip }) => {
    const data = await saveValueGradeRules(db, viewer, input, ip);
    revalidatePath("/admin/value-grades");
    revalidatePath("/analytics/value");
    revalidatePath("/customers", "layout");
    return { ok: true, data };
  },
);
