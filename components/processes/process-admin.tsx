"use client";

import clsx from "clsx";
import { Archive, ArchiveRestore, ArrowDown, ArrowUp, Pencil, Plus, Star } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useId, useRef, useState, useTransition } from "react";
import {
  addStageAction,
  createProcessAction,
  moveStageAction,
  setDefaultProcessAction,
  setProcessArchivedAction,
  setStageArchivedAction,
  updateProcessAction,
  updateStageAction,
  type ProcessResult,
} from "@/app/(crm)/admin/processes/actions";
import { FieldMessage } from "@/components/ui/field";
import type { ActionState } from "@/lib/action";
import { toast } from "@/lib/toast";
import { punct } from "@/lib/punct";

export type AdminStage = { id: string; name: string; sort: number; probability: number; openDeals: number; archived: boolean };
export type AdminProcessView = {
  id: string;
  name: string;
  description: string | null;
  productId: string | null;
  productName: string | null;
  isDefault: boolean;
  archived: boolean;
  version: number;
  stages: AdminStage[];
};
type ProductOption = { id: string; name: string };

const str = (v: unknown) => (v == null ? "" : String(v));

/** Runs one result-returning handler per action result (useActionState), once. */
function useOnResult<T>(state: ActionState<T>, fn: (s: ActionState<T>) => void) {
  const seen = useRef(0);
  useEffect(() => {
    if (!state.at || seen.current === state.at) return;
    seen.current = state.at;
    fn(state);
  });
}

function ProcessFields({ values, err, products, uid }: { values: Record<string, unknown>; err: Record<string, string>; products: ProductOption[]; uid: string }) {
  const t = useTranslations("processAdmin");
  const a = (name: string) => ({ id: `${uid}-${name}`, name, "aria-invalid": err[name] ? true : undefined, "aria-describedby": err[name] ? `${uid}-${name}-err` : undefined });
  return (
    <>
      <div>
        <label htmlFor={`${uid}-name`} className="label">
          {t("name")}
          <span className="text-red-600"> *</span>
        </label>
        <input {...a("name")} className="input" maxLength={50} defaultValue={str(values.name)} />
        <FieldMessage id={`${uid}-name`} error={err.name} />
      </div>
      <div>
        <label htmlFor={`${uid}-productId`} className="label">
          {t("product")}
        </label>
        <select {...a("productId")} className="input" defaultValue={str(values.productId)}>
          <option value="">{t("productNone")}</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldMessage id={`${uid}-productId`} error={err.productId} />
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={`${uid}-description`} className="label">
          {t("description")}
        </label>
        <textarea {...a("description")} className="input" rows={2} maxLength={200} defaultValue={str(values.description)} />
        <FieldMessage id={`${uid}-description`} error={err.description} />
      </div>
    </>
  );
}

