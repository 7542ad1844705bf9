"use client";

import clsx from "clsx";
import { GripVertical, Trash } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useOptimistic, useRef, useState, useTransition } from "react";
import { createTodoAction, deleteTodoAction, moveTodoAction, setTodoDoneAction } from "@/app/(crm)/todos/actions";
import { Field, Select } from "@/components/ui/field";
import { toast } from "@/lib/toast";
import { TODO_QUADRANTS as QUADRANTS, type Quadrant } from "@/lib/todos";
import { submittedText } from "@/lib/submitted";
import { punct } from "@/lib/punct";

export type TodoItem = { id: string; title: string; notes: string | null; quadrant: Quadrant; dueOn: string | null; doneAt: Date | string | null };

const TONE: Record<Quadrant, string> = {
  important_urgent: "border-red-200 bg-red-50/60",
  important_not_urgent: "border-brand-200 bg-brand-50/60",
  urgent_not_important: "border-amber-200 bg-amber-50/60",
  neither: "border-slate-200 bg-slate-50",
};

/** Where Alt+arrow moves a to-do in the 2×2 grid (rows: important / not; columns: urgent / not). */
const GRID: Quadrant[][] = [
  ["important_urgent", "important_not_urgent"],
  ["urgent_not_important", "neither"],
];
function neighbour(q: Quadrant, key: string): Quadrant | null {
  const r = GRID.findIndex((row) => row.includes(q));
  const c = GRID[r].indexOf(q);
  const [dr, dc] = key === "ArrowUp" ? [-1, 0] : key === "ArrowDown" ? [1, 0] : key === "ArrowLeft" ? [0, -1] : key === "ArrowRight" ? [0, 1] : [0, 0];
  return GRID[r + dr]?.[c + dc] && (dr || dc) ? GRID[r + dr][c + dc] : null;
}

/**
 * 四象限待办. Three ways to move a to-do, all through one server action: drag it to another quadrant;
 * focus it and press Alt+arrow keys; or use its "move to" menu (phones and screen readers).
 */
