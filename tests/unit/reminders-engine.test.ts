import { describe, expect, test } from "vitest";
import { DEFAULT_TOUCH_DAYS, retention, stability } from "@/lib/forgetting-curve";
import { lunarToSolar } from "@/lib/lunar";
import { addDays, today } from "@/lib/dates";
import {
  computeReminders,
  DEFAULT_ADVANCE_DAYS,
  forgettingState,
  nextSolarOccurrence,
  openReminders,
  parseAdvanceDays,
  parseTouchDays,
  reminderKey,
  type CustomerInput,
  type ReminderInputs,
} from "@/lib/reminders";

const EMPTY: ReminderInputs = { customers: [], customDates: [], followUps: [], deals: [], todos: [], plans: [], states: [] };
const C = (over: Partial<CustomerInput>): CustomerInput => ({
  id: "c1",
  name: "王芳",
  solarBirthday: null,
  lunarBirthYear: null,
  lunarBirthMonth: null,
  lunarBirthDay: null,
  lunarBirthLeap: false,
  weddingAnniversary: null,
  metOn: null,
  touches: 0,
  lastTouchOn: null,
  ...over,
});
const run = (i: Partial<ReminderInputs>, today: string, opts = {}) => computeReminders({ ...EMPTY, ...i }, today, opts);

describe("dates", () => {
  test.each([
    ["1990-05-20", "2026-05-20", "2026-05-20"],
    ["1990-05-20", "2026-05-21", "2027-05-20"],
    ["1988-02-29", "2026-01-01", "2026-02-28"],
    ["1988-02-29", "2027-03-01", "2028-02-29"],
    ["1990-12-31", "2026-12-31", "2026-12-31"],
  ])("%s next on/after %s → %s", (d, from, next) => expect(nextSolarOccurrence(d, from)).toBe(next));
  test("today in Shanghai differs from UTC late in the UTC day", () => {
    expect(today(new Date("2026-11-26T17:00:00Z"), "Asia/Shanghai")).toBe("2026-11-27");
    expect(today(new Date("2026-11-26T15:00:00Z"), "Asia/Shanghai")).toBe("2026-11-26");
  });
});

describe("forgetting curve", () => {
  test.each([
    // touches, days since last touch, expected R = exp(−t / (1.5·1.9^touches))
    [0, 0, 1],
    [0, 1, Math.exp(-1 / 1.5)],
    [0, 7, Math.exp(-7 / 1.5)],
    [3, 7, Math.exp(-7 / (1.5 * 1.9 ** 3))],
    [9, 180, Math.exp(-180 / (1.5 * 1.9 ** 9))],
  ])("touches=%i t=%i → R=%f", (n, t, r) => expect(retention(t, n)).toBeCloseTo(r, 10));

  test("stability grows with every touch and retention never rises with time", () => {
    for (let n = 0; n < 12; n++) expect(stability(n + 1)).toBeGreaterThan(stability(n));
    for (let n = 0; n < 6; n++) for (let t = 0; t < 200; t++) expect(retention(t + 1, n)).toBeLessThanOrEqual(retention(t, n));
  });

  test.each([
    // met 2026-01-01; touches on schedule: the next touch is the next scheduled day after the meeting
    [0, null, "2026-01-02"],
    [1, "2026-01-02", "2026-01-03"],
    [2, "2026-01-03", "2026-01-05"],
    [3, "2026-01-05", "2026-01-08"],
    [8, "2026-03-31", "2026-06-30"], // 8th gap: day 180 after 2026-01-01
    [9, "2026-06-30", "2026-12-27"], // then every 180 days
  ])("met 2026-01-01, %i touches, last %s → next %s", (touches, last, next) => {
    expect(forgettingState({ metOn: "2026-01-01", touches, lastTouchOn: last }, "2026-01-01").nextTouchOn).toBe(next);
  });

  test("a late touch restarts the gap from the last touch", () => {
    // 2 touches (gap to the 3rd is 4 − 2 = 2 days), the last one late on 2026-02-01
    expect(forgettingState({ metOn: "2026-01-01", touches: 2, lastTouchOn: "2026-02-01" }, "2026-02-02").nextTouchOn).toBe("2026-02-03");
  });

  test("retention is measured from the last touch", () => {
    const s = forgettingState({ metOn: "2026-01-01", touches: 4, lastTouchOn: "2026-01-20" }, "2026-01-30");
    expect(s.daysSince).toBe(10);
    expect(s.retention).toBeCloseTo(retention(10, 4), 12);
  });

  test("custom intervals", () => {
    expect(forgettingState({ metOn: "2026-01-01", touches: 1, lastTouchOn: "2026-01-04" }, "2026-01-04", [3, 10]).nextTouchOn).toBe("2026-01-11");
  });

  test.each([
    [[1, 2, 4], true],
    [DEFAULT_TOUCH_DAYS, true],
    [[], false],
    [[2, 1], false],
    [[0, 1], false],
    [[1.5, 3], false],
    ["1,2", false],
  ])("touch days %j valid=%s", (v, ok) => expect(parseTouchDays(v) !== null).toBe(ok));
});

