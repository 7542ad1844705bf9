import fs from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { z } from "zod";
import { DEFAULT_LOCALE, type Locale } from "@/i18n/config";

export const LESSON_GROUPS = ["core-skills", "network", "service", "precision"] as const;
export type LessonGroup = (typeof LESSON_GROUPS)[number];

const quizQuestion = z.object({
  id: z.string().regex(/^q\d+$/),
  question: z.string().min(4),
  options: z.array(z.string().min(1)).min(3).max(5),
  answer: z.number().int().min(0),
  explanation: z.string().min(4),
});

/** Frontmatter of content/training/<slug>.mdx; a lesson that fails it fails the tests. */
export const lessonFrontmatterSchema = z
  .object({
    title: z.string().min(2),
    group: z.enum(LESSON_GROUPS),
    order: z.number().int().min(1),
    module: z.string().regex(/^\/[a-z0-9/-]*$/),
    moduleLabel: z.string().min(2),
    minutes: z.number().int().min(5).max(120),
    summary: z.string().min(10).max(120),
    exercise: z.object({
      kind: z.enum(["checked", "self"]),
      key: z.string().regex(/^[a-z0-9-]+$/),
      text: z.string().min(8),
    }),
    quiz: z.array(quizQuestion).min(5),
  })
  .superRefine((f, ctx) => {
    f.quiz.forEach((q, i) => {
      if (q.answer >= q.options.length) ctx.addIssue({ code: "custom", path: ["quiz", i, "answer"], message: "answer is not an option index" });
    });
    const ids = f.quiz.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["quiz"], message: "duplicate question ids" });
  });

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
export type LessonMeta = LessonFrontmatter & { slug: string; chars: number };

export const CONTENT_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), "content", "training");
const SLUG = /^[a-z0-9-]+$/;

/**
 * Where a locale's lessons live: the Chinese ones (the originals, which define the set of lessons and the
 * quiz keys) in content/training, each other locale's translations in content/training/<locale>.
 */
export const lessonDir = (locale: Locale) => (locale === DEFAULT_LOCALE ? CONTENT_DIR : path.join(CONTENT_DIR, locale));

const readOrNull = (file: string) => fs.readFile(file, "utf8").catch(() => null);

/**
 * The source of a lesson in the given language; a lesson not translated yet falls back to the Chinese
 * original (tests/unit/lessons.test.ts fails while one is missing). A slug without a Chinese original is
 * no lesson, whatever files another locale has.
 */
export async function readLessonSource(slug: string, locale: Locale = DEFAULT_LOCALE): Promise<string | null> {
  if (!SLUG.test(slug)) return null;
  const original = await readOrNull(path.join(CONTENT_DIR, `${slug}.mdx`));
  if (original == null || locale === DEFAULT_LOCALE) return original;
  return (await readOrNull(path.join(lessonDir(locale), `${slug}.mdx`))) ?? original;
}

export function parseLesson(slug: string, source: string): LessonMeta & { body: string } {
  const { data, content } = matter(source);
  const fm = lessonFrontmatterSchema.parse(data);
  return { ...fm, slug, chars: [...content].length, body: content };
}

const listCache = new Map<Locale, Promise<LessonMeta[]>>();

/** All lessons in the given language, sorted by group then order; read once per process and locale. */
export function listLessons(locale: Locale = DEFAULT_LOCALE): Promise<LessonMeta[]> {
  let hit = listCache.get(locale);
  if (!hit || process.env.NODE_ENV === "development") {
    hit = (async () => {
      const files = (await fs.readdir(CONTENT_DIR)).filter((f) => f.endsWith(".mdx"));
      const lessons = await Promise.all(
        files.map(async (f) => {
          const slug = f.replace(/\.mdx$/, "");
          const { body: _b, ...meta } = parseLesson(slug, (await readLessonSource(slug, locale))!);
          return meta;
        }),
      );
      return lessons.sort((a, b) => LESSON_GROUPS.indexOf(a.group) - LESSON_GROUPS.indexOf(b.group) || a.order - b.order);
    })().catch((e) => {
      listCache.delete(locale);
      throw e;
    });
    listCache.set(locale, hit);
  }
  return hit;
}

export async function getLessonMeta(slug: string, locale: Locale = DEFAULT_LOCALE) {
  return (await listLessons(locale)).find((l) => l.slug === slug) ?? null;
}

/**
 * The lessons a module page links to: those whose frontmatter names the module route (`module`), or the
 * given slugs in their order (unknown ones are left out).
 */
export async function lessonsFor({ module, slugs, locale }: { module?: string; slugs?: string[]; locale?: Locale }): Promise<LessonMeta[]> {
  const all = await listLessons(locale);
  if (slugs) return slugs.map((s) => all.find((l) => l.slug === s)).filter((l): l is LessonMeta => !!l);
  return module ? all.filter((l) => l.module === module) : [];
}
