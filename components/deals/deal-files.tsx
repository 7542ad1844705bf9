"use client";

import { FileText, Trash2, Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { removeDealFileAction, uploadDealFileAction } from "@/app/(crm)/deals/actions";
import { toast } from "@/lib/toast";
import { DEAL_FILE_ACCEPT, MAX_DEAL_FILE_BYTES } from "@/lib/validation/deal-file";

export type DealFileItem = { id: string; name: string; size: string; meta: string };

/** 合同文件: the deal's files with download links, an upload form and remove buttons for those who may edit. */
export function DealFiles({ dealId, files, canEdit }: { dealId: string; files: DealFileItem[]; canEdit: boolean }) {
  const t = useTranslations("deal.files");
  const [state, action, pending] = useActionState(uploadDealFileAction, {});
  const [clientError, setClientError] = useState<string | null>(null);
  const [removing, startRemove] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const error = clientError ?? (state.ok ? null : (state.fieldErrors?.file ?? state.error ?? null));

  useEffect(() => {
    if (!state.at) return;
    if (state.ok) {
      toast.success(t("uploaded", { name: state.data?.name ?? "" }));
      form.current?.reset();
    } else if (state.error) toast.error(state.error);
  }, [state, t]);

  return (
    <div className="space-y-3">
      {files.length === 0 ? (
        <p className="text-sm text-slate-500">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {files.map((f) => (
            <li key={f.id} className="flex items-center gap-2 py-2">
              <FileText aria-hidden className="size-4 shrink-0 text-slate-500" />
              <div className="min-w-0 flex-1">
                <a href={`/api/deals/${dealId}/files/${f.id}`} className="block truncate font-medium text-brand-700 hover:underline" download>
                  {f.name}
                </a>
                <p className="text-xs text-slate-500">
                  {f.size} · {f.meta}
                </p>
              </div>
              {canEdit && (
                <button
                  type="button"
                  className="btn-secondary min-h-9 px-2"
                  aria-label={t("remove", { name: f.name })}
                  disabled={removing}
                  onClick={() => {
                    if (!window.confirm(t("confirmRemove", { name: f.name }))) return;
                    startRemove(async () => {
                      const r = await removeDealFileAction(dealId, f.id);
                      if (r.ok) toast.success(t("removed"));
                      else toast.error(r.error ?? t("failed"));
                    });
                  }}
                >
                  <Trash2 aria-hidden className="size-4" />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form ref={form} action={action} className="space-y-2" noValidate>
          <input type="hidden" name="dealId" value={dealId} />
          <label htmlFor="deal-file" className="label">
            {t("choose")}
          </label>
          <input
            id="deal-file"
            name="file"
            type="file"
            accept={DEAL_FILE_ACCEPT}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby="deal-file-hint deal-file-error"
            className="block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-700"
            onChange={(e) => {
              const f = e.currentTarget.files?.[0];
              setClientError(f && f.size > MAX_DEAL_FILE_BYTES ? t("tooLarge") : null);
            }}
          />
          <p id="deal-file-hint" className="text-xs text-slate-500">
            {t("hint")}
          </p>
          <p id="deal-file-error" role="alert" className="text-sm text-red-700">
            {error}
          </p>
          <button type="submit" className="btn-primary" disabled={pending || !!clientError}>
            <Upload aria-hidden className="size-4" />
            {pending ? t("uploading") : t("upload")}
          </button>
        </form>
      )}
    </div>
  );
}
