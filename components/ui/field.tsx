import clsx from "clsx";

type Common = { name: string; label: string; error?: string; hint?: string; className?: string; required?: boolean };

/** A labelled input whose error is announced and tied to it (aria-describedby). */
export function Field({
  name,
  label,
  error,
  hint,
  className,
  required,
  ...input
}: Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name">) {
  const id = `f-${name}`;
  const desc = error ? `${id}-err` : hint ? `${id}-hint` : undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
        {required && <span className="text-red-600"> *</span>}
      </label>
      <input id={id} name={name} className="input" aria-invalid={error ? true : undefined} aria-describedby={desc} required={required} {...input} />
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextArea({ name, label, error, hint, className, ...rest }: Common & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  const id = `f-${name}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <textarea id={id} name={name} rows={3} className="input" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} {...rest} />
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

export function Select({
  name,
  label,
  error,
  hint,
  className,
  children,
  ...rest
}: Common & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  const id = `f-${name}`;
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} className="input" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-err` : undefined} {...rest}>
        {children}
      </select>
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}

export function FieldMessage({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error)
    return (
      <p id={`${id}-err`} className="mt-1 text-sm text-red-600">
        {error}
      </p>
    );
  if (hint)
    return (
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {hint}
      </p>
    );
  return null;
}

export function Section({ title, children, className, open = true }: { title: string; children: React.ReactNode; className?: string; open?: boolean }) {
  return (
    <details open={open} className={clsx("card group", className)}>
      <summary className="cursor-pointer list-none rounded-xl px-4 py-3 text-base font-semibold select-none hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="mr-2 inline-block text-slate-400 transition-transform group-open:rotate-90">
          ›
        </span>
        {title}
      </summary>
      <div className="grid grid-cols-1 gap-4 border-t border-slate-100 px-4 py-4 sm:grid-cols-2">{children}</div>
    </details>
  );
}
