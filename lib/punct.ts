import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";

/**
 * The punctuation that joins a label to its value, the items of a list and a note to its text: full-width
 * in Chinese (：、，（）), ASCII in English, so English pages carry no full-width marks around the data.
 */
export function punct(locale: string = DEFAULT_LOCALE) {
  const en = (locale as Locale) === "en";
  return {
    colon: en ? ": " : "：",
    /** Clauses of one sentence (an accessible name made of several parts). */
    clauses: (parts: readonly string[]) => parts.join(en ? ", " : "，"),
    list: (items: readonly string[]) => items.join(en ? ", " : "、"),
    paren: (text: string, note: string) => (en ? `${text} (${note})` : `${text}（${note}）`),
  };
}
