"use client";

import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";

/**
 * The file picker of /customers/import. It posts to the upload route (not a server action: files up to
 * 50 MB) and opens the import's mapping page; a file that cannot be read is explained here.
 */
export function ImportUploadForm() {
  const t = useTranslations("imports");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setPending(true);
    try {
      const res = await fetch("/api/customers/import", { method: "POST", body: new FormData(e.currentTarget) });
      const body = (await res.json().catch(() => null)) as { ok?: boolean; error?: string; fieldErrors?: Record<string, string>; data?: { id: string } } | null;
      if (body?.ok && body.data) router.push(`/customers/import/${body.data.id}`);
      else setError(body?.error ?? `HTTP ${res.status}`);
    } catch {
      setError(t("uploadFailed"));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="card space-y-3 p-4" aria-busy={pending}>
      <div>
        <label htmlFor="import-file" className="label">
          {t("file")}
        </label>
        <input id="import-file" name="file" type="file" required accept=".xlsx,.csv,.txt,.vcf" className="input" aria-invalid={error ? true : undefined} aria-describedby="import-file-hint" />
        <p id="import-file-hint" className="mt-1 text-xs text-slate-500">
          {t("limits")}
        </p>
      </div>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={pending}>
        <Upload aria-hidden className="size-4" />
        {pending ? t("uploading") : t("upload")}
      </button>
    </form>
  );
}
