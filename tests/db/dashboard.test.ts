/** The per-role dashboard's figures (ISSUE 13 item 4) against hand-written SQL for a rep, a manager and the GM. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { queryRows, type OpenedDb } from "@/db/client";
import { getMonthForecast, getTeamMonth, teamTotals } from "@/db/queries/dashboard";
import { readInbox } from "@/db/queries/reminder-inbox";
import { dueToday, TASK_GROUPS } from "@/lib/reminders/today";
import { REMINDER_KINDS } from "@/lib/reminders/kinds";
import { addDays, endOfMonth, startOfMonth, today } from "@/lib/dates";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer, gm: Viewer;
const day = today();
const from = startOfMonth(day);
const next = addDays(endOfMonth(day), 1);

beforeAll(async () => {
  o = await freshDb();
  [rep1, manager, gm] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn", "gm@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

const cast: [string, () => Viewer, () => string][] = [
  ["rep", () => rep1, () => `owner_id = '${rep1.id}'`],
  ["manager", () => manager, () => `org_unit_id in (${manager.unitIds.map((u) => `'${u}'`).join(",")})`],
  ["GM", () => gm, () => "true"],
];

describe("this month's forecast against actual", () => {
  test.each(cast)("%s: equals the deals expected and won this month", async (_n, v, where) => {
    const [m, [want]] = await Promise.all([
      getMonthForecast(o.db, v(), day),
      queryRows<{ forecast: string | null; actual: string | null; open: number; won: number }>(
        o.db,
        sql.raw(`select sum(expected_amount) filter (where status = 'open')::text as forecast, sum(amount) filter (where status = 'won')::text as actual,
                        count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'won')::int as won
                   from deals where deleted_at is null and ${where()} and coalesce(closed_on, expected_date) >= '${from}' and coalesce(closed_on, expected_date) < '${next}'`),
      ),
    ]);
    expect(Number(m.forecast)).toBeCloseTo(Number(want.forecast ?? 0), 2);
    expect(Number(m.actual)).toBeCloseTo(Number(want.actual ?? 0), 2);
    expect([m.open, m.won]).toEqual([Number(want.open), Number(want.won)]);
    // the demo has deals expected in the coming days, so the figure is not trivially zero for the GM
    if (v() === gm) expect(m.open).toBeGreaterThan(0);
  });
});

describe("the team's month", () => {
  const oracle = async (where: string, key: "owner_id" | "org_unit_id") => {
    const [c, m, d] = await Promise.all([
      queryRows<{ k: string; n: number }>(
        o.db,
        sql.raw(`select ${key}::text as k, count(*)::int as n from customers where deleted_at is null and ${where}
                   and created_at >= ('${from}'::date)::timestamp at time zone 'Asia/Shanghai' and created_at < ('${next}'::date)::timestamp at time zone 'Asia/Shanghai' group by 1`),
      ),
      queryRows<{ k: string; n: number }>(
        o.db,
        sql.raw(`select ${key}::text as k, count(*)::int as n from communications where deleted_at is null and ${where}
                   and contacted_at >= ('${from}'::date)::timestamp at time zone 'Asia/Shanghai' and contacted_at < ('${next}'::date)::timestamp at time zone 'Asia/Shanghai' group by 1`),
      ),
      queryRows<{ k: string; won: number; actual: string | null }>(
        o.db,
        sql.raw(`select ${key}::text as k, count(*) filter (where status = 'won')::int as won, sum(amount) filter (where status = 'won')::text as actual from deals
                  where deleted_at is null and ${where} and coalesce(closed_on, expected_date) >= '${from}' and coalesce(closed_on, expected_date) < '${next}' group by 1`),
      ),
    ]);
    return { c, m, d };
  };

  const teams: [string, () => Viewer, "owner" | "unit", () => string, "owner_id" | "org_unit_id"][] = [
    ["manager per rep", () => manager, "owner", () => `org_unit_id in (${manager.unitIds.map((u) => `'${u}'`).join(",")})`, "owner_id"],
    ["GM per unit", () => gm, "unit", () => "true", "org_unit_id"],
  ];
  test.each(teams)("%s: new customers, communications, deals won and revenue per row", async (_n, v, by, where, key) => {
    const [rows, want] = await Promise.all([getTeamMonth(o.db, v(), day, by), oracle(where(), key)]);
    for (const c of want.c) expect(rows.find((r) => r.key === c.k)?.newCustomers, `customers of ${c.k}`).toBe(Number(c.n));
    for (const m of want.m) expect(rows.find((r) => r.key === m.k)?.communications, `communications of ${m.k}`).toBe(Number(m.n));
    for (const d of want.d) {
      const r = rows.find((x) => x.key === d.k);
      expect(r?.won ?? 0).toBe(Number(d.won));
      expect(Number(r?.actual ?? 0)).toBeCloseTo(Number(d.actual ?? 0), 2);
    }
    const tot = teamTotals(rows);
    expect(tot.communications).toBe(want.m.reduce((a, m) => a + Number(m.n), 0));
    expect(tot.newCustomers).toBe(want.c.reduce((a, m) => a + Number(m.n), 0));
    expect(rows.every((r) => r.name)).toBe(true);
  });

  test("asked for a team, a rep gets only their own row (the page shows reps no team table)", async () => {
    const rows = await getTeamMonth(o.db, rep1, day, "owner");
    expect(rows.every((r) => r.key === rep1.id)).toBe(true);
  });
});

describe("today's tasks come from the materialised inbox", () => {
  test("every group's kinds are reminder kinds, and no kind is in two groups", () => {
    const kinds = TASK_GROUPS.flatMap((g) => g.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const k of kinds) expect(REMINDER_KINDS).toContain(k);
  });
  test("a rep's tasks are exactly the open inbox items due today or earlier", async () => {
    const inbox = await readInbox(o.db, rep1, day);
    const due = dueToday(inbox.reminders);
    const [want] = await queryRows<{ n: number }>(
      o.db,
      sql`select count(*)::int as n from reminder_items where owner_id = ${rep1.id} and done_at is null
            and (snoozed_until is null or snoozed_until <= ${day}::date) and due_on <= ${day}::date`,
    );
    expect(due.length).toBe(Number(want.n));
    expect(due.length).toBeGreaterThan(0);
    expect(due.some((r) => r.kind === "follow_up")).toBe(true);
  });
});
