import fs from "node:fs";
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import { describe, expect, test } from "vitest";
import { MODULES, moduleFor } from "@/lib/modules";
import { CONTENT_DIR, lessonDir, listLessons, parseLesson, readLessonSource } from "@/lib/training/lessons";

/** The 18 lessons of DOMAIN.md §3, one file each. */
const EXPECTED = [
  "product-presentation",
  "advantage-analysis",
  "closing-customer-identification",
  "value-customer-identification",
  "needs-identification",
  "effective-communication",
  "remember-more-people",
  "network-marketing-software",
  "introducer-referrals",
  "be-remembered",
  "first-impression",
  "build-relationships",
  "personal-interaction",
  "sms-effectiveness",
  "email-effectiveness",
  "value-customer-management",
  "deal-customer-management",
  "best-acquisition-channel",
];

const files = fs.readdirSync(CONTENT_DIR).filter((f) => f.endsWith(".mdx"));
const COMPONENTS = new Set(["TryIt", "FabExample", "ForgettingCurveChart", "NetworkDemo", "Quiz"]);

/**
 * A module route exists when its page file exists, or its whole module is listed as not built yet (and shows
 * that page). A route under a built module must be a real page: the catch-all answers 404 there, and a
 * lesson must never send the trainee to a 建设中 page of a module that is built (issue #12 §6).
 */
function routeResolves(route: string) {
  const dir = path.join(process.cwd(), "app", "(crm)", ...route.split("/").filter(Boolean));
  if (fs.existsSync(path.join(dir, "page.tsx"))) return true;
  const m = MODULES.find((x) => x.href === "/" + route.split("/")[1]);
  return !!m && !m.built && !moduleFor(route)?.built;
}

/** Whether a route lands on a built page (not the 建设中 page). */
function routeBuilt(route: string) {
  const dir = path.join(process.cwd(), "app", "(crm)", ...route.split("/").filter(Boolean));
  return fs.existsSync(path.join(dir, "page.tsx")) && !!moduleFor(route)?.built;
}

test("one lesson per row of DOMAIN.md §3", () => {
  expect(files.map((f) => f.replace(/\.mdx$/, "")).sort()).toEqual([...EXPECTED].sort());
});

