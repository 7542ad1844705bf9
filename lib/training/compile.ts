import "server-only";
import { bundleMDX } from "mdx-bundler";
import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";
import { parseLesson, readLessonSource } from "./lessons";

const cache = new Map<string, Promise<{ code: string; meta: ReturnType<typeof parseLesson> } | null>>();

/**
 * Compiles a lesson in the given language (the Chinese original where it has no translation) with
 * mdx-bundler once per process and locale (per source change in dev) and caches the code.
 */
export function compileLesson(slug: string, locale: Locale = DEFAULT_LOCALE) {
  const key = `${locale}:${slug}`;
  const hit = cache.get(key);
  if (hit && process.env.NODE_ENV !== "development") return hit;
  const p = (async () => {
    const source = await readLessonSource(slug, locale);
    if (!source) return null;
    const meta = parseLesson(slug, source);
    const { code } = await bundleMDX({ source });
    return { code, meta };
  })();
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  return p;
}
