"use client";

import clsx from "clsx";
import { Ban, CheckCircle2, FolderTree, MoveRight, Pencil, Plus, Trash2, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import { useActionState, useRef, useState } from "react";
import { createOrgUnitAction, deleteOrgUnitAction, moveOrgUnitAction, renameOrgUnitAction, setOrgUnitActiveAction } from "@/app/(crm)/admin/actions";
import { FieldMessage } from "@/components/ui/field";
import { toast } from "@/lib/toast";
import { FormError, str, useOnResult, useRun } from "./common";

export type OrgUnitRow = { id: string; parentId: string | null; kind: string; name: string; path: string; active: boolean; users: number; depth: number };

const indent = (depth: number) => ({ paddingInlineStart: `${Math.min(depth, 8) * 1.25}rem` });

/** The new-unit form; `parentId` preselects the parent (a row's 新建下级). */
export function NewUnitForm({ units, parentId, onDone }: { units: OrgUnitRow[]; parentId?: string; onDone?: () => void }) {
  const t = useTranslations("admin");
  const [state, action, pending] = useActionState(createOrgUnitAction, {});
  const values = (!state.ok && state.values) || { parentId: parentId ?? units[0]?.id, kind: "department" };
  const err = state.fieldErrors ?? {};
  useOnResult(state, (s) => {
    if (s.ok) {
      toast.success(t("org.created"));
      onDone?.();
    } else toast.error(s.error ?? t("failed"));
  });
  const uid = `nu-${parentId ?? "top"}`;
  return (
    <form action={action} key={state.at ?? 0} className="card grid grid-cols-1 gap-3 p-4 sm:grid-cols-3" noValidate aria-label={t("org.new")}>
      <div className="sm:col-span-3">
        <FormError state={state} />
      </div>
      <div>
        <label htmlFor={`${uid}-parentId`} className="label">
          {t("org.parent")}
        </label>
        <select id={`${uid}-parentId`} name="parentId" className="input" defaultValue={str(values.parentId)} aria-invalid={err.parentId ? true : undefined} aria-describedby={err.parentId ? `${uid}-parentId-err` : undefined}>
          {units
            .filter((u) => u.active)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {"\u3000".repeat(Math.min(u.depth, 6))}
                {u.name}
              </option>
            ))}
        </select>
        <FieldMessage id={`${uid}-parentId`} error={err.parentId} />
      </div>
      <div>
        <label htmlFor={`${uid}-kind`} className="label">
          {t("org.kind")}
        </label>
        <select id={`${uid}-kind`} name="kind" className="input" defaultValue={str(values.kind)}>
          {(["branch", "department", "agent"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`org.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${uid}-name`} className="label">
          {t("org.name")}
          <span className="text-red-600"> *</span>
        </label>
        <input id={`${uid}-name`} name="name" className="input" maxLength={50} defaultValue={str(values.name)} aria-invalid={err.name ? true : undefined} aria-describedby={err.name ? `${uid}-name-err` : undefined} />
        <FieldMessage id={`${uid}-name`} error={err.name} />
      </div>
      <div className="flex gap-2 sm:col-span-3">
        <button type="submit" className="btn-primary min-h-11" disabled={pending}>
          {t("org.create")}
        </button>
        {onDone && (
          <button type="button" className="btn-secondary min-h-11" onClick={onDone}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

type Mode = null | "rename" | "move" | "child";

function UnitRow({ unit, units, canEdit }: { unit: OrgUnitRow; units: OrgUnitRow[]; canEdit: boolean }) {
  const t = useTranslations("admin");
  const [mode, setMode] = useState<Mode>(null);
  const [pending, run] = useRun();
  const [name, setName] = useState(unit.name);
  // a unit moves under any unit outside its own subtree
  const targets = units.filter((u) => !u.path.startsWith(unit.path) && u.id !== unit.parentId);
  const [target, setTarget] = useState(targets[0]?.id ?? "");
  const root = !unit.parentId;
  const menu = useRef<HTMLDetailsElement>(null);
  const buttons = (
    <>
            <button type="button" className="btn-secondary min-h-9 px-2 text-xs" onClick={() => setMode(mode === "rename" ? null : "rename")} aria-expanded={mode === "rename"}>
              <Pencil aria-hidden className="size-3.5" />
              {t("org.rename")}
            </button>
            {unit.active && (
              <button type="button" className="btn-secondary min-h-9 px-2 text-xs" onClick={() => setMode(mode === "child" ? null : "child")} aria-expanded={mode === "child"}>
                <Plus aria-hidden className="size-3.5" />
                {t("org.addChild")}
              </button>
            )}
            {!root && (
              <button type="button" className="btn-secondary min-h-9 px-2 text-xs" onClick={() => setMode(mode === "move" ? null : "move")} aria-expanded={mode === "move"}>
                <MoveRight aria-hidden className="size-3.5" />
                {t("org.move")}
              </button>
            )}
            {!root &&
              (unit.active ? (
                <button
                  type="button"
                  className="btn-secondary min-h-9 px-2 text-xs"
                  disabled={pending}
                  onClick={() => window.confirm(t("org.confirmDisable", { name: unit.name })) && run(() => setOrgUnitActiveAction(unit.id, false), t("org.disabledDone"))}
                >
                  <Ban aria-hidden className="size-3.5" />
                  {t("org.disable")}
                </button>
              ) : (
                <button type="button" className="btn-secondary min-h-9 px-2 text-xs" disabled={pending} onClick={() => run(() => setOrgUnitActiveAction(unit.id, true), t("org.enabledDone"))}>
                  <CheckCircle2 aria-hidden className="size-3.5" />
                  {t("org.enable")}
                </button>
              ))}
            {!root && (
              <button
                type="button"
                className="btn-danger min-h-9 px-2 text-xs"
                disabled={pending}
                onClick={() => window.confirm(t("org.confirmDelete", { name: unit.name })) && run(() => deleteOrgUnitAction(unit.id), t("org.deleted"))}
              >
                <Trash2 aria-hidden className="size-3.5" />
                {t("org.delete")}
              </button>
            )}
    </>
  );
  return (
    <li className={clsx("border-b border-slate-100 py-2 last:border-0", !unit.active && "opacity-70")}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1" style={indent(unit.depth)}>
        <FolderTree aria-hidden className="size-4 shrink-0 text-slate-400" />
        <span className="font-medium">{unit.name}</span>
        <span className="chip bg-slate-100 text-slate-700">{t(`org.kinds.${unit.kind}`)}</span>
        <span className="inline-flex items-center gap-1 text-xs text-slate-500">
          <Users aria-hidden className="size-3.5" />
          {t("org.users", { count: unit.users })}
        </span>
        {!unit.active && <span className="chip bg-amber-100 text-amber-800">{t("org.disabled")}</span>}
        {canEdit && (
          <>
            <span className="ml-auto hidden flex-wrap gap-1 sm:flex">{buttons}</span>
            {/* on a phone the actions fold into one menu per row */}
            <details ref={menu} className="relative ml-auto sm:hidden">
              <summary className="btn-secondary min-h-9 list-none px-3 text-xs [&::-webkit-details-marker]:hidden">
                {t("actions")}
                <span className="sr-only">
                  {" "}
                  {unit.name}
                </span>
              </summary>
              <div className="absolute right-0 z-10 mt-1 flex w-40 flex-col gap-1 rounded-xl border border-slate-200 bg-white p-2 shadow-lg" onClick={() => menu.current?.removeAttribute("open")}>
                {buttons}
              </div>
            </details>
          </>
        )}
      </div>
      {mode === "rename" && (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          style={indent(unit.depth + 1)}
          onSubmit={(e) => {
            e.preventDefault();
            run(() => renameOrgUnitAction(unit.id, name), t("org.renamed"), () => setMode(null));
          }}
        >
          <div>
            <label htmlFor={`rn-${unit.id}`} className="label">
              {t("org.name")}
            </label>
            <input id={`rn-${unit.id}`} className="input" value={name} maxLength={50} onChange={(e) => setName(e.target.value)} />
          </div>
          <button type="submit" className="btn-primary min-h-10" disabled={pending}>
            {t("save")}
          </button>
        </form>
      )}
      {mode === "move" && (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          style={indent(unit.depth + 1)}
          onSubmit={(e) => {
            e.preventDefault();
            run(() => moveOrgUnitAction(unit.id, target), t("org.moved"), () => setMode(null));
          }}
        >
          <div>
            <label htmlFor={`mv-${unit.id}`} className="label">
              {t("org.moveTo")}
            </label>
            <select id={`mv-${unit.id}`} className="input" value={target} onChange={(e) => setTarget(e.target.value)} aria-describedby={`mv-${unit.id}-hint`}>
              {targets.map((u) => (
                <option key={u.id} value={u.id}>
                  {"\u3000".repeat(Math.min(u.depth, 6))}
                  {u.name}
                </option>
              ))}
            </select>
            <p id={`mv-${unit.id}-hint`} className="mt-1 text-xs text-slate-500">
              {t("org.moveHint")}
            </p>
          </div>
          <button type="submit" className="btn-primary min-h-10" disabled={pending || !target}>
            {t("org.move")}
          </button>
        </form>
      )}
      {mode === "child" && (
        <div className="mt-2" style={indent(unit.depth + 1)}>
          <NewUnitForm units={units} parentId={unit.id} onDone={() => setMode(null)} />
        </div>
      )}
    </li>
  );
}

export function OrgTree({ units, canEdit }: { units: OrgUnitRow[]; canEdit: boolean }) {
  return (
    <ul className="card px-4 py-2">
      {units.map((u) => (
        <UnitRow key={u.id} unit={u} units={units} canEdit={canEdit} />
      ))}
    </ul>
  );
}
