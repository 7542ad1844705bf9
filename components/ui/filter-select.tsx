/** A GET filter form's labelled <select>; "all" (the empty value) comes first when given. */
export type FilterSelectProps = {
  idPrefix: string;
  name: string;
  label: string;
  value?: string;
  options: { id: string; label: string }[];
  all?: string;
  wrapperClassName?: string;
  labelClassName?: string;
  selectClassName?: string;
};

export function FilterSelect({
  idPrefix,
  name,
  label,
  value,
  options,
  all,
  wrapperClassName,
  labelClassName = "label",
  selectClassName = "input",
}: FilterSelectProps) {
  return (
    <div className={wrapperClassName}>
      <label htmlFor={`${idPrefix}-${name}`} className={labelClassName}>
        {label}
      </label>
      <select id={`${idPrefix}-${name}`} name={name} defaultValue={value ?? ""} className={selectClassName}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
