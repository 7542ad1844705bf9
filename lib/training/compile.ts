import "server-only";
import { bundleMDX } from "mdx-bundler";
import { parseLesson, readLessonSource } from "./lessons";

const cache = new Map<string, Promise<{ code: string; meta: ReturnType<typeof parseLesson> } | null>>();

/** Compiles a lesson with mdx-bundler once per process (per source change in dev) and caches the code. */
export function compileLesson(slug: string) {
  const hit = cache.get(slug);
  if (hit && process.env.NODE_ENV !== "development") return hit;
  const p = (async () => {
    const source = await readLessonSource(slug);
    if (!source) return null;
    const meta = parseLesson(slug, source);
    const { code } = await bundleMDX({ source });
    return { code, meta };
  })();
  cache.set(slug, p);
  p.catch(() => cache.delete(slug));
  return p;
}
