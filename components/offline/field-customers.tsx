"use client";

import { Phone, Plus, UserPen } from "lucide-react";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { uuidv7 } from "uuidv7";
import { Field, Select, TextArea } from "@/components/ui/field";
import { COMMUNICATION_METHODS } from "@/lib/communications";
import { all, byCustomer, enqueue, get, type Row } from "@/lib/offline/store";
import { syncNow } from "@/lib/offline/sync";
import { matchesQuery, queryTokens } from "@/lib/search-query";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { toast } from "@/lib/toast";
import { communicationInputSchema } from "@/lib/validation/communication";
import { fieldErrors } from "@/lib/validation/common";
import { CARD_FIELDS, customerCardSchema, customerInputSchema, GENDERS, type CardField } from "@/lib/validation/customer";
import { FieldLink, PendingMark, type Go } from "./field-app";
import { useLocalizedErrors, useStore } from "./use-offline";

export type CustomerRow = Row & {
  version: number;
  kind: "individual" | "company";
  name: string;
  namePinyin?: string | null;
  companyName: string | null;
  title: string | null;
  mobile: string | null;
  landline: string | null;
  email: string | null;
  wechat: string | null;
  qq: string | null;
  gender: string;
  address: string | null;
  stage: string;
  valueGrade: string | null;
  lastContactAt: string | null;
  personality: string | null;
  firstImpression: string | null;
  searchTokens: string[] | null;
  _pending?: boolean;
};

type CommunicationRow = Row & { customerId: string; method: string; topic: string; summary: string | null; summaryCut?: boolean; contactedAt: string; nextFollowUp: string | null; _pending?: boolean };
type DealRow = Row & { customerId: string; title: string; stageName: string | null; expectedAmount: string | null; expectedDate: string | null };

const PAGE = 50;

const byRecent = (a: CustomerRow, b: CustomerRow) => (b.lastContactAt ?? "").localeCompare(a.lastContactAt ?? "") || (a.namePinyin ?? a.name).localeCompare(b.namePinyin ?? b.name);

/** Each row's tokens as a set, made once per row object (a keystroke then costs a lookup per token). */
const tokenSets = new WeakMap<CustomerRow, Set<string>>();
const tokensOf = (c: CustomerRow) => {
  let s = tokenSets.get(c);
  if (!s) tokenSets.set(c, (s = new Set(c.searchTokens ?? [])));
  return s;
};

/** The same search as online (2-character Chinese, pinyin initials, mobile digits), over the phone's copy. */
export function searchCustomers(rows: CustomerRow[], q: string) {
  const tokens = queryTokens(q);
  const text = q.trim().toLowerCase();
  if (!tokens.length && !text) return rows.slice();
  return rows.filter(
    (c) =>
      matchesQuery(tokensOf(c), tokens) ||
      // a customer made on this phone has no server tokens yet: plain substring
      (c._pending && !!text && [c.name, c.mobile, c.companyName].some((v) => v?.toLowerCase().includes(text))),
  );
}

export function CustomerList({ initialQuery }: { initialQuery: string }) {
  const t = useTranslations("offline");
  const tc = useTranslations("customer");
  const rows = useStore(() => all<CustomerRow>("customers"));
  const [q, setQ] = useState(initialQuery);
  const [shown, setShown] = useState(PAGE);
  // each row's token set is made when the list loads, not on the first keystroke
  useMemo(() => rows?.forEach(tokensOf), [rows]);
  const list = useMemo(() => (rows ? searchCustomers(rows, q).sort(byRecent) : []), [rows, q]);
  const date = new Intl.DateTimeFormat(undefined, { month: "numeric", day: "numeric" });
  return (
    <section className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
          {t("nav.customers")}
        </h1>
        <FieldLink to="/customers/new" className="btn-primary text-sm">
          <Plus aria-hidden className="size-4" />
          {t("home.newCustomer")}
        </FieldLink>
      </div>
      <input
        type="search"
        className="input"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setShown(PAGE);
        }}
        placeholder={t("customers.search")}
        aria-label={t("customers.search")}
        aria-controls="field-customer-list"
      />
      <p className="text-sm text-slate-500" aria-live="polite">
        {rows == null ? t("syncing") : q ? t("customers.matches", { count: list.length }) : t("customers.count", { count: list.length })}
      </p>
      {rows && list.length === 0 && <p className="card p-6 text-center text-slate-500">{t("customers.empty")}</p>}
      <ul id="field-customer-list" className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white">
        {list.slice(0, shown).map((c) => (
          <li key={c.id}>
            <FieldLink to={`/customers/${c.id}`} className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-slate-50">
              <span className="min-w-0">
                <span className="block truncate font-medium">
                  {c.name} {c._pending && <PendingMark />}
                </span>
                <span className="block truncate text-xs text-slate-500">{[c.companyName !== c.name ? c.companyName : null, c.title, c.mobile].filter(Boolean).join(" · ")}</span>
              </span>
              <span className="shrink-0 text-right text-xs text-slate-500">
                <span className="block">{tc(`stages.${c.stage}`)}</span>
                <span className="block">{c.lastContactAt ? t("customers.lastContact", { date: date.format(new Date(c.lastContactAt)) }) : t("customers.never")}</span>
              </span>
            </FieldLink>
          </li>
        ))}
      </ul>
      {list.length > shown && (
        <button type="button" className="btn-secondary w-full" onClick={() => setShown((n) => n + PAGE)}>
          {t("customers.more")}
        </button>
      )}
    </section>
  );
}

