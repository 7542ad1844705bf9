import { afterEach, describe, expect, test, vi } from "vitest";
import { addDays, daysBetween, endOfMonth, fromLocal, isCalendarDate, nowLocal, startOfMonth, today, toDateString } from "@/lib/dates";
import { idCardProblem } from "@/lib/id-card";
import { communicationInputSchema, parseContactTime } from "@/lib/validation/communication";
import { fieldErrors } from "@/lib/validation/common";
import { customerInputSchema } from "@/lib/validation/customer";
import { closeDealSchema } from "@/lib/validation/deal";

// 2026-03-01T16:30:00Z is 00:30 on 2026-03-02 in Beijing, when the UTC date is still 03-01.
const BEIJING_0030 = new Date("2026-03-01T16:30:00Z");

afterEach(() => vi.useRealTimers());

describe("today in the company's time zone", () => {
  test("at 00:30 Beijing time, today is already the Beijing date", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(BEIJING_0030);
    expect(today()).toBe("2026-03-02");
    expect(nowLocal()).toBe("2026-03-02T00:30");
    expect(toDateString(new Date("2026-03-01T15:59:59Z"))).toBe("2026-03-01");
  });

  // Bug: the customer schema took "today" as the UTC date, so between 00:00 and 08:00 Beijing time "met today" was refused as in the future.
  test("at 00:30 Beijing, met today is accepted and tomorrow is refused", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(BEIJING_0030);
    expect(customerInputSchema.safeParse({ kind: "individual", name: "张伟", metOn: "2026-03-02", solarBirthday: "2026-03-02" }).success).toBe(true);
    const r = customerInputSchema.safeParse({ kind: "individual", name: "张伟", metOn: "2026-03-03" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)).toMatchObject({ metOn: "认识时间不能晚于今天" });
  });

  test("at 00:30 Beijing, a deal closed today is accepted and tomorrow is refused", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(BEIJING_0030);
    const close = (closedOn: string) => closeDealSchema.safeParse({ dealId: "0195f0a0-0000-7000-8000-000000000001", outcome: "lost", closedOn, version: "1" });
    expect(fieldErrors(close("2026-03-02").error ?? ({ issues: [] } as never)).closedOn).toBeUndefined();
    expect(fieldErrors(close("2026-03-03").error!).closedOn).toBe("交易时间不能晚于今天");
  });

  test("an ID card born today (Beijing) is valid at 00:30", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(BEIJING_0030);
    // 110105 20260302 001 + check char
    const body = "11010520260302001";
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const check = "10X98765432"[[...body].reduce((s, c, i) => s + Number(c) * W[i], 0) % 11];
    expect(idCardProblem(body + check)).toBeNull();
  });

  test("a communication typed at 00:10 Beijing time is read as that Beijing instant, follow-up today allowed", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(BEIJING_0030);
    expect(parseContactTime("2026-03-02T00:10")?.toISOString()).toBe("2026-03-01T16:10:00.000Z");
    const r = communicationInputSchema.safeParse({ customerId: "0195f0a0-0000-7000-8000-000000000001", method: "phone", topic: "回访", contactedAt: "2026-03-02T00:10", nextFollowUp: "2026-03-02" });
    expect(r.success).toBe(true);
  });
});

describe("calendar dates", () => {
  test.each([
    ["2026-02-28", true],
    ["2026-02-29", false],
    ["2028-02-29", true],
    ["2026-02-30", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["0000-01-01", false],
    ["2026-1-1", false],
    ["2026-03-02T00:00", false],
    ["", false],
  ])("isCalendarDate(%s) = %s", (s, ok) => {
    expect(isCalendarDate(s)).toBe(ok);
  });

  test("wall-clock times that do not exist are null", () => {
    expect(fromLocal("2026-02-30", "10:00")).toBeNull();
    expect(fromLocal("2026-03-02", "24:10")).toBeNull();
    expect(parseContactTime("2026-02-30T10:00")).toBeNull();
  });

  test("arithmetic", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(daysBetween("2026-03-01", "2026-02-27")).toBe(-2);
    expect(startOfMonth("2026-03-17")).toBe("2026-03-01");
    expect(endOfMonth("2026-02-03")).toBe("2026-02-28");
    expect(endOfMonth("2028-02-03")).toBe("2028-02-29");
    expect(endOfMonth("2026-04-03")).toBe("2026-04-30");
  });

  test("another zone can be asked for explicitly", () => {
    expect(today(BEIJING_0030, "UTC")).toBe("2026-03-01");
    expect(fromLocal("2026-07-01", "12:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(nowLocal(new Date("2026-07-01T10:00:00Z"), "Europe/Berlin")).toBe("2026-07-01T12:00");
  });
});
