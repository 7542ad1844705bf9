"use client";

import { Plus, X } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { checkDuplicatesAction, saveCustomerAction } from "@/app/(crm)/customers/actions";
import { Field, Section, Select, TextArea } from "@/components/ui/field";
import type { Duplicate } from "@/db/queries/customers";
import type { DictionaryOptions } from "@/db/queries/dictionaries";
import type { Locale } from "@/i18n/config";
import { LUNAR_DAY_NUMBERS, LUNAR_MONTH_NUMBERS, lunarDayLabel, lunarMonthLabel } from "@/lib/lunar-labels";
import { STAGE_ORDER } from "@/lib/stages";
import { toast } from "@/lib/toast";
import { CustomerPicker } from "./customer-picker";
import { punct } from "@/lib/punct";

export type CustomerFormValues = Record<string, unknown> & {
  customDates?: { label: string; date: string; notes?: string | null }[];
  circleIds?: string[];
};

type Props = {
  id?: string;
  initial: CustomerFormValues;
  dictionaries: DictionaryOptions;
  owners: { id: string; name: string; orgUnitName: string }[];
  canAssign: boolean;
  introducerLabel?: string | null;
  companyLabel?: string | null;
  idCardMasked?: string | null;
  /** the configured value grades (价值分级规则), best first: the manual grade is picked from them */
  grades?: { code: string; label: string }[];
};


const str = (v: unknown) => (v == null ? "" : String(v));