export function NewProcessForm({ products }: { products: ProductOption[] }) {
  const t = useTranslations("processAdmin");
  const [state, action, pending] = useActionState(createProcessAction, {});
  const [open, setOpen] = useState(false);
  const values = (!state.ok && state.values) || { copyDefault: "on" };
  useOnResult(state, (s) => {
    if (s.ok) {
      toast.success(t("created"));
      setOpen(false);
    } else toast.error(s.error ?? t("failed"));
  });
  if (!open)
    return (
      <button type="button" className="btn-primary" onClick={() => setOpen(true)}>
        <Plus aria-hidden className="size-4" />
        {t("new")}
      </button>
    );
  return (
    <form action={action} key={state.at ?? 0} className="card grid w-full grid-cols-1 gap-4 p-4 sm:grid-cols-2" noValidate aria-label={t("new")}>
      <h2 className="text-lg font-semibold sm:col-span-2">{t("new")}</h2>
      {state.error && !state.ok && (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-sm text-red-800 sm:col-span-2">
          {state.error}
        </p>
      )}
      <ProcessFields values={values} err={state.fieldErrors ?? {}} products={products} uid="np" />
      <label className="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="copyDefault" defaultChecked={values.copyDefault === "on"} className="size-4" />
        {t("copyDefault")}
      </label>
      <div className="flex gap-2 sm:col-span-2">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {t("create")}
        </button>
        <button type="button" className="btn-secondary min-h-11" onClick={() => setOpen(false)}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

/** One stage: its step, name, probability and open deals; move, edit and archive from the keyboard. */
function StageRow({
  stage,
  index,
  count,
  busy,
  onMove,
  onSave,
  onArchive,
}: {
  stage: AdminStage;
  index: number;
  count: number;
  busy: boolean;
  onMove: (s: AdminStage, d: "up" | "down") => void;
  onSave: (s: AdminStage, v: { name: string; probability: string }) => Promise<Record<string, string> | null>;
  onArchive: (s: AdminStage) => void;
}) {
  const t = useTranslations("processAdmin");
  const uid = useId();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState(String(stage.probability));
  const [err, setErr] = useState<Record<string, string>>({});
  const [saving, start] = useTransition();
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) nameRef.current?.focus();
  }, [editing]);

  if (editing)
    return (
      <li className="rounded-lg border border-brand-200 bg-brand-50/40 p-3">
        <form
          className="grid grid-cols-[minmax(0,1fr)_7rem] gap-2 sm:grid-cols-[minmax(0,1fr)_8rem_auto]"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            start(async () => {
              const errors = await onSave(stage, { name, probability });
              if (errors) setErr(errors);
              else setEditing(false);
            });
          }}
        >
          <div>
            <label htmlFor={`${uid}-n`} className="label">
              {t("stageName")}
            </label>
            <input ref={nameRef} id={`${uid}-n`} className="input" maxLength={30} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={err.name ? true : undefined} aria-describedby={err.name ? `${uid}-n-err` : undefined} />
            <FieldMessage id={`${uid}-n`} error={err.name} />
          </div>
          <div>
            <label htmlFor={`${uid}-p`} className="label">
              {t("probability")}
            </label>
            <input
              id={`${uid}-p`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              className="input tabular-nums"
              value={probability}
              onChange={(e) => setProbability(e.target.value)}
              aria-invalid={err.probability ? true : undefined}
              aria-describedby={err.probability ? `${uid}-p-err` : undefined}
            />
            <FieldMessage id={`${uid}-p`} error={err.probability} />
          </div>
          <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
            <button type="submit" className="btn-primary" disabled={saving}>
              {t("saveStage")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setEditing(false)}>
              {t("cancel")}
            </button>
          </div>
        </form>
      </li>
    );

  return (
    <li data-stage={stage.name} className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-2.5 sm:flex-row sm:items-center">
      <span className="flex min-w-0 flex-1 flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className="text-xs text-slate-500 tabular-nums sm:w-12">{t("step", { n: index + 1 })}</span>
        <span className="font-medium">{stage.name}</span>
        <span className="text-sm text-slate-600 tabular-nums">{stage.probability}%</span>
        {stage.openDeals > 0 && <span className="chip bg-amber-50 whitespace-nowrap text-amber-900">{t("openDeals", { n: stage.openDeals })}</span>}
      </span>
      <span className="flex justify-end gap-1">
        <button type="button" data-move={`${stage.id}-up`} className="btn-secondary min-h-10 px-2.5" aria-label={t("moveUpAria", { name: stage.name })} title={t("moveUp")} aria-disabled={busy || undefined} disabled={index === 0} onClick={() => onMove(stage, "up")}>
          <ArrowUp aria-hidden className="size-4" />
        </button>
        <button
          type="button"
          data-move={`${stage.id}-down`}
          className="btn-secondary min-h-10 px-2.5"
          aria-label={t("moveDownAria", { name: stage.name })}
          title={t("moveDown")}
          aria-disabled={busy || undefined}
          disabled={index === count - 1}
          onClick={() => onMove(stage, "down")}
        >
          <ArrowDown aria-hidden className="size-4" />
        </button>
        <button
          type="button"
          className="btn-secondary min-h-10 px-2.5"
          aria-label={t("editStageAria", { name: stage.name })}
          title={t("editStage")}
          disabled={busy}
          onClick={() => {
            setName(stage.name);
            setProbability(String(stage.probability));
            setErr({});
            setEditing(true);
          }}
        >
          <Pencil aria-hidden className="size-4" />
        </button>
        <button type="button" className="btn-secondary min-h-10 px-2.5" aria-label={t("archiveStageAria", { name: stage.name })} title={t("archiveStage")} disabled={busy} onClick={() => onArchive(stage)}>
          <Archive aria-hidden className="size-4" />
        </button>
      </span>
    </li>
  );
}

