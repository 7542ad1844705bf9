/** A source × category table of customer counts (stage or value grade), each count a plain number. */
export function SourceCrossTable({
  caption,
  rowHeader,
  rows,
  cols,
}: {
  caption: string;
  rowHeader: string;
  rows: { key: string; label: string; values: Record<string, number | string> }[];
  cols: { key: string; label: string }[];
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="mb-2 text-left font-medium">{caption}</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">
              {rowHeader}
            </th>
            {cols.map((c) => (
              <th key={c.key} scope="col" className="px-2 py-1 text-right font-medium whitespace-nowrap">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="px-2 py-1 text-left font-normal whitespace-nowrap">
                {r.label}
              </th>
              {cols.map((c) => (
                <td key={c.key} className="px-2 py-1 text-right tabular-nums whitespace-nowrap">
                  {r.values[c.key] || "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
