import { createHash } from "node:crypto";
import type { Locale } from "@/i18n/config";
import { listLessons, parseLesson, readLessonSource } from "./lessons";
import { lessonBlocks, type LessonBlock } from "./plain";

/** A lesson as the phone keeps it (issue #11): what the offline workspace lists and reads. */
export type OfflineLesson = {
  id: string;
  title: string;
  group: string;
  order: number;
  minutes: number;
  summary: string;
  moduleLabel: string;
  exercise: string;
  blocks: LessonBlock[];
};

const cache = new Map<Locale, Promise<{ rows: OfflineLesson[]; digest: string }>>();

/** Every lesson of a locale as text blocks, and a digest of them all; built once per process and locale. */
export function offlineLessons(locale: Locale) {
  let hit = cache.get(locale);
  if (!hit || process.env.NODE_ENV === "development") {
    hit = (async () => {
      const rows = await Promise.all(
        (await listLessons(locale)).map(async (m) => {
          const { body } = parseLesson(m.slug, (await readLessonSource(m.slug, locale))!);
          return { id: m.slug, title: m.title, group: m.group, order: m.order, minutes: m.minutes, summary: m.summary, moduleLabel: m.moduleLabel, exercise: m.exercise.text, blocks: lessonBlocks(body) };
        }),
      );
      return { rows, digest: createHash("sha1").update(JSON.stringify(rows)).digest("hex") };
    })();
    hit.catch(() => cache.delete(locale));
    cache.set(locale, hit);
  }
  return hit;
}