describe("reminder engine", () => {
  test("an empty day", () => {
    expect(run({}, "2026-11-26")).toEqual({ reminders: [], issues: [] });
  });

  test("a lunar birthday today is converted to this year's solar date", () => {
    const today = lunarToSolar(10, 7, false, 2026);
    const { reminders } = run({ customers: [C({ lunarBirthYear: 1980, lunarBirthMonth: 10, lunarBirthDay: 7 })] }, today);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      kind: "lunar_birthday",
      group: "business",
      dueOn: today,
      daysUntil: 0,
      status: "open",
      href: "/customers/c1",
      dedupeKey: `lunar_birthday:c1:${today}`,
      detail: { type: "lunar", lunar: "十月初七", age: 46 },
    });
  });

  test("a 闰六月 birthday: in the leap month in 2025, in the ordinary 六月 in 2026", () => {
    const c = C({ lunarBirthMonth: 6, lunarBirthDay: 8, lunarBirthLeap: true });
    expect(run({ customers: [c] }, "2025-07-28").reminders[0].dueOn).toBe("2025-08-01");
    expect(run({ customers: [c] }, addDays(lunarToSolar(6, 8, false, 2026), -3)).reminders[0].dueOn).toBe(lunarToSolar(6, 8, false, 2026));
  });

  test("腊月 birthdays in January count the previous lunar year for the age", () => {
    const due = lunarToSolar(12, 1, false, 2025); // January 2026
    const r = run({ customers: [C({ lunarBirthYear: 1990, lunarBirthMonth: 12, lunarBirthDay: 1 })] }, due).reminders[0];
    expect(due.startsWith("2026-01")).toBe(true);
    expect(r.detail).toEqual({ type: "lunar", lunar: "腊月初一", age: 35, month: 12, day: 1, leap: false });
  });

  test("a stored lunar birthday that does not exist is reported, not thrown, and others still show", () => {
    const { reminders, issues } = run(
      { customers: [C({ id: "bad", name: "坏数据", lunarBirthYear: 2026, lunarBirthMonth: 2, lunarBirthDay: 30 }), C({ id: "ok", solarBirthday: "1990-11-26" })] },
      "2026-11-26",
    );
    expect(issues).toEqual([{ customerId: "bad", customerName: "坏数据", message: "农历2026年二月三十不存在（该月只有 29 天）" }]);
    expect(reminders.map((r) => r.refId)).toEqual(["ok"]);
  });

  test.each([
    // kind, days before the event when it first shows (advance notice)
    ["solar_birthday", DEFAULT_ADVANCE_DAYS.solar_birthday],
    ["anniversary", DEFAULT_ADVANCE_DAYS.anniversary],
  ] as const)("%s shows from %i days before and not earlier", (kind, adv) => {
    const c = kind === "solar_birthday" ? C({ solarBirthday: "1985-12-10" }) : C({ weddingAnniversary: "2015-12-10" });
    expect(run({ customers: [c] }, addDays("2026-12-10", -adv)).reminders.map((r) => r.kind)).toEqual([kind]);
    expect(run({ customers: [c] }, addDays("2026-12-10", -adv - 1)).reminders).toEqual([]);
    expect(run({ customers: [c] }, "2026-12-10").reminders[0].detail).toEqual(kind === "solar_birthday" ? { type: "birthday", age: 41 } : { type: "anniversary", years: 11 });
    // the day after, the event is gone until next year
    expect(run({ customers: [c] }, "2026-12-11").reminders).toEqual([]);
  });

  test("advance notice is configurable per kind", () => {
    const c = C({ solarBirthday: "1985-12-10" });
    expect(run({ customers: [c] }, "2026-11-26", { advance: { solar_birthday: 14 } }).reminders).toHaveLength(1);
    expect(run({ customers: [c] }, "2026-12-09", { advance: { solar_birthday: 0 } }).reminders).toHaveLength(0);
    expect(parseAdvanceDays({ solar_birthday: 14, plan: -1, nope: 3, deal_expected: "2" })).toEqual({ solar_birthday: 14 });
  });

  test("custom dates: recurring yearly or once", () => {
    const base = { customerId: "c1", customerName: "王芳", recurring: true };
    const r = run(
      {
        customDates: [
          { ...base, id: "d1", label: "公司周年庆", date: "2010-11-28" },
          { ...base, id: "d2", label: "孩子高考", date: "2026-11-27", recurring: false },
          { ...base, id: "d3", label: "去年的事", date: "2025-11-27", recurring: false },
        ],
      },
      "2026-11-26",
    ).reminders;
    expect(r.map((x) => [x.refId, x.dueOn, x.refType])).toEqual([
      ["d2", "2026-11-27", "customer_date"],
      ["d1", "2026-11-28", "customer_date"],
    ]);
  });

  test("follow-ups, deals and touches: upcoming and overdue within the window", () => {
    const r = run(
      {
        followUps: [
          { id: "f1", customerId: "c1", customerName: "王芳", topic: "报价", nextFollowUp: "2026-11-20" },
          { id: "f2", customerId: "c1", customerName: "王芳", topic: "太久以前", nextFollowUp: "2026-09-01" },
          { id: "f3", customerId: "c1", customerName: "王芳", topic: "下个月", nextFollowUp: "2026-12-20" },
        ],
        deals: [{ id: "d1", customerId: "c1", customerName: "王芳", title: "年度采购", expectedDate: "2026-11-29" }],
        customers: [C({ metOn: "2026-11-20", touches: 1, lastTouchOn: "2026-11-21" })],
      },
      "2026-11-26",
    ).reminders;
    expect(r.map((x) => [x.kind, x.refId, x.daysUntil])).toEqual([
      ["follow_up", "f1", -6],
      ["forgetting_touch", "c1", -4], // 2nd touch due on day 2 after meeting = 2026-11-22
      ["deal_expected", "d1", 3],
    ]);
    expect(r.find((x) => x.kind === "deal_expected")!.href).toBe("/deals/d1");
    expect(r.find((x) => x.kind === "forgetting_touch")!.detail).toMatchObject({ type: "touch", touches: 1 });
  });

  test("today's tasks: to-dos due today or overdue and plans due; plan reminders before start and end", () => {
    const r = run(
      {
        todos: [
          { id: "t1", title: "寄样品", dueOn: "2026-11-26", customerId: null, done: false },
          { id: "t2", title: "逾期的", dueOn: "2026-11-01", customerId: null, done: false },
          { id: "t3", title: "已完成", dueOn: "2026-11-26", customerId: null, done: true },
          { id: "t4", title: "没有日期", dueOn: null, customerId: null, done: false },
          { id: "t5", title: "明天", dueOn: "2026-11-27", customerId: null, done: false },
        ],
        plans: [
          { id: "p1", subject: "本周拜访计划", startDate: "2026-11-23", endDate: "2026-11-26", completedOn: null },
          { id: "p2", subject: "明天开始", startDate: "2026-11-27", endDate: "2026-12-31", completedOn: null },
          { id: "p3", subject: "明天结束", startDate: "2026-11-01", endDate: "2026-11-27", completedOn: null },
          { id: "p4", subject: "已完成", startDate: "2026-11-01", endDate: "2026-11-20", completedOn: "2026-11-20" },
          { id: "p5", subject: "进行中", startDate: "2026-11-01", endDate: "2026-12-31", completedOn: null },
        ],
      },
      "2026-11-26",
    ).reminders;
    expect(r.map((x) => [x.group, x.refId])).toEqual([
      ["today", "t2"],
      // same day and kind: by title in code-point order (寄 U+5BC4 before 本 U+672C)
      ["today", "t1"],
      ["today", "p1"],
      ["plan", "p2"],
      ["plan", "p3"],
    ]);
    expect(r.find((x) => x.refId === "p2")!.detail).toMatchObject({ phase: "starts" });
    expect(r.find((x) => x.refId === "p3")!.detail).toMatchObject({ phase: "ends" });
  });

  test("done and snoozed state by dedupe key; a snooze ends on its date", () => {
    const c = C({ solarBirthday: "1990-11-28" });
    const key = reminderKey("solar_birthday", "c1", "2026-11-28");
    const done = run({ customers: [c], states: [{ dedupeKey: key, doneAt: new Date(), snoozedUntil: null }] }, "2026-11-26").reminders;
    expect(done[0].status).toBe("done");
    expect(openReminders(done)).toEqual([]);
    const snoozed = { customers: [c], states: [{ dedupeKey: key, doneAt: null, snoozedUntil: "2026-11-27" }] };
    expect(run(snoozed, "2026-11-26").reminders[0]).toMatchObject({ status: "snoozed", snoozedUntil: "2026-11-27" });
    expect(run(snoozed, "2026-11-27").reminders[0]).toMatchObject({ status: "open", snoozedUntil: null });
    // next year's birthday is a new occurrence with its own key
    expect(run({ ...snoozed, states: [{ dedupeKey: key, doneAt: new Date(), snoozedUntil: null }] }, "2027-11-27").reminders[0].status).toBe("open");
  });

  test("is deterministic and sorted by date, then kind", () => {
    const i = { customers: [C({ id: "a", name: "甲", solarBirthday: "1990-11-27", lunarBirthMonth: 10, lunarBirthDay: 8 }), C({ id: "b", name: "乙", solarBirthday: "1990-11-26" })] };
    const a = run(i, "2026-11-26").reminders;
    expect(a).toEqual(run({ customers: [...i.customers].reverse() }, "2026-11-26").reminders);
    for (let k = 1; k < a.length; k++) expect(a[k - 1].dueOn <= a[k].dueOn).toBe(true);
  });
});

describe("reminder settings validation", async () => {
  const { reminderSettingsSchema } = await import("@/lib/validation/reminder-settings");
  const advance = Object.fromEntries(Object.keys(DEFAULT_ADVANCE_DAYS).map((k) => [k, "3"]));
  test("intervals as a comma list, Chinese commas too", () => {
    expect(reminderSettingsSchema.parse({ touchDays: "1，2, 4 7", advance }).touchDays).toEqual([1, 2, 4, 7]);
  });
  test.each([["2, 1"], ["0, 1"], [""], ["a"]])("bad intervals %j are a field error", (touchDays) => {
    const r = reminderSettingsSchema.safeParse({ touchDays, advance });
    expect(r.error!.issues[0]).toMatchObject({ path: ["touchDays"], message: "请填写递增的正整数天数，用逗号分隔，如 1, 2, 4, 7" });
  });
  test("advance days 0–60", () => {
    expect(reminderSettingsSchema.safeParse({ touchDays: "1", advance: { ...advance, plan: "61" } }).error!.issues[0].path).toEqual(["advance", "plan"]);
  });
});