/**
 * One process: its details, its ordered stages (up/down, edit, archive — all buttons, so the keyboard
 * works the same as the mouse), archived stages to restore, and a new stage at the end. Every change
 * carries the version the page was based on and takes the new one from the answer.
 */
export function ProcessCard({ process, products }: { process: AdminProcessView; products: ProductOption[] }) {
  const t = useTranslations("processAdmin");
  const locale = useLocale();
  const [version, setVersion] = useState(process.version);
  const [stages, setStages] = useState(process.stages);
  const [busy, start] = useTransition();
  const [announce, setAnnounce] = useState("");
  const focusAfter = useRef<{ id: string; dir: "up" | "down"; at: number } | null>(null);
  const [editInfo, setEditInfo] = useState(false);
  const [addState, addAction, adding] = useActionState(addStageAction, {});
  const [infoState, infoAction, savingInfo] = useActionState(updateProcessAction, {});

  // moves are queued so that quick key presses all count, each based on the version the last one returned
  const versionRef = useRef(process.version);
  const queue = useRef(Promise.resolve());
  const generation = useRef(0);
  const [queued, setQueued] = useState(0);
  versionRef.current = version;

  // the server's page replaces local state once it is at least as new (every change bumps the version)
  // and no move is still on its way; an older page arriving late is ignored
  useEffect(() => {
    if (queued > 0 || process.version < versionRef.current) return;
    setVersion(process.version);
    setStages(process.stages);
  }, [process.version, process.stages, queued]);
  // a moved row is re-inserted in the DOM (and a button at the end becomes disabled), which drops the
  // focus: put the keyboard back on the moved stage's button, for a few seconds after the move
  useEffect(() => {
    const f = focusAfter.current;
    if (!f || Date.now() - f.at > 5000) return;
    const active = document.activeElement;
    if (active && active !== document.body && !(active as HTMLButtonElement).disabled && active.getAttribute("data-move") !== `${f.id}-${f.dir}`) return;
    const want = document.querySelector<HTMLButtonElement>(`[data-move="${f.id}-${f.dir}"]`);
    const other = document.querySelector<HTMLButtonElement>(`[data-move="${f.id}-${f.dir === "up" ? "down" : "up"}"]`);
    const target = want && !want.disabled ? want : other;
    if (target && target !== active) target.focus();
  });

  useOnResult(addState, (s) => {
    if (s.ok && s.data) {
      setVersion(s.data.version);
      toast.success(t("stageAdded"));
    } else toast.error(s.error ?? t("failed"));
  });
  useOnResult(infoState, (s) => {
    if (s.ok && s.data) {
      setVersion(s.data.version);
      setEditInfo(false);
      toast.success(t("saved"));
    } else toast.error(s.error ?? t("failed"));
  });

  const active = stages.filter((s) => !s.archived).sort((a, b) => a.sort - b.sort);
  const archivedStages = stages.filter((s) => s.archived);

  function say(msg: string, ok = true) {
    setAnnounce(msg);
    if (ok) toast.success(msg);
    else toast.error(msg);
  }

  function move(s: AdminStage, direction: "up" | "down") {
    if (busy) return;
    const i = active.findIndex((x) => x.id === s.id);
    const j = direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= active.length) return;
    const a = active[i];
    const b = active[j];
    focusAfter.current = { id: s.id, dir: direction, at: Date.now() };
    setStages((all) => all.map((x) => (x.id === a.id ? { ...x, sort: b.sort } : x.id === b.id ? { ...x, sort: a.sort } : x)));
    const gen = generation.current;
    setQueued((n) => n + 1);
    queue.current = queue.current.then(async () => {
      try {
        // an earlier move of this batch failed: the rest is dropped with it
        if (gen !== generation.current) return;
        const r = await moveStageAction(process.id, s.id, versionRef.current, direction);
        if (!r.ok || !r.data) {
          generation.current++;
          focusAfter.current = { id: s.id, dir: direction, at: Date.now() };
          say(r.error ?? t("failed"), false);
          return;
        }
        versionRef.current = r.data.version;
        setVersion(r.data.version);
        setAnnounce(t("moved", { name: s.name, position: r.data.position ?? j + 1 }));
      } finally {
        setQueued((n) => n - 1);
      }
    });
  }

  async function saveStage(s: AdminStage, v: { name: string; probability: string }) {
    await queue.current;
    const r = await updateStageAction(process.id, s.id, versionRef.current, v);
    if (!r.ok || !r.data) {
      toast.error(r.error ?? t("failed"));
      return r.fieldErrors ?? {};
    }
    setVersion(r.data.version);
    say(r.data.dealsFollowed ? t("followed", { n: r.data.dealsFollowed }) : t("saved"));
    return null;
  }

  function archiveStage(s: AdminStage, archived: boolean) {
    if (archived && !window.confirm(t("archiveStageConfirm", { name: s.name }))) return;
    start(async () => {
      await queue.current;
      const r = await setStageArchivedAction(process.id, s.id, versionRef.current, archived);
      if (!r.ok || !r.data) {
        say(r.error ?? t("failed"), false);
        return;
      }
      setVersion(r.data.version);
      say(archived ? t("stageArchived", { name: s.name }) : t("stageRestored", { name: s.name }));
    });
  }

  function setDefault() {
    start(async () => {
      await queue.current;
      const r = await setDefaultProcessAction(process.id, versionRef.current);
      if (!r.ok || !r.data) return say(r.error ?? t("failed"), false);
      setVersion(r.data.version);
      say(t("defaultSet"));
    });
  }

  function archiveProcess(archived: boolean) {
    if (archived && !window.confirm(t("archiveConfirm"))) return;
    start(async () => {
      await queue.current;
      const r = await setProcessArchivedAction(process.id, versionRef.current, archived);
      if (!r.ok || !r.data) return say(r.error ?? t("failed"), false);
      setVersion(r.data.version);
      say(archived ? t("processArchived") : t("processRestored"));
    });
  }

  const headingId = `proc-${process.id}`;
  const infoValues = (!infoState.ok && infoState.values) || process;
  const addValues = (!addState.ok && addState.values) || {};
  const addErr = addState.ok ? {} : (addState.fieldErrors ?? {});

  return (
    <section aria-labelledby={headingId} aria-busy={queued > 0 || busy || undefined} data-process={process.name} className={clsx("card space-y-3 p-4", process.archived && "opacity-80")}>
      <p aria-live="polite" className="sr-only">
        {announce}
      </p>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold">
            {process.name}
          </h2>
          <p className="mt-1 flex flex-wrap gap-1.5 text-xs">
            {process.isDefault && (
              <span className="chip bg-brand-50 text-brand-700">
                <Star aria-hidden className="mr-1 size-3" />
                {t("default")}
              </span>
            )}
            {process.archived && <span className="chip bg-slate-200 text-slate-700">{t("archived")}</span>}
            {process.productName && <span className="chip bg-slate-100 text-slate-700">{process.productName}</span>}
          </p>
          {process.description && <p className="mt-1 text-sm text-slate-600">{process.description}</p>}
        </div>
        <div className="flex flex-wrap gap-2">
          {!process.archived && !process.isDefault && (
            <button type="button" className="btn-secondary" disabled={busy} onClick={setDefault}>
              <Star aria-hidden className="size-4" />
              {t("setDefault")}
            </button>
          )}
          {!process.archived && (
            <button type="button" className="btn-secondary" aria-expanded={editInfo} onClick={() => setEditInfo((v) => !v)}>
              <Pencil aria-hidden className="size-4" />
              {t("editProcess")}
            </button>
          )}
          {!process.isDefault && (
            <button type="button" className={process.archived ? "btn-primary" : "btn-secondary"} disabled={busy} onClick={() => archiveProcess(!process.archived)}>
              {process.archived ? <ArchiveRestore aria-hidden className="size-4" /> : <Archive aria-hidden className="size-4" />}
              {process.archived ? t("unarchive") : t("archive")}
            </button>
          )}
        </div>
      </div>

      {editInfo && (
        <form action={infoAction} key={infoState.at ?? 0} noValidate className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-2">
          <input type="hidden" name="id" value={process.id} />
          <input type="hidden" name="version" value={version} />
          {infoState.error && !infoState.ok && (
            <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-2 text-sm text-red-800 sm:col-span-2">
              {infoState.error}
            </p>
          )}
          <ProcessFields values={infoValues as Record<string, unknown>} err={infoState.ok ? {} : (infoState.fieldErrors ?? {})} products={products} uid={`pi-${process.id}`} />
          <div className="flex gap-2 sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={savingInfo}>
              {t("saveStage")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setEditInfo(false)}>
              {t("cancel")}
            </button>
          </div>
        </form>
      )}

      {!process.archived && (
        <>
          <h3 className="text-sm font-semibold text-slate-700">{t("stages")}</h3>
          {active.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noStages")}</p>
          ) : (
            <ol aria-label={t("stageList", { name: process.name })} className="space-y-1.5">
              {active.map((s, i) => (
                <StageRow key={s.id} stage={s} index={i} count={active.length} busy={busy} onMove={move} onSave={saveStage} onArchive={(x) => archiveStage(x, true)} />
              ))}
            </ol>
          )}
          <p className="text-xs text-slate-500">{t("keyboardHint")}</p>

          <form action={addAction} key={addState.ok ? addState.at : "add"} noValidate className="grid grid-cols-[minmax(0,1fr)_7rem] items-start gap-2 sm:grid-cols-[minmax(0,1fr)_8rem_auto]">
            <input type="hidden" name="processId" value={process.id} />
            <input type="hidden" name="version" value={version} />
            <div>
              <label htmlFor={`add-n-${process.id}`} className="label">
                {t("stageName")}
              </label>
              <input
                id={`add-n-${process.id}`}
                name="name"
                className="input"
                maxLength={30}
                defaultValue={str(addValues.name)}
                aria-invalid={addErr.name ? true : undefined}
                aria-describedby={addErr.name ? `add-n-${process.id}-err` : undefined}
              />
              <FieldMessage id={`add-n-${process.id}`} error={addErr.name} />
            </div>
            <div>
              <label htmlFor={`add-p-${process.id}`} className="label">
                {t("probability")}
              </label>
              <input
                id={`add-p-${process.id}`}
                name="probability"
                type="number"
                inputMode="numeric"
                min={0}
                max={100}
                className="input tabular-nums"
                defaultValue={str(addValues.probability)}
                aria-invalid={addErr.probability ? true : undefined}
                aria-describedby={addErr.probability ? `add-p-${process.id}-err` : undefined}
              />
              <FieldMessage id={`add-p-${process.id}`} error={addErr.probability} />
            </div>
            <div className="col-span-2 sm:col-span-1 sm:pt-6">
              <button type="submit" className="btn-secondary w-full sm:w-auto" disabled={adding}>
                <Plus aria-hidden className="size-4" />
                {t("addStage")}
              </button>
            </div>
          </form>
        </>
      )}

      {archivedStages.length > 0 && !process.archived && (
        <details className="rounded-lg bg-slate-50 p-2 text-sm">
          <summary className="cursor-pointer text-slate-600">{punct(locale).paren(t("archivedStages"), String(archivedStages.length))}</summary>
          <ul className="mt-2 space-y-1">
            {archivedStages.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2">
                <span className="text-slate-600">
                  {s.name} <span className="tabular-nums">{s.probability}%</span>
                </span>
                <button type="button" className="btn-secondary min-h-9 px-3" aria-label={t("restoreStageAria", { name: s.name })} disabled={busy} onClick={() => archiveStage(s, false)}>
                  <ArchiveRestore aria-hidden className="size-4" />
                  {t("restoreStage")}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
