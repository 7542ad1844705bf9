"use client";

import { Eye, RotateCcw, Trash } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { deleteCustomerAction, restoreCustomerAction, revealIdCardAction } from "@/app/(crm)/customers/actions";
import { toast } from "@/lib/toast";

export function DeleteRestoreButton({ id, deleted }: { id: string; deleted: boolean }) {
  const t = useTranslations("customer");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className={deleted ? "btn-secondary" : "btn-danger"}
      disabled={pending}
      onClick={() => {
        if (!deleted && !window.confirm(t("confirmDelete"))) return;
        start(async () => {
          const r = deleted ? await restoreCustomerAction(id) : await deleteCustomerAction(id);
          if (!r.ok) {
            toast.error(r.error ?? t("failed"));
            return;
          }
          toast.success(deleted ? t("restored") : t("deleted"));
          router.push(deleted ? `/customers/${id}` : "/customers");
          router.refresh();
        });
      }}
    >
      {deleted ? <RotateCcw aria-hidden className="size-4" /> : <Trash aria-hidden className="size-4" />}
      {deleted ? t("restore") : t("delete")}
    </button>
  );
}

/** Shows the masked ID card; those allowed may reveal it (each reveal is audited server-side). */
export function IdCardReveal({ id, masked, canReveal }: { id: string; masked: string; canReveal: boolean }) {
  const t = useTranslations("customer");
  const [value, setValue] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <span className="font-mono tabular-nums" aria-live="polite">
        {value ?? masked}
      </span>
      {canReveal && !value && (
        <button
          type="button"
          className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs text-brand-700 hover:bg-brand-50"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await revealIdCardAction(id);
              if (r.ok && r.data) setValue(r.data);
              else toast.error(r.error ?? t("failed"));
            })
          }
        >
          <Eye aria-hidden className="size-3.5" />
          {t("reveal")}
        </button>
      )}
    </span>
  );
}

/** Toasts the result of the save that redirected here (?saved=created|updated), once. */
export function SavedToast() {
  const t = useTranslations("customer");
  const sp = useSearchParams();
  const router = useRouter();
  const saved = sp.get("saved");
  useEffect(() => {
    if (saved === "created" || saved === "updated") {
      toast.success(saved === "created" ? t("created") : t("updated"));
      router.replace(window.location.pathname, { scroll: false });
    }
  }, [saved, t, router]);
  return null;
}
