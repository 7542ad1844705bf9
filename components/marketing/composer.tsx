"use client";

import clsx from "clsx";
import { AlertTriangle, Send } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { audienceAction, previewAction, saveTemplateAction, startCampaignAction } from "@/app/(crm)/marketing/actions";
import { Field, Select } from "@/components/ui/field";
import { checkTemplate, MERGE_FIELDS, smsLength } from "@/lib/marketing/template";
import { toast } from "@/lib/toast";

export type TemplateOption = { id: string; name: string; subject: string | null; body: string; own: boolean };
export type AudienceFilters = { q?: string; stage?: string; grade?: string; kind?: string; source?: string; industry?: string; region?: string; city?: string; circle?: string; owner?: string };
type Counts = { matched: number; noAddress: number; optedOut: number; recipients: number; capped: boolean };
type Sample = { id: string; name: string; address: string | null };
type Preview = { id: string; name: string; mobile: string | null; email: string | null; text: string; subject: string | null; empty: string[]; broken: boolean };

/** The compose page of 短信/邮件个性群发: template, audience with its count, preview for two recipients, send. */
export function Composer(props: {
  channel: "sms" | "email";
  templates: TemplateOption[];
  filters: AudienceFilters;
  ids: string[];
  stages: { id: string; label: string }[];
  grades: { id: string; label: string }[];
  signName: string;
}) {
  const t = useTranslations("marketing");
  const router = useRouter();
  const { channel } = props;
  const [templateId, setTemplateId] = useState<string>("");
  const [name, setName] = useState("");
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [filters, setFilters] = useState<AudienceFilters>(props.filters);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [sample, setSample] = useState<Sample[]>([]);
  const [picked, setPicked] = useState<[string, string]>(["", ""]);
  const [previews, setPreviews] = useState<Preview[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, start] = useTransition();
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const audience = useMemo(
    () => (props.ids.length ? { kind: "ids" as const, ids: props.ids } : { kind: "filter" as const, filters: { ...filters, sort: "updated", dir: "desc" } }),
    [props.ids, filters],
  );

  // the count before sending, and who can be previewed
  useEffect(() => {
    let live = true;
    setCounts(null);
    const h = setTimeout(async () => {
      const r = await audienceAction(channel, audience as never);
      if (!live) return;
      if (!r.ok || !r.data) return void toast.error(r.error ?? t("failed"));
      setCounts(r.data.counts);
      setSample(r.data.sample);
      setPicked(([a, b]) => [r.data!.sample.some((s) => s.id === a) ? a : (r.data!.sample[0]?.id ?? ""), r.data!.sample.some((s) => s.id === b) ? b : (r.data!.sample[1]?.id ?? "")]);
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [channel, audience, t]);

  // the live preview
  useEffect(() => {
    const ids = picked.filter(Boolean);
    if (!ids.length || !body.trim()) return void setPreviews([]);
    let live = true;
    const h = setTimeout(async () => {
      const r = await previewAction(body, channel === "email" ? subject || null : null, ids);
      if (live && r.ok && r.data) setPreviews(ids.flatMap((id) => r.data!.filter((p) => p.id === id) as Preview[]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [body, subject, picked, channel]);

  const problems = useMemo(() => (body ? checkTemplate(body) : []), [body]);
  const blocking = problems.filter((p) => p.kind !== "no_fallback");
  const length = channel === "sms" ? smsLength(body, props.signName) : null;

  const useTemplate = (id: string) => {
    setTemplateId(id);
    const tp = props.templates.find((x) => x.id === id);
    if (tp) {
      setBody(tp.body);
      setSubject(tp.subject ?? "");
      setName(tp.name);
    }
  };
  const insertField = (f: string) => {
    const el = bodyRef.current;
    const token = `{${f}}`;
    if (!el) return setBody((b) => b + token);
    const [s, e] = [el.selectionStart ?? body.length, el.selectionEnd ?? body.length];
    const next = body.slice(0, s) + token + body.slice(e);
    setBody(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(s + token.length, s + token.length);
    });
  };

  const saveTemplate = () =>
    start(async () => {
      const own = props.templates.find((x) => x.id === templateId)?.own;
      const r = await saveTemplateAction(own ? templateId : null, { channel, name, subject: channel === "email" ? subject : null, body });
      setErrors(r.fieldErrors ?? {});
      if (!r.ok) return void toast.error(r.error ?? t("failed"));
      toast.success(t("templateSaved"));
      if (r.data) setTemplateId((r.data as { id: string }).id);
      router.refresh();
    });

  const send = () => {
    if (!counts?.recipients) return;
    if (!window.confirm(t("confirmSend", { count: counts.recipients }))) return;
    start(async () => {
      const r = await startCampaignAction({ channel, templateId: templateId || null, name, subject: channel === "email" ? subject : null, body, audience: audience as never });
      setErrors(r.fieldErrors ?? {});
      if (!r.ok || !r.data) return void toast.error(r.error ?? t("failed"));
      toast.success(t("started"));
      router.push(`/marketing/campaigns/${(r.data as { id: string }).id}`);
    });
  };

  const setFilter = (k: keyof AudienceFilters, v: string) => setFilters((f) => ({ ...f, [k]: v || undefined }));

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <section className="card space-y-3 p-4" aria-labelledby="tpl-h">
        <h2 id="tpl-h" className="font-semibold">
          {t("template")}
        </h2>
        <Select name="template" label={t("useTemplate")} value={templateId} onChange={(e) => useTemplate(e.target.value)}>
          <option value="">{t("newTemplate")}</option>
          {props.templates.map((tp) => (
            <option key={tp.id} value={tp.id}>
              {tp.name}
              {tp.own ? "" : ` (${t("shared")})`}
            </option>
          ))}
        </Select>
        <Field name="name" label={t("name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required maxLength={50} />
        {channel === "email" && <Field name="subject" label={t("subject")} value={subject} onChange={(e) => setSubject(e.target.value)} error={errors.subject} maxLength={200} />}
        <div>
          <label htmlFor="f-body" className="label">
            {t("body")}
          </label>
          <div className="mb-2 flex flex-wrap gap-1" role="group" aria-label={t("insertField")}>
            {MERGE_FIELDS.map((f) => (
              <button key={f} type="button" className="chip bg-slate-100 text-slate-700 hover:bg-brand-50" onClick={() => insertField(f)}>
                {`{${f}}`}
              </button>
            ))}
          </div>
          <textarea
            id="f-body"
            ref={bodyRef}
            rows={channel === "sms" ? 4 : 8}
            className="input"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={errors.body || blocking.length ? true : undefined}
            aria-describedby="body-help"
            placeholder={t(channel === "sms" ? "smsPlaceholder" : "emailPlaceholder", { greet: `{称呼|${t(channel === "sms" ? "hello" : "customer")}}`, rep: "{业务员}", mobile: "{业务员手机}" })}
          />
          <div id="body-help" className="mt-1 space-y-1 text-xs text-slate-500">
            <p>{t("fallbackHint", { example: `{称呼|${t("friend")}}` })}</p>
            {length && (
              <p data-testid="sms-length" className={clsx(length.segments > 1 && "text-amber-700")}>
                {t("smsLength", { length: length.length, segments: length.segments, per: length.perSegment })}
              </p>
            )}
            {errors.body && <p className="text-red-600">{errors.body}</p>}
          </div>
          {problems.length > 0 && (
            <ul className="mt-2 space-y-1 rounded-lg border border-amber-200 bg-amber-50 p-2 text-sm text-amber-800" data-testid="template-problems">
              {problems.map((p, i) => (
                <li key={i} className="flex gap-1">
                  <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
                  {t(`problem.${p.kind}`, { field: "field" in p ? p.field : "", example: "field" in p ? `{${p.field}|${t("friend")}}` : "" })}
                </li>
              ))}
            </ul>
          )}
        </div>
        <button type="button" className="btn-secondary" onClick={saveTemplate} disabled={pending || !name || !body}>
          {t("saveTemplate")}
        </button>
      </section>

      <div className="space-y-4">
        <section className="card space-y-3 p-4" aria-labelledby="aud-h">
          <h2 id="aud-h" className="font-semibold">
            {t("audience")}
          </h2>
          {props.ids.length ? (
            <p className="text-sm text-slate-600">{t("pickedCustomers", { count: props.ids.length })}</p>
          ) : (
            <div className="grid gap-2 sm:grid-cols-2">
              <Field name="q" label={t("filterQ")} value={filters.q ?? ""} onChange={(e) => setFilter("q", e.target.value)} maxLength={50} />
              <Select name="stage" label={t("filterStage")} value={filters.stage ?? ""} onChange={(e) => setFilter("stage", e.target.value)}>
                <option value="">{t("all")}</option>
                {props.stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </Select>
              <Select name="grade" label={t("filterGrade")} value={filters.grade ?? ""} onChange={(e) => setFilter("grade", e.target.value)}>
                <option value="">{t("all")}</option>
                {props.grades.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </Select>
              <Select name="kind" label={t("filterKind")} value={filters.kind ?? ""} onChange={(e) => setFilter("kind", e.target.value)}>
                <option value="">{t("all")}</option>
                <option value="individual">{t("individual")}</option>
                <option value="company">{t("company")}</option>
              </Select>
            </div>
          )}
          <p className="text-sm" aria-live="polite" data-testid="audience-count">
            {counts ? (
              <>
                <strong className="text-lg">{t("recipients", { count: counts.recipients })}</strong>
                <span className="block text-slate-500">{t("excluded", { matched: counts.matched, noAddress: counts.noAddress, optedOut: counts.optedOut })}</span>
              </>
            ) : (
              <span className="text-slate-400">{t("counting")}</span>
            )}
          </p>
        </section>

        <section className="card space-y-3 p-4" aria-labelledby="pv-h">
          <h2 id="pv-h" className="font-semibold">
            {t("preview")}
          </h2>
          {sample.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noRecipients")}</p>
          ) : (
            <div className="grid gap-3 sm:grid-cols-2">
              {[0, 1].map((i) => {
                const pv = previews.find((p) => p.id === picked[i]);
                return (
                  <div key={i} className="space-y-2">
                    <Select name={`pv${i}`} label={t("previewFor", { n: i + 1 })} value={picked[i]} onChange={(e) => setPicked((p) => (i ? [p[0], e.target.value] : [e.target.value, p[1]]))}>
                      {sample.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                          {s.address ? ` ${s.address}` : ""}
                        </option>
                      ))}
                    </Select>
                    <div data-testid={`preview-${i}`} className={clsx("rounded-lg border p-3 text-sm whitespace-pre-wrap", pv?.broken ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-slate-50")}>
                      {pv ? (
                        <>
                          {pv.subject && <p className="mb-1 font-medium">{pv.subject}</p>}
                          {channel === "sms" ? `【${props.signName}】${pv.text} 回T退订` : pv.text}
                          {pv.broken && <p className="mt-2 text-xs text-amber-800">{t("brokenPreview", { fields: pv.empty.join(" ") })}</p>}
                        </>
                      ) : (
                        <span className="text-slate-400">{t("previewEmpty")}</span>
                      )}
                    </div>
                  </div>
                );
              })}
            </div>
          )}
          <p className="text-xs text-slate-500">{t("skipBroken")}</p>
        </section>

        <button type="button" className="btn-primary w-full" onClick={send} disabled={pending || !counts?.recipients || !body.trim() || !name.trim() || blocking.length > 0}>
          <Send aria-hidden className="size-4" />
          {counts ? t("sendTo", { count: counts.recipients }) : t("send")}
        </button>
      </div>
    </div>
  );
}