describe.each(files)("%s", (file) => {
  const slug = file.replace(/\.mdx$/, "");
  const source = fs.readFileSync(path.join(CONTENT_DIR, file), "utf8");

  test("frontmatter validates", () => {
    expect(() => parseLesson(slug, source)).not.toThrow();
  });

  test("is a real course: at least 2,500 characters, with a quiz of 5+ and the exercise link", () => {
    const l = parseLesson(slug, source);
    expect(l.chars).toBeGreaterThanOrEqual(2500);
    expect(l.quiz.length).toBeGreaterThanOrEqual(5);
    expect(l.body).toContain("<Quiz");
    expect(l.body).toContain("<TryIt");
  });

  test("no heading of its own right before the quiz, which brings its own (no 小测验 twice)", () => {
    expect(parseLesson(slug, source).body).not.toMatch(/^#{1,6} [^\n]*\n\s*<Quiz/m);
  });

  test("uses only the lesson components", () => {
    const used = [...parseLesson(slug, source).body.matchAll(/<([A-Z][A-Za-z]*)/g)].map((m) => m[1]);
    for (const c of used) expect(COMPONENTS, c).toContain(c);
  });

  test("its module link resolves to a route", () => {
    expect(routeResolves(parseLesson(slug, source).module)).toBe(true);
  });

  test("its module link lands on a built page once its module is built", () => {
    const route = parseLesson(slug, source).module;
    const m = MODULES.find((x) => x.href === "/" + route.split("/")[1]);
    if (m?.built) expect(routeBuilt(route), route).toBe(true);
  });

  test("compiles with mdx-bundler", async () => {
    const { code } = await bundleMDX({ source });
    expect(code.length).toBeGreaterThan(1000);
  }, 30_000);
});

test("the 人脉营销 lessons land on built pages (issue #12)", () => {
  for (const slug of ["network-marketing-software", "introducer-referrals", "be-remembered"]) {
    const route = parseLesson(slug, fs.readFileSync(path.join(CONTENT_DIR, `${slug}.mdx`), "utf8")).module;
    expect(routeBuilt(route), `${slug}: ${route}`).toBe(true);
  }
});

test("the check tells a built page from a 建设中 one", () => {
  expect(routeBuilt("/customers")).toBe(true);
  expect(routeBuilt("/network/nowhere")).toBe(false);
});

test("exercise keys are unique", () => {
  const keys = files.map((f) => parseLesson(f, fs.readFileSync(path.join(CONTENT_DIR, f), "utf8")).exercise.key);
  expect(new Set(keys).size).toBe(keys.length);
});

/** Every page and component source, to see which lessons the modules link to. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".tsx") ? [fs.readFileSync(p, "utf8")] : [];
  });
}

test("every lesson is linked from its module (学习方法), or listed on its not-built-yet page", () => {
  const src = [...sources(path.join(process.cwd(), "app")), ...sources(path.join(process.cwd(), "components"))];
  for (const f of files) {
    const l = parseLesson(f.replace(/\.mdx$/, ""), fs.readFileSync(path.join(CONTENT_DIR, f), "utf8"));
    const m = moduleFor(l.module);
    // <LessonLinks slugs={[…]}>, or a profile field group's lessons={[…]} (which it renders as LessonLinks)
    const bySlug = src.some((s) => new RegExp(`(<LessonLinks[^>]*slugs|<Group[^>]*lessons)=\\{\\[[^\\]]*"${l.slug}"`).test(s));
    const byModule = src.some((s) => s.includes(`<LessonLinks module="${l.module}"`));
    const notBuilt = !!m && !m.built;
    expect(bySlug || byModule || notBuilt, `${l.slug} (${l.module})`).toBe(true);
  }
});

/**
 * The English lessons (content/training/en/<slug>.mdx): one per Chinese lesson, with the same frontmatter
 * structure. The quiz is scored on the server from the Chinese key, so an English quiz must ask the same
 * questions (ids, number of options, answer indices) for an English trainee's score to be right.
 */
describe("English lessons", () => {
  const EN_DIR = lessonDir("en");
  const enFiles = fs.existsSync(EN_DIR) ? fs.readdirSync(EN_DIR).filter((f) => f.endsWith(".mdx")) : [];

  test("every Chinese lesson has its English version, and there is no English lesson without a Chinese one", () => {
    expect(enFiles.sort()).toEqual([...files].sort());
  });

  describe.each(files)("%s", (file) => {
    const slug = file.replace(/\.mdx$/, "");
    const zh = parseLesson(slug, fs.readFileSync(path.join(CONTENT_DIR, file), "utf8"));
    const enPath = path.join(EN_DIR, file);
    const source = fs.existsSync(enPath) ? fs.readFileSync(enPath, "utf8") : null;

    test("exists and its frontmatter validates", () => {
      expect(source, `content/training/en/${file} is missing`).not.toBeNull();
      expect(() => parseLesson(slug, source!)).not.toThrow();
    });

    test("has the Chinese lesson's structure: group, order, module, minutes, exercise, quiz ids, options and answers", () => {
      const en = parseLesson(slug, source!);
      expect({ group: en.group, order: en.order, module: en.module, minutes: en.minutes, kind: en.exercise.kind, key: en.exercise.key }).toEqual({
        group: zh.group,
        order: zh.order,
        module: zh.module,
        minutes: zh.minutes,
        kind: zh.exercise.kind,
        key: zh.exercise.key,
      });
      expect(en.quiz.map((q) => [q.id, q.options.length, q.answer])).toEqual(zh.quiz.map((q) => [q.id, q.options.length, q.answer]));
    });

    test("uses the same lesson components as the Chinese one, with the same props", () => {
      // the component, the props it is given, and the value of a link's href (text props are translated)
      const tags = (body: string) =>
        [...body.matchAll(/<([A-Z][A-Za-z]*)((?:\s+[a-zA-Z]+="[^"]*")*)\s*\/?>/g)].map((m) => [
          m[1],
          [...m[2].matchAll(/([a-zA-Z]+)="([^"]*)"/g)].map(([, k, v]) => (k === "href" ? `${k}=${v}` : k)).sort(),
        ]);
      expect(tags(parseLesson(slug, source!).body)).toEqual(tags(zh.body));
    });

    test("no heading of its own right before the quiz, which brings its own", () => {
      expect(parseLesson(slug, source!).body).not.toMatch(/^#{1,6} [^\n]*\n\s*<Quiz/m);
    });

    test("is English throughout: no Chinese characters or full-width punctuation, and a real course (1,500+ words)", () => {
      const han = source!.match(/[\p{Script=Han}，。：；（）！？、「」“”]/gu);
      expect(han, han?.join("")).toBeNull();
      expect(parseLesson(slug, source!).body.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(1500);
    });

    test("compiles with mdx-bundler", async () => {
      const { code } = await bundleMDX({ source: source! });
      expect(code.length).toBeGreaterThan(1000);
    }, 30_000);
  });

  test("the English locale reads the English lesson; the Chinese one the original", async () => {
    const [zh, en] = await Promise.all([listLessons("zh-CN"), listLessons("en")]);
    expect(en.map((l) => l.slug)).toEqual(zh.map((l) => l.slug));
    for (const l of en) {
      if (!enFiles.includes(`${l.slug}.mdx`)) continue;
      expect(l.title).toBe(parseLesson(l.slug, fs.readFileSync(path.join(EN_DIR, `${l.slug}.mdx`), "utf8")).title);
    }
    expect(zh.find((l) => l.slug === "first-impression")?.title).toBe(parseLesson("first-impression", fs.readFileSync(path.join(CONTENT_DIR, "first-impression.mdx"), "utf8")).title);
    expect(await readLessonSource("../core", "en")).toBeNull();
    expect(await readLessonSource("no-such-lesson", "en")).toBeNull();
  });
});
