"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { get, put, removeFromOutbox, updateOutbox, type OutboxItem } from "@/lib/offline/store";
import { syncNow } from "@/lib/offline/sync";
import type { Go } from "./field-app";
import { useOnline, useOutboxCounts, useSyncStatus } from "./use-offline";

const STATE_STYLE: Record<OutboxItem["state"], string> = {
  pending: "bg-amber-50 text-amber-800",
  rejected: "bg-red-50 text-red-700",
  conflict: "bg-red-50 text-red-700",
  duplicates: "bg-orange-50 text-orange-800",
};

/** 待同步: what this phone still has to send, and what the server would not take, for the rep to settle. */
export function Outbox({ go }: { go: Go }) {
  const t = useTranslations("offline");
  const { items } = useOutboxCounts();
  const online = useOnline();
  const status = useSyncStatus();
  return (
    <section className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
          {t("outbox.title")}
        </h1>
        <button type="button" className="btn-primary text-sm" disabled={!online || status.state === "syncing"} onClick={() => void syncNow()}>
          {status.state === "syncing" ? t("syncing") : t("syncNow")}
        </button>
      </div>
      {items.length === 0 ? (
        <p className="card p-6 text-center text-slate-500">{t("outbox.empty")}</p>
      ) : (
        <>
          <p className="text-sm text-slate-500">{t("outbox.pendingHelp")}</p>
          <ol className="space-y-3">
            {items.map((i) => (
              <OutboxEntry key={i.id} item={i} go={go} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function OutboxEntry({ item, go }: { item: OutboxItem; go: Go }) {
  const t = useTranslations("offline");
  const stateLabel = item.state === "pending" ? t("pendingMark") : t(`outbox.${item.state}`);
  const discard = async () => {
    if (!window.confirm(t("outbox.confirmDiscard"))) return;
    await removeFromOutbox(item.id);
  };
  return (
    <li className="card p-4 text-sm">
      <p className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">{item.label}</span>
        <span className={`chip text-xs ${STATE_STYLE[item.state]}`}>{stateLabel}</span>
      </p>
      <p className="text-xs text-slate-500">
        <time dateTime={new Date(item.at).toISOString()}>{new Date(item.at).toLocaleString()}</time>
      </p>
      {item.error && item.state !== "pending" && (
        <p role="alert" className="mt-2 text-red-700">
          {item.error}
        </p>
      )}
      {item.state === "conflict" ? (
        <Conflict item={item} />
      ) : item.state === "rejected" ? (
        <Fix item={item} />
      ) : item.state === "duplicates" ? (
        <div className="mt-3 flex gap-2">
          <button
            type="button"
            className="btn-primary text-xs"
            onClick={async () => {
              await updateOutbox(item.id, { state: "pending", data: { ...item.data, confirmDuplicate: "on" }, error: undefined });
              void syncNow();
            }}
          >
            {t("outbox.confirmDuplicate")}
          </button>
        </div>
      ) : null}
      {item.state !== "pending" && (
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className="btn-danger text-xs" onClick={() => void discard()}>
            {t("outbox.discard")}
          </button>
          {item.kind.startsWith("customer") && (
            <button type="button" className="btn-secondary text-xs" onClick={() => go(`/customers/${item.entityId}`)}>
              {t("nav.customers")}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

const shown = (v: unknown) => (v == null || v === "" ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A refused change: its fields with the server's reasons, editable, sent again under the same id. */
function Fix({ item }: { item: OutboxItem }) {
  const t = useTranslations("offline");
  const keys = Object.keys(item.data).filter((k) => typeof item.data[k] !== "object" && k !== "customerId" && k !== "kind");
  return (
    <form
      className="mt-3 space-y-2"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const values = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
        await updateOutbox(item.id, { state: "pending", data: { ...item.data, ...values }, error: undefined, fieldErrors: undefined });
        void syncNow();
      }}
    >
      {keys.map((k) => {
        const err = item.fieldErrors?.[k];
        const id = `fix-${item.id}-${k}`;
        return (
          <div key={k}>
            <label htmlFor={id} className="label">
              {k}
            </label>
            <input id={id} name={k} className="input" defaultValue={String(item.data[k] ?? "")} aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-err` : undefined} />
            {err && (
              <p id={`${id}-err`} className="mt-1 text-xs text-red-700">
                {err}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit" className="btn-primary text-xs">
        {t("outbox.fix")}
      </button>
    </form>
  );
}

/** An edit made on an older version: both versions side by side, the rep keeps one or chooses per field. */
function Conflict({ item }: { item: OutboxItem }) {
  const t = useTranslations("offline");
  const tc = useTranslations("customer");
  const fields = Object.keys(item.data);
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>(() => Object.fromEntries(fields.map((f) => [f, "mine"])));
  const server = item.server ?? {};

  const resend = async (data: Record<string, unknown>) => {
    if (!Object.keys(data).length) return keepTheirs();
    await updateOutbox(item.id, { state: "pending", data, baseVersion: item.serverVersion, error: undefined, server: undefined });
    void syncNow();
  };
  const keepTheirs = async () => {
    const row = await get("customers", item.entityId);
    if (row) await put("customers", { ...row, ...server, version: item.serverVersion, _pending: undefined });
    await removeFromOutbox(item.id);
  };
  return (
    <div className="mt-3 space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">{t("outbox.conflict")}</caption>
          <thead>
            <tr className="text-slate-500">
              <th scope="col" className="py-1 pr-2">
                {t("outbox.field")}
              </th>
              <th scope="col" className="py-1 pr-2">
                {t("outbox.mine")}
              </th>
              <th scope="col" className="py-1">
                {t("outbox.theirs")}
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-1 pr-2 font-medium">
                  {tc.has(`fields.${f}`) ? tc(`fields.${f}`) : f}
                </th>
                <td className="py-1 pr-2">
                  <label className="flex items-start gap-1">
                    <input type="radio" name={`${item.id}-${f}`} checked={choice[f] === "mine"} onChange={() => setChoice((c) => ({ ...c, [f]: "mine" }))} />
                    <span>{shown(item.data[f])}</span>
                  </label>
                </td>
                <td className="py-1">
                  <label className="flex items-start gap-1">
                    <input type="radio" name={`${item.id}-${f}`} checked={choice[f] === "theirs"} onChange={() => setChoice((c) => ({ ...c, [f]: "theirs" }))} />
                    <span>{shown(server[f])}</span>
                  </label>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary text-xs" onClick={() => void resend(item.data)}>
          {t("outbox.keepMine")}
        </button>
        <button type="button" className="btn-secondary text-xs" onClick={() => void keepTheirs()}>
          {t("outbox.keepTheirs")}
        </button>
        <button type="button" className="btn-secondary text-xs" onClick={() => void resend(Object.fromEntries(fields.filter((f) => choice[f] === "mine").map((f) => [f, item.data[f]])))}>
          {t("outbox.mergeSave")}
        </button>
      </div>
    </div>
  );
}
