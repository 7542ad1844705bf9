import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { communicationMethod, customerStage, reminderKind, todoQuadrant } from "@/db/schema";
import { LOCALES } from "@/i18n/config";
import { loadMessages } from "@/i18n/messages";
import { COMMUNICATION_METHODS } from "@/lib/communications";
import { ADVANCE_KINDS, REMINDER_KINDS } from "@/lib/reminders/kinds";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { TODO_QUADRANTS } from "@/lib/todos";
import { communicationInputSchema, communicationListQuerySchema } from "@/lib/validation/communication";
import { customerInputSchema, customerListQuerySchema } from "@/lib/validation/customer";
import { reminderSettingsSchema } from "@/lib/validation/reminder-settings";
import { quadrantSchema } from "@/lib/validation/todos";

/** Each closed set: its one definition in lib/, the database enum, and where its labels live in the messages. */
const SETS = [
  { name: "customer stages", values: CUSTOMER_STAGES, dbEnum: customerStage.enumValues, labels: "customer.stages" },
  { name: "communication methods", values: COMMUNICATION_METHODS, dbEnum: communicationMethod.enumValues, labels: "comm.methods" },
  { name: "reminder kinds", values: REMINDER_KINDS, dbEnum: reminderKind.enumValues, labels: "reminders.kinds" },
  { name: "todo quadrants", values: TODO_QUADRANTS, dbEnum: todoQuadrant.enumValues, labels: "todos.quadrants" },
] as const;

const at = (o: unknown, path: string) => path.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Record<string, unknown>)[k] : undefined), o);

describe.each(SETS)("$name", ({ values, dbEnum, labels }) => {
  test("the database enum is the lib/ definition, same values in the same order", () => {
    expect([...dbEnum]).toEqual([...values]);
  });

  test.each(LOCALES)("every value has a label in %s, and no label is left over", async (locale) => {
    const m = at(await loadMessages(locale), labels) as Record<string, unknown> | undefined;
    expect(m, `${locale} ${labels}`).toBeTypeOf("object");
    for (const v of values) expect(m![v], `${locale} ${labels}.${v}`).toEqual(expect.any(String));
    expect(Object.keys(m!).sort()).toEqual([...values].sort());
  });
});

describe("the zod schemas take exactly the set's values", () => {
  test("stages", () => {
    for (const s of CUSTOMER_STAGES) {
      expect(customerInputSchema.safeParse({ kind: "individual", name: "张伟", stage: s }).success).toBe(true);
      expect(customerListQuerySchema.parse({ stage: s }).stage).toBe(s);
      expect(communicationListQuerySchema.parse({ stage: s }).stage).toBe(s);
    }
    expect(customerInputSchema.safeParse({ kind: "individual", name: "张伟", stage: "vip" }).success).toBe(false);
    expect(customerListQuerySchema.parse({ stage: "vip" }).stage).toBeUndefined();
  });

  test("methods", () => {
    const base = { customerId: "0195f0a0-0000-7000-8000-000000000001", topic: "回访", contactedAt: "2026-01-05T10:00" };
    for (const m of COMMUNICATION_METHODS) expect(communicationInputSchema.safeParse({ ...base, method: m }).success).toBe(true);
    expect(communicationInputSchema.safeParse({ ...base, method: "fax" }).success).toBe(false);
  });

  test("quadrants", () => {
    for (const q of TODO_QUADRANTS) expect(quadrantSchema.parse(q)).toBe(q);
    expect(quadrantSchema.safeParse("urgent").success).toBe(false);
  });

  test("reminder kinds: the settings form has one advance-days field per kind with an advance notice", () => {
    const advance = Object.fromEntries(REMINDER_KINDS.map((k) => [k, "1"]));
    const r = reminderSettingsSchema.parse({ touchDays: "1, 2, 4", advance });
    expect(Object.keys(r.advance).sort()).toEqual([...ADVANCE_KINDS].sort());
    // every kind but a greeting held for approval (in the inbox from the day it is prepared until decided)
    expect(REMINDER_KINDS.filter((k) => !(ADVANCE_KINDS as readonly string[]).includes(k))).toEqual(["greeting_approval"]);
  });
});

describe("no second definition", () => {
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "node_modules" || e.name === "migrations" ? [] : sources(p);
      return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
    });
  const files = ["app", "components", "db", "lib", "scripts"].flatMap(sources).map((f) => [f, fs.readFileSync(f, "utf8").replace(/\s+/g, " ").replace(/\[ /g, "[")] as const);

  test.each([
    ["lib/stages.ts", CUSTOMER_STAGES],
    ["lib/communications.ts", COMMUNICATION_METHODS],
    ["lib/reminders/kinds.ts", REMINDER_KINDS],
    ["lib/todos.ts", TODO_QUADRANTS],
  ] as const)("the values of %s are spelled out only there", (home, values) => {
    // the first three values written as an array anywhere else would be a copy of the set
    const head = values.slice(0, 3).map((v) => `"${v}"`).join(", ");
    const copies = files.filter(([f, text]) => f !== home && text.includes(`[${head}`)).map(([f]) => f);
    expect(copies).toEqual([]);
  });
});
