/** The network pages' tables: padded cells, left-aligned headers unless numeric, row rules. */
export const TABLE_CLASS =
  "w-full text-sm [&_th]:px-3 [&_th]:py-2 [&_th]:font-medium [&_th]:text-slate-600 [&_th:not(.text-right)]:text-left [&_td]:px-3 [&_td]:py-2 [&_tbody_tr]:border-t [&_tbody_tr]:border-slate-100";