export function CustomerForm({ id, initial, dictionaries, owners, canAssign, introducerLabel, companyLabel, idCardMasked, grades }: Props) {
  const t = useTranslations("customer");
  const tf = useTranslations("customer.fields");
  const locale = useLocale() as Locale;
  const [state, action, pending] = useActionState(saveCustomerAction, {});
  // a failed save gives back what was typed: the same fields and repeated groups the form renders
  const values = (state.values ?? initial) as CustomerFormValues;
  const err = state.fieldErrors ?? {};
  const [kind, setKind] = useState(str(values.kind) || "individual");
  const [dates, setDates] = useState(values.customDates ?? []);
  const [contacts, setContacts] = useState<{ name: string; title?: string; mobile?: string; email?: string }[]>(
    (values.contacts as never[] | undefined) ?? [],
  );
  const [liveDups, setLiveDups] = useState<Duplicate[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!state.at) return;
    if (state.error) {
      toast.error(state.error);
      errorRef.current?.focus();
      if (state.values) {
        const v = state.values as CustomerFormValues;
        setDates(v.customDates ?? []);
        setContacts((v.contacts as never[]) ?? []);
        setKind(str(v.kind) || "individual");
      }
    }
  }, [state]);

  async function checkDups() {
    const f = formRef.current;
    if (!f) return;
    const fd = new FormData(f);
    const r = await checkDuplicatesAction({
      kind,
      name: str(fd.get("name")),
      mobile: str(fd.get("mobile")),
      email: str(fd.get("email")),
      excludeId: id,
    });
    setLiveDups(r.ok ? (r.data ?? []) : []);
  }

  const dups = state.duplicates?.length ? state.duplicates : liveDups;
  const v = (k: string) => str(values[k]);

  return (
    <form ref={formRef} action={action} key={state.at ?? 0} className="space-y-4" noValidate>
      {id && <input type="hidden" name="id" value={id} />}
      <input type="hidden" name="version" value={v("version")} />

      {(state.error || dups.length > 0) && (
        <div ref={errorRef} tabIndex={-1} role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
          {state.error && <p className="font-medium">{state.error}</p>}
          {dups.length > 0 && (
            <>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {dups.map((d, i) => (
                  <li key={i}>
                    {t(`duplicate.${d.field}`)}
                    {d.id ? (
                      <>
                        {" "}
                        <Link className="underline" href={`/customers/${d.id}`} target="_blank">
                          {d.name}
                        </Link>
                        {t("duplicate.ownedBy", { owner: d.ownerName ?? "—" })}
                      </>
                    ) : (
                      t("duplicate.otherOwner", { owner: d.ownerName ?? "—" })
                    )}
                  </li>
                ))}
              </ul>
              <label className="mt-3 flex items-center gap-2">
                <input type="checkbox" name="confirmDuplicate" className="size-4" />
                {t("duplicate.confirm")}
              </label>
            </>
          )}
        </div>
      )}

      <Section title={t("groups.card")}>
        <fieldset className="sm:col-span-2">
          <legend className="label">{tf("kind")}</legend>
          <div className="flex gap-4">
            {(["individual", "company"] as const).map((k) => (
              <label key={k} className="flex items-center gap-2 text-sm">
                <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="size-4" />
                {t(`kinds.${k}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field name="name" label={kind === "company" ? tf("companyTitle") : tf("name")} required defaultValue={v("name")} error={err.name} maxLength={100} onBlur={kind === "company" ? checkDups : undefined} autoComplete="off" />
        {kind === "individual" ? (
          <>
            <Field name="companyName" label={tf("companyName")} defaultValue={v("companyName")} error={err.companyName} maxLength={100} />
            <CustomerPicker name="companyId" label={tf("companyLink")} kind="company" initialId={v("companyId")} initialLabel={companyLabel ?? undefined} error={err.companyId} />
            <Field name="title" label={tf("title")} defaultValue={v("title")} error={err.title} maxLength={50} />
            <Select name="gender" label={tf("gender")} defaultValue={v("gender") || "unknown"} error={err.gender}>
              {(["unknown", "male", "female"] as const).map((g) => (
                <option key={g} value={g}>
                  {t(`genders.${g}`)}
                </option>
              ))}
            </Select>
            <Field name="salutation" label={tf("salutation")} hint={tf("salutationHint")} defaultValue={v("salutation")} error={err.salutation} maxLength={20} />
          </>
        ) : (
          <Field name="companySize" label={tf("companySize")} defaultValue={v("companySize")} error={err.companySize} maxLength={50} placeholder={tf("companySizeHint")} />
        )}
        <Field name="mobile" label={tf("mobile")} type="tel" inputMode="tel" defaultValue={v("mobile")} error={err.mobile} onBlur={checkDups} autoComplete="off" />
        <Field name="email" label={tf("email")} type="email" defaultValue={v("email")} error={err.email} onBlur={checkDups} autoComplete="off" />
        <Field name="wechat" label={tf("wechat")} defaultValue={v("wechat")} error={err.wechat} />
        <Field name="qq" label={tf("qq")} inputMode="numeric" defaultValue={v("qq")} error={err.qq} />
        <Field name="landline" label={tf("landline")} type="tel" defaultValue={v("landline")} error={err.landline} />
        <Field name="website" label={tf("website")} defaultValue={v("website")} error={err.website} />
        <Field name="address" label={tf("address")} defaultValue={v("address")} error={err.address} className="sm:col-span-2" />
      </Section>

      {kind === "company" && (
        <Section title={t("groups.contacts")}>
          <div className="space-y-3 sm:col-span-2">
            {contacts.map((c, i) => (
              <div key={i} className="grid grid-cols-1 gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-5">
                <Field name={`contacts.${i}.name`} label={tf("contactName")} defaultValue={c.name} required error={err[`contacts.${i}.name`]} />
                <Field name={`contacts.${i}.title`} label={tf("title")} defaultValue={c.title ?? ""} error={err[`contacts.${i}.title`]} />
                <Field name={`contacts.${i}.mobile`} label={tf("mobile")} type="tel" defaultValue={c.mobile ?? ""} error={err[`contacts.${i}.mobile`]} />
                <Field name={`contacts.${i}.email`} label={tf("email")} type="email" defaultValue={c.email ?? ""} error={err[`contacts.${i}.email`]} />
                <div className="flex items-end">
                  <button type="button" className="btn-secondary" onClick={() => setContacts(contacts.filter((_, j) => j !== i))} aria-label={t("removeContact")}>
                    <X aria-hidden className="size-4" />
                  </button>
                </div>
              </div>
            ))}
            <p className="text-xs text-slate-500">{t("contactsHint")}</p>
            <button type="button" className="btn-secondary" onClick={() => setContacts([...contacts, { name: "" }])}>
              <Plus aria-hidden className="size-4" />
              {t("addContact")}
            </button>
          </div>
        </Section>
      )}

      <Section title={t("groups.acquaintance")}>
        <CustomerPicker name="introducerId" label={tf("introducer")} initialId={v("introducerId")} initialLabel={introducerLabel ?? undefined} error={err.introducerId} excludeId={id} />
        <Field name="introducerText" label={tf("introducerText")} defaultValue={v("introducerText")} error={err.introducerText} hint={tf("introducerTextHint")} maxLength={50} />
        <Select name="sourceId" label={tf("source")} defaultValue={v("sourceId")} error={err.sourceId}>
          <option value="">{t("none")}</option>
          {dictionaries.source.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </Select>
        <Field name="metOn" label={tf("metOn")} type="date" defaultValue={v("metOn")} error={err.metOn} />
        <TextArea name="firstImpression" label={tf("firstImpression")} defaultValue={v("firstImpression")} error={err.firstImpression} className="sm:col-span-2" maxLength={2000} />
      </Section>

      <Section title={t("groups.dates")}>
        <Field name="solarBirthday" label={tf("solarBirthday")} type="date" defaultValue={v("solarBirthday")} error={err.solarBirthday} />
        <fieldset className="sm:col-span-2">
          <legend className="label">{tf("lunarBirthday")}</legend>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Field name="lunarBirthYear" label={tf("lunarYear")} inputMode="numeric" placeholder={tf("optional")} defaultValue={v("lunarBirthYear")} error={err.lunarBirthYear} />
            <Select name="lunarBirthMonth" label={tf("lunarMonth")} defaultValue={v("lunarBirthMonth")} error={err.lunarBirthMonth}>
              <option value="">—</option>
              {LUNAR_MONTH_NUMBERS.map((m) => (
                <option key={m} value={m}>
                  {lunarMonthLabel(m, false, locale)}
                </option>
              ))}
            </Select>
            <Select name="lunarBirthDay" label={tf("lunarDay")} defaultValue={v("lunarBirthDay")} error={err.lunarBirthDay}>
              <option value="">—</option>
              {LUNAR_DAY_NUMBERS.map((d) => (
                <option key={d} value={d}>
                  {lunarDayLabel(d, locale)}
                </option>
              ))}
            </Select>
            <div>
              <span className="label" aria-hidden>
                &nbsp;
              </span>
              <label className="flex min-h-10 items-center gap-2 text-sm">
                <input type="checkbox" name="lunarBirthLeap" defaultChecked={values.lunarBirthLeap === true || values.lunarBirthLeap === "on"} className="size-4" aria-describedby={err.lunarBirthLeap ? "f-lunarBirthLeap-err" : undefined} />
                {tf("lunarLeap")}
              </label>
              {err.lunarBirthLeap && (
                <p id="f-lunarBirthLeap-err" className="mt-1 text-sm text-red-600">
                  {err.lunarBirthLeap}
                </p>
              )}
            </div>
          </div>
        </fieldset>
        <Field name="weddingAnniversary" label={tf("weddingAnniversary")} type="date" defaultValue={v("weddingAnniversary")} error={err.weddingAnniversary} />
        <TextArea name="importantDateNotes" label={tf("importantDateNotes")} defaultValue={v("importantDateNotes")} error={err.importantDateNotes} maxLength={500} />
        <div className="space-y-2 sm:col-span-2">
          <p className="label">{tf("customDates")}</p>
          {dates.map((d, i) => (
            <div key={i} className="grid grid-cols-1 gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-4">
              <Field name={`customDates.${i}.label`} label={tf("dateLabel")} defaultValue={d.label} error={err[`customDates.${i}.label`]} required />
              <Field name={`customDates.${i}.date`} label={tf("date")} type="date" defaultValue={d.date} error={err[`customDates.${i}.date`]} required />
              <Field name={`customDates.${i}.notes`} label={tf("notes")} defaultValue={d.notes ?? ""} error={err[`customDates.${i}.notes`]} />
              <div className="flex items-end">
                <button type="button" className="btn-secondary" onClick={() => setDates(dates.filter((_, j) => j !== i))} aria-label={t("removeDate")}>
                  <X aria-hidden className="size-4" />
                </button>
              </div>
            </div>
          ))}
          <button type="button" className="btn-secondary" onClick={() => setDates([...dates, { label: "", date: "" }])}>
            <Plus aria-hidden className="size-4" />
            {t("addDate")}
          </button>
        </div>
      </Section>

      <Section
        title={t("groups.related")}
        open={!!(v("nativePlace") || v("homeAddress") || idCardMasked || err.idCard || err.nativePlace || err.homeAddress || err.maritalStatus || values.idCard)}
      >
        <Field name="nativePlace" label={tf("nativePlace")} defaultValue={v("nativePlace")} error={err.nativePlace} />
        <Select name="maritalStatus" label={tf("maritalStatus")} defaultValue={v("maritalStatus") || "unknown"} error={err.maritalStatus}>
          {(["unknown", "single", "married", "divorced", "widowed"] as const).map((m) => (
            <option key={m} value={m}>
              {t(`marital.${m}`)}
            </option>
          ))}
        </Select>
        <Field name="homeAddress" label={tf("homeAddress")} defaultValue={v("homeAddress")} error={err.homeAddress} className="sm:col-span-2" />
        <Field
          name="idCard"
          label={tf("idCard")}
          defaultValue={str(values.idCard)}
          error={err.idCard}
          autoComplete="off"
          maxLength={18}
          hint={idCardMasked ? tf("idCardKeep", { masked: idCardMasked }) : tf("idCardHint")}
        />
        {idCardMasked && (
          <label className="flex items-center gap-2 self-end text-sm">
            <input type="checkbox" name="idCardClear" className="size-4" />
            {tf("idCardClear")}
          </label>
        )}
      </Section>

      <Section title={t("groups.classification")}>
        <Select name="stage" label={tf("stage")} defaultValue={v("stage") || "potential"} error={err.stage}>
          {STAGE_ORDER.map((s) => (
            <option key={s} value={s}>
              {t(`stages.${s}`)}
            </option>
          ))}
        </Select>
        <Select name="industryId" label={tf("industry")} defaultValue={v("industryId")} error={err.industryId}>
          <option value="">{t("none")}</option>
          {dictionaries.industry.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </Select>
        <Select name="regionId" label={tf("region")} defaultValue={v("regionId")} error={err.regionId}>
          <option value="">{t("none")}</option>
          {dictionaries.region.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </Select>
        <Select name="cityId" label={tf("city")} defaultValue={v("cityId")} error={err.cityId}>
          <option value="">{t("none")}</option>
          {dictionaries.region.map((r) => (
            <optgroup key={r.id} label={r.label}>
              {dictionaries.city
                .filter((c) => c.parentId === r.id)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
            </optgroup>
          ))}
          {dictionaries.city
            .filter((c) => !c.parentId)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
        </Select>
        <fieldset className="sm:col-span-2">
          <legend className="label">{tf("circles")}</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-2">
            {dictionaries.circle.map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="circleIds[]" value={c.id} defaultChecked={values.circleIds?.includes(c.id)} className="size-4" />
                {c.label}
              </label>
            ))}
          </div>
          {err.circleIds && <p className="mt-1 text-sm text-red-600">{err.circleIds}</p>}
        </fieldset>
        <Field name="otherCategory" label={tf("otherCategory")} defaultValue={v("otherCategory")} error={err.otherCategory} />
      </Section>

      <Section title={t("groups.grading")}>
        {grades ? (
          <Select name="valueGradeOverride" label={tf("valueGradeOverride")} defaultValue={v("valueGradeOverride")} error={err.valueGradeOverride} hint={tf("valueGradeHint")}>
            <option value="">{tf("valueGradeAuto")}</option>
            {grades.map((g) => (
              <option key={g.code} value={g.code}>
                {g.label}
              </option>
            ))}
            {v("valueGradeOverride") && !grades.some((g) => g.code === v("valueGradeOverride")) && <option value={v("valueGradeOverride")}>{v("valueGradeOverride")}</option>}
          </Select>
        ) : (
          <Field name="valueGradeOverride" label={tf("valueGradeOverride")} defaultValue={v("valueGradeOverride")} error={err.valueGradeOverride} hint={tf("valueGradeHint")} maxLength={10} />
        )}
        <Select name="creditGrade" label={tf("creditGrade")} defaultValue={v("creditGrade")} error={err.creditGrade}>
          <option value="">{t("none")}</option>
          {dictionaries.credit_grade.map((o) => (
            <option key={o.id} value={o.label}>
              {o.label}
            </option>
          ))}
        </Select>
        <Field name="otherGrade" label={tf("otherGrade")} defaultValue={v("otherGrade")} error={err.otherGrade} />
      </Section>

      <Section title={t("groups.personality")}>
        <TextArea name="personality" label={tf("personality")} defaultValue={v("personality")} error={err.personality} className="sm:col-span-2" rows={4} maxLength={2000} hint={tf("personalityHint")} />
      </Section>

      {canAssign && owners.length > 0 && (
        <Section title={t("groups.owner")}>
          <Select name="ownerId" label={tf("owner")} defaultValue={v("ownerId")} error={err.ownerId}>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {punct(locale).paren(o.name, o.orgUnitName)}
              </option>
            ))}
          </Select>
        </Section>
      )}

      <div className="sticky bottom-16 z-10 flex gap-3 rounded-xl border border-slate-200 bg-white/95 p-3 shadow-sm backdrop-blur lg:bottom-2">
        <button type="submit" className="btn-primary flex-1 sm:flex-none" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </button>
        <Link href={id ? `/customers/${id}` : "/customers"} className="btn-secondary">
          {t("cancel")}
        </Link>
      </div>
    </form>
  );
}
