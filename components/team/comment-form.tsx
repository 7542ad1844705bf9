"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { commentAction } from "@/app/(crm)/team/actions";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";

/** 点评: a manager's comment on one item of the team feed. */
export function CommentForm({ targetType, targetId, label }: { targetType: string; targetId: string; label: string }) {
  const t = useTranslations("team.feed");
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState<ActionState, FormData>(async (prev, fd) => {
    const r = await commentAction(prev, fd);
    if (r.ok) toast.success(t("commented"));
    else if (r.error && !r.fieldErrors) toast.error(r.error);
    return r;
  }, {});
  useEffect(() => {
    if (state.ok) {
      form.current?.reset();
      router.refresh();
    }
  }, [state, router]);
  const id = `cm-${targetId}`;
  const err = state.fieldErrors?.comment;
  return (
    <form ref={form} action={action} noValidate className="mt-2 space-y-1" aria-label={t("commentOn", { label })}>
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={targetId} />
      <label htmlFor={id} className="sr-only">
        {t("comment")}
      </label>
      <div className="flex gap-2">
        <textarea
          id={id}
          name="comment"
          rows={1}
          maxLength={1000}
          placeholder={t("commentPlaceholder")}
          className="input min-h-9 flex-1"
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-err` : undefined}
        />
        <button type="submit" className="btn-secondary min-h-9 px-3 text-sm" disabled={pending}>
          {pending ? t("commenting") : t("send")}
        </button>
      </div>
      {err && (
        <p id={`${id}-err`} role="alert" className="text-sm text-red-700">
          {err}
        </p>
      )}
    </form>
  );
}
