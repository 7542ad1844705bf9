"use client";

import { X } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { punct } from "@/lib/punct";

type Option = { id: string; name: string; companyName: string | null; mobile: string | null };

/**
 * Picks a customer in the viewer's scope by quick search (name, pinyin initials, company, mobile).
 * Submits the chosen id in a hidden input called `name`.
 */
export function CustomerPicker({
  name,
  label,
  kind,
  initialId,
  initialLabel,
  error,
  excludeId,
}: {
  name: string;
  label: string;
  kind?: "company" | "individual";
  initialId?: string;
  initialLabel?: string;
  error?: string;
  excludeId?: string;
}) {
  const t = useTranslations("picker");
  const locale = useLocale();
  const listId = useId();
  const [selected, setSelected] = useState<{ id: string; label: string } | null>(initialId ? { id: initialId, label: initialLabel ?? t("selected") } : null);
  const [q, setQ] = useState("");
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (q.trim().length < 1) {
      setOptions([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const params = new URLSearchParams({ q });
        if (kind) params.set("kind", kind);
        const res = await fetch(`/api/customers/search?${params}`, { signal: ctrl.signal });
        if (res.ok) {
          const rows: Option[] = (await res.json()).rows;
          setOptions(rows.filter((r) => r.id !== excludeId));
          setActive(-1);
        }
      } catch {
        /* aborted or offline: keep the old list */
      } finally {
        setLoading(false);
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, kind, excludeId]);

  const inputId = `f-${name}`;
  function choose(o: Option) {
    setSelected({ id: o.id, label: o.companyName && o.companyName !== o.name ? punct(locale).paren(o.name, o.companyName) : o.name });
    setQ("");
    setOptions([]);
  }

  return (
    <div className="relative">
      <label htmlFor={inputId} className="label">
        {label}
      </label>
      <input type="hidden" name={name} value={selected?.id ?? ""} />
      {selected ? (
        <div className="flex min-h-10 items-center justify-between rounded-lg border border-slate-300 bg-slate-50 px-3 text-sm">
          <span>{selected.label}</span>
          <button type="button" onClick={() => setSelected(null)} className="rounded p-1 hover:bg-slate-200" aria-label={t("clear", { label })}>
            <X aria-hidden className="size-4" />
          </button>
        </div>
      ) : (
        <input
          id={inputId}
          className="input"
          role="combobox"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          placeholder={t("placeholder")}
          value={q}
          autoComplete="off"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, options.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter" && active >= 0 && options[active]) {
              e.preventDefault();
              choose(options[active]);
            } else if (e.key === "Escape") setOptions([]);
          }}
        />
      )}
      {options.length > 0 && !selected && (
        <ul id={listId} role="listbox" className="absolute z-20 mt-1 max-h-60 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg">
          {options.map((o, i) => (
            <li
              key={o.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              className={`cursor-pointer px-3 py-2 text-sm ${i === active ? "bg-brand-50" : "hover:bg-slate-50"}`}
            >
              <span className="font-medium">{o.name}</span>
              {o.companyName && o.companyName !== o.name && <span className="text-slate-500"> · {o.companyName}</span>}
              {o.mobile && <span className="text-slate-400"> · {o.mobile.slice(0, 3)}****{o.mobile.slice(-4)}</span>}
            </li>
          ))}
        </ul>
      )}
      {loading && <p className="mt-1 text-xs text-slate-500">{t("searching")}</p>}
      {error && <p className="mt-1 text-sm text-red-600">{error}</p>}
    </div>
  );
}