export function TodoBoard({ items, today }: { items: TodoItem[]; today: string }) {
  const t = useTranslations("todos");
  const locale = useLocale();
  const router = useRouter();
  const [, start] = useTransition();
  const [announce, setAnnounce] = useState("");
  const [dragOver, setDragOver] = useState<Quadrant | null>(null);
  const [optimistic, apply] = useOptimistic(items, (state: TodoItem[], p: { id: string; quadrant?: Quadrant; done?: boolean; removed?: boolean }) =>
    p.removed ? state.filter((x) => x.id !== p.id) : state.map((x) => (x.id === p.id ? { ...x, quadrant: p.quadrant ?? x.quadrant, doneAt: p.done === undefined ? x.doneAt : p.done ? new Date() : null } : x)),
  );

  const move = (item: TodoItem, q: Quadrant, refocus = false) => {
    if (q === item.quadrant) return;
    start(async () => {
      apply({ id: item.id, quadrant: q });
      const r = await moveTodoAction(item.id, q);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      setAnnounce(t("moved", { title: item.title, quadrant: t(`quadrants.${q}`) }));
      router.refresh();
      if (refocus) requestAnimationFrame(() => document.getElementById(`todo-${item.id}`)?.focus());
    });
  };
  const toggle = (item: TodoItem) =>
    start(async () => {
      apply({ id: item.id, done: !item.doneAt });
      const r = await setTodoDoneAction(item.id, !item.doneAt);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(item.doneAt ? t("reopened") : t("doneToast"));
      router.refresh();
    });
  const remove = (item: TodoItem) => {
    if (!window.confirm(t("confirmDelete", { title: item.title }))) return;
    start(async () => {
      apply({ id: item.id, removed: true });
      const r = await deleteTodoAction(item.id);
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(t("deleted"));
      router.refresh();
    });
  };

  return (
    <div className="space-y-4">
      <NewTodo />
      <p className="text-sm text-slate-500" id="todo-help">
        {t("help")}
      </p>
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      <div className="grid gap-3 md:grid-cols-2">
        {QUADRANTS.map((q) => {
          const list = optimistic.filter((x) => x.quadrant === q);
          return (
            <section
              key={q}
              aria-labelledby={`q-${q}`}
              data-quadrant={q}
              className={clsx("min-h-40 rounded-xl border-2 p-3 transition", TONE[q], dragOver === q && "ring-4 ring-brand-300")}
              onDragOver={(e) => {
                e.preventDefault();
                e.dataTransfer.dropEffect = "move";
                setDragOver(q);
              }}
              onDragLeave={() => setDragOver((d) => (d === q ? null : d))}
              onDrop={(e) => {
                e.preventDefault();
                setDragOver(null);
                const item = optimistic.find((x) => x.id === e.dataTransfer.getData("text/plain"));
                if (item) move(item, q);
              }}
            >
              <h2 id={`q-${q}`} className="mb-2 flex items-center justify-between text-sm font-semibold">
                {t(`quadrants.${q}`)}
                <span className="chip bg-white/80 text-slate-600">{list.filter((x) => !x.doneAt).length}</span>
              </h2>
              {list.length === 0 ? (
                <p className="py-4 text-center text-sm text-slate-400">{t("emptyQuadrant")}</p>
              ) : (
                <ul className="space-y-2">
                  {list.map((item) => {
                    const overdue = !item.doneAt && item.dueOn && item.dueOn < today;
                    return (
                      <li
                        key={item.id}
                        id={`todo-${item.id}`}
                        tabIndex={0}
                        draggable
                        aria-describedby="todo-help"
                        aria-label={punct(locale).clauses([item.title, t(`quadrants.${q}`), ...(item.dueOn ? [t("dueOn", { date: item.dueOn })] : [])])}
                        onDragStart={(e) => {
                          e.dataTransfer.setData("text/plain", item.id);
                          e.dataTransfer.effectAllowed = "move";
                        }}
                        onKeyDown={(e) => {
                          if (!e.altKey || e.target !== e.currentTarget) return;
                          const to = neighbour(item.quadrant, e.key);
                          if (to) {
                            e.preventDefault();
                            move(item, to, true);
                          }
                        }}
                        className="flex items-start gap-2 rounded-lg bg-white p-2 shadow-sm ring-1 ring-slate-200 focus:ring-2 focus:ring-brand-500 focus:outline-none"
                        data-todo={item.title}
                      >
                        <GripVertical aria-hidden className="mt-1 size-4 shrink-0 cursor-grab text-slate-300" />
                        <input
                          type="checkbox"
                          className="mt-1 size-4 shrink-0"
                          checked={!!item.doneAt}
                          onChange={() => toggle(item)}
                          aria-label={t("markDone", { title: item.title })}
                        />
                        <div className="min-w-0 flex-1">
                          <p className={clsx("text-sm break-words", item.doneAt && "text-slate-400 line-through")}>{item.title}</p>
                          {item.dueOn && <p className={clsx("value-nowrap text-xs tabular-nums", overdue ? "font-medium text-red-700" : "text-slate-500")}>{overdue ? t("overdue", { date: item.dueOn }) : t("dueOn", { date: item.dueOn })}</p>}
                        </div>
                        <label className="sr-only" htmlFor={`mv-${item.id}`}>
                          {t("moveTo", { title: item.title })}
                        </label>
                        <select
                          id={`mv-${item.id}`}
                          className="max-w-28 shrink-0 rounded border border-slate-200 bg-white px-1 py-1 text-xs"
                          value={item.quadrant}
                          onChange={(e) => move(item, e.target.value as Quadrant)}
                        >
                          {QUADRANTS.map((o) => (
                            <option key={o} value={o}>
                              {t(`quadrants.${o}`)}
                            </option>
                          ))}
                        </select>
                        <button type="button" className="shrink-0 rounded p-1 text-slate-400 hover:bg-red-50 hover:text-red-700" onClick={() => remove(item)} aria-label={t("delete", { title: item.title })}>
                          <Trash aria-hidden className="size-4" />
                        </button>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function NewTodo() {
  const t = useTranslations("todos");
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, action, pending] = useActionState(createTodoAction, {});
  const seen = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (!state.at || seen.current === state.at) return;
    seen.current = state.at;
    if (state.ok) {
      toast.success(t("created"));
      formRef.current?.reset();
      router.refresh();
    } else if (state.error && !state.fieldErrors) toast.error(state.error);
  }, [state, t, router]);
  const err = state.fieldErrors ?? {};
  const values = state.values;
  return (
    <form key={state.at ?? 0} ref={formRef} action={action} className="card grid gap-3 p-3 sm:grid-cols-[1fr_12rem_10rem_auto] sm:items-end" noValidate>
      <Field name="title" label={t("title")} defaultValue={submittedText(values, "title")} error={err.title} maxLength={200} required />
      <Select name="quadrant" label={t("quadrant")} defaultValue={submittedText(values, "quadrant") || "important_urgent"} error={err.quadrant}>
        {QUADRANTS.map((q) => (
          <option key={q} value={q}>
            {t(`quadrants.${q}`)}
          </option>
        ))}
      </Select>
      <Field name="dueOn" type="date" label={t("due")} defaultValue={submittedText(values, "dueOn")} error={err.dueOn} />
      <button type="submit" className="btn-primary" disabled={pending}>
        {t("add")}
      </button>
    </form>
  );
}
