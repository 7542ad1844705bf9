"use client";

import { Archive, ArchiveRestore } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useTransition } from "react";
import { setProductArchivedAction } from "@/app/(crm)/products/actions";
import { toast } from "@/lib/toast";

export function ArchiveProductButton({ id, archived }: { id: string; archived: boolean }) {
  const t = useTranslations("product.detail");
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className={archived ? "btn-primary" : "btn-secondary"}
      disabled={pending}
      onClick={() => {
        if (!archived && !window.confirm(t("archiveConfirm"))) return;
        start(async () => {
          const r = await setProductArchivedAction(id, !archived);
          if (r.ok) toast.success(archived ? t("unarchived") : t("archived"));
          else toast.error(r.error ?? "");
        });
      }}
    >
      {archived ? <ArchiveRestore aria-hidden className="size-4" /> : <Archive aria-hidden className="size-4" />}
      {archived ? t("unarchive") : t("archive")}
    </button>
  );
}

/** The toast after a redirect from the product form (?saved=created|updated), then a clean URL. */
export function SavedProductToast() {
  const t = useTranslations("product.detail");
  const sp = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const saved = sp.get("saved");
  const shown = useRef(false);
  useEffect(() => {
    if ((saved !== "created" && saved !== "updated") || shown.current) return;
    shown.current = true;
    toast.success(t(saved));
    router.replace(path, { scroll: false });
  }, [saved, t, router, path]);
  return null;
}