export function CustomerProfile({ id }: { id: string }) {
  const t = useTranslations("offline");
  const tc = useTranslations("customer");
  const data = useStore(async () => {
    const c = await get<CustomerRow>("customers", id);
    if (!c) return { c: null };
    const [comms, deals] = await Promise.all([byCustomer<CommunicationRow>("communications", id), byCustomer<DealRow>("deals", id)]);
    comms.sort((a, b) => b.contactedAt.localeCompare(a.contactedAt));
    return { c, comms, deals };
  }, [id]);
  if (!data) return null;
  const { c } = data;
  if (!c)
    return (
      <div className="card mt-6 p-6 text-center">
        <h1 tabIndex={-1} className="font-semibold outline-none">
          {t("profile.notFound")}
        </h1>
        <FieldLink to="/customers" className="btn-secondary mt-4 inline-flex">
          {t("profile.back")}
        </FieldLink>
      </div>
    );
  const when = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
  const rows: [string, string | null][] = [
    [tc("fields.companyName"), c.kind === "individual" ? c.companyName : null],
    [tc("fields.title"), c.title],
    [tc("fields.mobile"), c.mobile],
    [tc("fields.landline"), c.landline],
    [tc("fields.email"), c.email],
    [tc("fields.wechat"), c.wechat],
    [tc("fields.address"), c.address],
    [tc("fields.valueGrade"), c.valueGrade],
    [tc("fields.personality"), c.personality],
    [tc("fields.firstImpression"), c.firstImpression],
  ];
  return (
    <article className="space-y-4">
      <div className="card p-4">
        <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
          {c.name} {c._pending && <PendingMark />}
        </h1>
        <p className="text-sm text-slate-500">
          {tc(`kinds.${c.kind}`)} · {tc(`stages.${c.stage}`)}
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          <FieldLink to={`/communications/new?customer=${c.id}`} className="btn-primary text-sm">
            <Plus aria-hidden className="size-4" />
            {t("profile.log")}
          </FieldLink>
          {c.mobile && (
            <a href={`tel:${c.mobile}`} className="btn-secondary text-sm">
              <Phone aria-hidden className="size-4" />
              {t("profile.call")}
            </a>
          )}
          <FieldLink to={`/customers/${c.id}/edit`} className="btn-secondary text-sm">
            <UserPen aria-hidden className="size-4" />
            {t("profile.edit")}
          </FieldLink>
        </div>
        <dl className="mt-4 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-2">
          {rows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k}>
                <dt className="text-slate-500">{k}</dt>
                <dd className="break-words">{v}</dd>
              </div>
            ))}
        </dl>
      </div>
      <section className="card p-4">
        <h2 className="font-semibold">{t("profile.communications")}</h2>
        {data.comms!.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t("profile.noCommunications")}</p>
        ) : (
          <ol className="mt-2 space-y-3">
            {data.comms!.map((m) => (
              <li key={m.id} className="border-l-2 border-brand-200 pl-3 text-sm">
                <p className="font-medium">
                  {m.topic} {m._pending && <PendingMark />}
                </p>
                <p className="text-xs text-slate-500">
                  <time dateTime={m.contactedAt}>{when.format(new Date(m.contactedAt))}</time> · {tc(`methods.${m.method}`)}
                </p>
                {m.summary && (
                  <p className="mt-1 whitespace-pre-line text-slate-700">
                    {m.summary}
                    {m.summaryCut && <span className="text-slate-400">… {t("profile.moreOnline")}</span>}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card p-4">
        <h2 className="font-semibold">{t("profile.deals")}</h2>
        {data.deals!.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t("profile.noDeals")}</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {data.deals!.map((d) => (
              <li key={d.id}>
                {d.title} · {d.stageName}
                {d.expectedAmount ? ` · ¥${d.expectedAmount}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** The local wall-clock time for a datetime-local input (what the online form sends too). */
function nowLocal() {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function CommunicationForm({ go, customerId }: { go: Go; customerId: string | null }) {
  const t = useTranslations("offline");
  const tc = useTranslations("customer");
  const localize = useLocalizedErrors();
  const rows = useStore(() => all<CustomerRow>("customers"));
  const [picked, setPicked] = useState<string | null>(customerId);
  const [q, setQ] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const customer = rows?.find((r) => r.id === picked) ?? null;
  const matches = useMemo(() => (rows && q ? searchCustomers(rows, q).sort(byRecent).slice(0, 8) : []), [rows, q]);

  async function submit(form: HTMLFormElement) {
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    data.customerId = picked ?? "";
    const r = communicationInputSchema.safeParse(data);
    if (!r.success) {
      setErrors(localize(fieldErrors(r.error)));
      form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    const id = uuidv7();
    await enqueue(
      { id: uuidv7(), kind: "communication.create", entityId: id, data, label: `${tc(`methods.${r.data.method}`)} · ${customer?.name ?? ""}` },
      {
        collection: "communications",
        row: { id, customerId: r.data.customerId, method: r.data.method, topic: r.data.topic, summary: r.data.summary, contactedAt: r.data.contactedAt.toISOString(), nextFollowUp: r.data.nextFollowUp },
      },
    );
    toast.success(t("comm.saved"));
    void syncNow();
    go(`/customers/${r.data.customerId}`);
  }

  return (
    <form
      className="card space-y-4 p-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {t("comm.title")}
      </h1>
      <div>
        <span className="label" id="f-customer-label">
          {t("comm.customer")} <span className="text-red-600">*</span>
        </span>
        {customer ? (
          <p className="flex items-center justify-between rounded-lg border border-slate-200 px-3 py-2">
            <span>
              {customer.name}
              <span className="ml-2 text-xs text-slate-500">{customer.companyName !== customer.name ? customer.companyName : ""}</span>
            </span>
            <button type="button" className="text-sm text-brand-700 underline" onClick={() => setPicked(null)}>
              {t("comm.change")}
            </button>
          </p>
        ) : (
          <div>
            <input
              type="search"
              className="input"
              aria-labelledby="f-customer-label"
              aria-invalid={errors.customerId ? true : undefined}
              aria-describedby={errors.customerId ? "f-customer-err" : undefined}
              placeholder={t("comm.pick")}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            {matches.length > 0 && (
              <ul className="mt-1 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label={t("comm.pick")}>
                {matches.map((c) => (
                  <li key={c.id}>
                    <button type="button" className="w-full px-3 py-2 text-left hover:bg-slate-50" onClick={() => setPicked(c.id)}>
                      {c.name} <span className="text-xs text-slate-500">{[c.companyName !== c.name ? c.companyName : null, c.mobile].filter(Boolean).join(" · ")}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {q && rows && matches.length === 0 && <p className="mt-1 text-sm text-slate-500">{t("customers.empty")}</p>}
            {errors.customerId && (
              <p id="f-customer-err" className="mt-1 text-sm text-red-600">
                {errors.customerId}
              </p>
            )}
          </div>
        )}
      </div>
      <Select name="method" label={t("comm.method")} defaultValue="visit" error={errors.method}>
        {COMMUNICATION_METHODS.map((m) => (
          <option key={m} value={m}>
            {tc(`methods.${m}`)}
          </option>
        ))}
      </Select>
      <Field name="topic" label={t("comm.topic")} required error={errors.topic} maxLength={100} />
      <Field name="contactedAt" type="datetime-local" label={t("comm.contactedAt")} required defaultValue={nowLocal()} error={errors.contactedAt} />
      <TextArea name="summary" label={t("comm.summary")} error={errors.summary} rows={4} />
      <Field name="nextFollowUp" type="date" label={t("comm.nextFollowUp")} error={errors.nextFollowUp} />
      <button type="submit" className="btn-primary w-full sm:w-auto">
        {t("comm.save")}
      </button>
    </form>
  );
}

const NEW_FIELDS = ["name", "mobile", "gender", "companyName", "title", "email", "wechat", "address", "stage"] as const;

/** A new individual customer, or an edit of a customer's card fields (sent with the version it was based on). */
export function CustomerForm({ go, id }: { go: Go; id?: string }) {
  const t = useTranslations("offline");
  const tc = useTranslations("customer");
  const localize = useLocalizedErrors();
  const current = useStore(async () => (id ? ((await get<CustomerRow>("customers", id)) ?? null) : null), [id]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (id && current === undefined) return null;
  if (id && !current) return <CustomerProfile id={id} />;
  const fields: readonly CardField[] = current ? CARD_FIELDS : NEW_FIELDS;

  async function submit(form: HTMLFormElement) {
    const values = Object.fromEntries(new FormData(form)) as Record<string, string>;
    if (!current) {
      const r = customerInputSchema.safeParse({ ...values, kind: "individual" });
      if (!r.success) return fail(form, fieldErrors(r.error));
      const entityId = uuidv7();
      const d = r.data;
      await enqueue(
        { id: uuidv7(), kind: "customer.create", entityId, data: { ...values, kind: "individual" }, label: `${t("outbox.kinds.customer_create")} · ${d.name}` },
        {
          collection: "customers",
          row: { id: entityId, version: 1, kind: "individual", name: d.name, companyName: d.companyName, title: d.title, mobile: d.mobile, landline: null, email: d.email, wechat: d.wechat, qq: null, gender: d.gender, address: d.address, stage: d.stage, valueGrade: null, lastContactAt: null, personality: null, firstImpression: null, searchTokens: null },
        },
      );
      toast.success(t("customerForm.saved"));
      void syncNow();
      return go(`/customers/${entityId}`);
    }
    // only what changed is sent, so an unrelated edit made elsewhere is not a conflict of ours to overwrite
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => (current[k] ?? "") !== v));
    if (!Object.keys(changed).length) return go(`/customers/${current.id}`);
    const r = customerCardSchema.safeParse(changed);
    if (!r.success) return fail(form, fieldErrors(r.error));
    await enqueue(
      { id: uuidv7(), kind: "customer.update", entityId: current.id, baseVersion: current.version, data: changed, label: `${t("outbox.kinds.customer_update")} · ${current.name}` },
      { collection: "customers", row: { ...current, ...r.data } },
    );
    toast.success(t("customerForm.saved"));
    void syncNow();
    go(`/customers/${current.id}`);
  }
  function fail(form: HTMLFormElement, e: Record<string, string>) {
    setErrors(localize(e));
    requestAnimationFrame(() => form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
  }

  const value = (f: CardField) => (current ? ((current[f] as string | null) ?? "") : "");
  return (
    <form
      className="card space-y-4 p-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <h1 tabIndex={-1} className="text-xl font-semibold outline-none">
        {current ? `${t("customerForm.editTitle")} · ${current.name}` : t("customerForm.newTitle")}
      </h1>
      {current && <p className="text-xs text-slate-500">{t("customerForm.basedOn", { version: current.version })}</p>}
      <div className="grid gap-4 sm:grid-cols-2">
        {fields.map((f) =>
          f === "stage" ? (
            <Select key={f} name={f} label={tc("fields.stage")} defaultValue={value(f) || "potential"} error={errors[f]}>
              {CUSTOMER_STAGES.map((s) => (
                <option key={s} value={s}>
                  {tc(`stages.${s}`)}
                </option>
              ))}
            </Select>
          ) : f === "gender" ? (
            <Select key={f} name={f} label={tc("fields.gender")} defaultValue={value(f) || "unknown"} error={errors[f]}>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {tc(`genders.${g}`)}
                </option>
              ))}
            </Select>
          ) : f === "personality" || f === "firstImpression" ? (
            <TextArea key={f} name={f} label={tc(`fields.${f}`)} defaultValue={value(f)} error={errors[f]} className="sm:col-span-2" />
          ) : (
            <Field
              key={f}
              name={f}
              label={tc(`fields.${f}`)}
              defaultValue={value(f)}
              error={errors[f]}
              required={f === "name"}
              type={f === "mobile" ? "tel" : f === "email" ? "email" : "text"}
              inputMode={f === "mobile" || f === "landline" ? "tel" : undefined}
            />
          ),
        )}
      </div>
      <button type="submit" className="btn-primary w-full sm:w-auto">
        {t("customerForm.save")}
      </button>
    </form>
  );
}
