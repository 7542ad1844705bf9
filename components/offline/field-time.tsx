"use client";

import { GraduationCap, Plus, UserPlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { uuidv7 } from "uuidv7";
import { Field, Select, TextArea } from "@/components/ui/field";
import { all, enqueue, type Row } from "@/lib/offline/store";
import { syncNow } from "@/lib/offline/sync";
import { toast } from "@/lib/toast";
import { TODO_QUADRANTS } from "@/lib/todos";
import { fieldErrors } from "@/lib/validation/common";
import { planCompletionSchema } from "@/lib/validation/plans";
import { todoInputSchema } from "@/lib/validation/todos";
import { FieldLink, PendingMark } from "./field-app";
import { useLocalizedErrors, useStore } from "./use-offline";

type ReminderRow = Row & { kind: string; title: string; dueOn: string; daysUntil: number; customerId: string | null; customerName: string | null; status: string };
type TodoRow = Row & { title: string; notes: string | null; quadrant: string; dueOn: string | null; doneAt: string | null; version: number; _pending?: boolean };
type PlanRow = Row & { subject: string; period: string; startDate: string; endDate: string; content: string | null; completedOn: string | null; completion: string | null; _pending?: boolean };
type ProductRow = Row & { name: string; category: string | null; price: string | null; unit: string | null; description: string | null; fab: { id: string; customerType: string; feature: string; advantage: string; benefit: string }[] };

function ReminderList({ rows, limit }: { rows: ReminderRow[]; limit?: number }) {
  const t = useTranslations("offline");
  const tr = useTranslations("reminders");
  const list = rows.filter((r) => r.status === "open").sort((a, b) => a.daysUntil - b.daysUntil);
  if (!list.length) return <p className="text-sm text-slate-500">{t("reminders.empty")}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {list.slice(0, limit).map((r) => {
        const when = r.daysUntil < 0 ? t("reminders.overdue", { days: -r.daysUntil }) : r.daysUntil === 0 ? t("reminders.today") : t("reminders.inDays", { days: r.daysUntil });
        const line = (
          <>
            <span className="block font-medium">{r.title}</span>
            <span className="block text-xs text-slate-500">
              {tr(`kinds.${r.kind}`)} · <span className={r.daysUntil < 0 ? "text-red-700" : undefined}>{when}</span>
            </span>
          </>
        );
        return (
          <li key={r.id} className="py-2 text-sm">
            {r.customerId ? (
              <FieldLink to={`/customers/${r.customerId}`} className="block hover:underline">
                {line}
              </FieldLink>
            ) : (
              line
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function Home() {
  const t = useTranslations("offline");
  const reminders = useStore(() => all<ReminderRow>("reminders"));
  return (
    <div className="space-y-4">
      <h1 tabIndex={-1} className="sr-only outline-none">
        {t("nav.home")}
      </h1>
      <section className="card p-4">
        <h2 className="font-semibold">{t("home.quick")}</h2>
        <div className="mt-3 grid grid-cols-2 gap-2">
          <FieldLink to="/communications/new" className="btn-primary justify-center">
            <Plus aria-hidden className="size-4" />
            {t("home.newCommunication")}
          </FieldLink>
          <FieldLink to="/customers/new" className="btn-secondary justify-center">
            <UserPlus aria-hidden className="size-4" />
            {t("home.newCustomer")}
          </FieldLink>
          <FieldLink to="/training" className="btn-secondary col-span-2 justify-center">
            <GraduationCap aria-hidden className="size-4" />
            {t("home.training")}
          </FieldLink>
        </div>
      </section>
      <section className="card p-4">
        <h2 className="font-semibold">{t("home.today")}</h2>
        {reminders && <ReminderList rows={reminders.filter((r) => r.daysUntil <= 0)} limit={10} />}
      </section>
    </div>
  );
}

export function Reminders() {
  const t = useTranslations("offline");
  const rows = useStore(() => all<ReminderRow>("reminders"));
  return (
    <section className="card p-4">
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {t("reminders.title")}
      </h1>
      {rows && <ReminderList rows={rows} />}
    </section>
  );
}

export function Todos() {
  const t = useTranslations("offline");
  const tt = useTranslations("todos");
  const localize = useLocalizedErrors();
  const rows = useStore(() => all<TodoRow>("todos"));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const open = (rows ?? []).filter((r) => !r.doneAt);

  async function add(form: HTMLFormElement) {
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const r = todoInputSchema.safeParse(data);
    if (!r.success) return setErrors(localize(fieldErrors(r.error)));
    setErrors({});
    const id = uuidv7();
    await enqueue({ id: uuidv7(), kind: "todo.create", entityId: id, data, label: `${t("outbox.kinds.todo_create")} · ${r.data.title}` }, { collection: "todos", row: { id, version: 1, ...r.data, doneAt: null } });
    form.reset();
    toast.success(t("comm.saved"));
    void syncNow();
  }
  async function move(row: TodoRow, quadrant: string) {
    await enqueue({ id: uuidv7(), kind: "todo.move", entityId: row.id, data: { quadrant }, label: `${t("outbox.kinds.todo_move")} · ${row.title}` }, { collection: "todos", row: { ...row, quadrant } });
    void syncNow();
  }
  async function done(row: TodoRow) {
    await enqueue({ id: uuidv7(), kind: "todo.done", entityId: row.id, data: { done: true }, label: `${t("outbox.kinds.todo_done")} · ${row.title}` }, { collection: "todos", row: { ...row, doneAt: new Date().toISOString() } });
    void syncNow();
  }

  return (
    <div className="space-y-4">
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {t("todos.title")}
      </h1>
      <form
        className="card grid gap-3 p-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add(e.currentTarget);
        }}
      >
        <Field name="title" label={t("todos.titleLabel")} required error={errors.title} />
        <Select name="quadrant" label={t("todos.quadrant")} defaultValue="important_urgent" error={errors.quadrant}>
          {TODO_QUADRANTS.map((q) => (
            <option key={q} value={q}>
              {tt(`quadrants.${q}`)}
            </option>
          ))}
        </Select>
        <Field name="dueOn" type="date" label={t("todos.dueOn")} error={errors.dueOn} />
        <button type="submit" className="btn-primary">
          {t("todos.add")}
        </button>
      </form>
      <div className="grid gap-3 sm:grid-cols-2">
        {TODO_QUADRANTS.map((q) => (
          <section key={q} className="card p-4" aria-labelledby={`q-${q}`}>
            <h2 id={`q-${q}`} className="font-semibold">
              {tt(`quadrants.${q}`)}
            </h2>
            <ul className="mt-2 space-y-2">
              {open
                .filter((r) => r.quadrant === q)
                .map((r) => (
                  <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                    <span>
                      {r.title}
                      {r.dueOn && <span className="ml-1 text-xs text-slate-500">{r.dueOn}</span>}
                      {r._pending && <PendingMark />}
                    </span>
                    <span className="flex items-center gap-1">
                      <label className="sr-only" htmlFor={`mv-${r.id}`}>
                        {t("todos.move")}
                      </label>
                      <select id={`mv-${r.id}`} className="input w-auto py-1 text-xs" value={r.quadrant} onChange={(e) => void move(r, e.target.value)}>
                        {TODO_QUADRANTS.map((x) => (
                          <option key={x} value={x}>
                            {tt(`quadrants.${x}`)}
                          </option>
                        ))}
                      </select>
                      <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => void done(r)}>
                        {t("todos.done")}
                      </button>
                    </span>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
      {rows && !open.length && <p className="text-sm text-slate-500">{t("todos.empty")}</p>}
    </div>
  );
}

export function Plans() {
  const t = useTranslations("offline");
  const rows = useStore(() => all<PlanRow>("plans"));
  const [editing, setEditing] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const localize = useLocalizedErrors();
  const list = (rows ?? []).sort((a, b) => b.startDate.localeCompare(a.startDate));

  async function complete(row: PlanRow, form: HTMLFormElement) {
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const r = planCompletionSchema.safeParse(data);
    if (!r.success) return setErrors(localize(fieldErrors(r.error)));
    if (r.data.completedOn && r.data.completedOn < row.startDate) return setErrors(localize({ completedOn: "完成日期不能早于开始日期" }));
    await enqueue({ id: uuidv7(), kind: "plan.complete", entityId: row.id, data, label: `${t("outbox.kinds.plan_complete")} · ${row.subject}` }, { collection: "plans", row: { ...row, ...r.data } });
    setEditing(null);
    setErrors({});
    toast.success(t("comm.saved"));
    void syncNow();
  }

  return (
    <div className="space-y-3">
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {t("plans.title")}
      </h1>
      {rows && !list.length && <p className="text-sm text-slate-500">{t("plans.empty")}</p>}
      {list.map((p) => (
        <article key={p.id} className="card p-4 text-sm">
          <h2 className="font-semibold">
            {p.subject} {p._pending && <PendingMark />}
          </h2>
          <p className="text-xs text-slate-500">
            {p.startDate} – {p.endDate}
          </p>
          {p.content && <p className="mt-1 whitespace-pre-line text-slate-700">{p.content}</p>}
          {p.completedOn && <p className="mt-1 text-emerald-700">{t("plans.done", { date: p.completedOn })}</p>}
          {editing === p.id ? (
            <form
              className="mt-3 space-y-3"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void complete(p, e.currentTarget);
              }}
            >
              <Field name="completedOn" type="date" label={t("plans.completedOn")} defaultValue={p.completedOn ?? new Date().toISOString().slice(0, 10)} error={errors.completedOn} required />
              <TextArea name="completion" label={t("plans.completion")} defaultValue={p.completion ?? ""} error={errors.completion} />
              <button type="submit" className="btn-primary">
                {t("plans.save")}
              </button>
            </form>
          ) : (
            <button type="button" className="btn-secondary mt-2 text-xs" onClick={() => setEditing(p.id)}>
              {t("plans.complete")}
            </button>
          )}
        </article>
      ))}
    </div>
  );
}

export function Products({ id }: { id?: string }) {
  const t = useTranslations("offline");
  const rows = useStore(() => all<ProductRow>("products"));
  const list = (rows ?? []).filter((p) => !id || p.id === id);
  return (
    <div className="space-y-3">
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {t("products.title")}
      </h1>
      {rows && !list.length && <p className="text-sm text-slate-500">{t("products.empty")}</p>}
      {list.map((p) => (
        <details key={p.id} className="card p-4" open={!!id}>
          <summary className="cursor-pointer font-semibold">
            {p.name}
            {p.price && <span className="ml-2 text-sm font-normal text-slate-500">¥{p.price}{p.unit ? ` / ${p.unit}` : ""}</span>}
          </summary>
          {p.description && <p className="mt-2 text-sm text-slate-700">{p.description}</p>}
          {p.fab.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">{t("products.noFab")}</p>
          ) : (
            <ol className="mt-3 space-y-3">
              {p.fab.map((f) => (
                <li key={f.id} className="rounded-lg border border-slate-200 p-3 text-sm">
                  <p className="text-xs text-slate-500">{f.customerType}</p>
                  <p>
                    <b>{t("products.feature")}</b> {f.feature}
                  </p>
                  <p>
                    <b>{t("products.advantage")}</b> {f.advantage}
                  </p>
                  <p>
                    <b>{t("products.benefit")}</b> {f.benefit}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </details>
      ))}
    </div>
  );
}
