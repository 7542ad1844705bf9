import { afterAll, beforeAll, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { clearFailures, LOGIN_LIMITS, lockedMinutes, recordFailure } from "@/db/queries/login-attempts";
import { countHit } from "@/db/queries/rate-limit";
import { freshDb } from "./helpers";

// The sign-in throttle and 查重 share one fixed-window counter (countHit); these pin its behaviour.
let o: OpenedDb;
beforeAll(async () => {
  o = await freshDb();
});
afterAll(async () => o?.close());

const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 9, 0, s));

test("hits count within the window, start afresh after it, and each key counts alone", async () => {
  expect(await countHit(o.db, "t:a", 60_000, at(0))).toBe(1);
  expect(await countHit(o.db, "t:a", 60_000, at(30))).toBe(2);
  expect(await countHit(o.db, "t:b", 60_000, at(30))).toBe(1);
  expect(await countHit(o.db, "t:a", 60_000, at(59))).toBe(3);
  expect(await countHit(o.db, "t:a", 60_000, at(61))).toBe(1);
});

test("concurrent hits are all counted", async () => {
  const n = await Promise.all(Array.from({ length: 10 }, () => countHit(o.db, "t:c", 60_000, at(0))));
  expect(n.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test("the fifth failed sign-in in the window locks the account; clearing unlocks it", async () => {
  const key = "acct:someone@demo.cn";
  for (let i = 0; i < LOGIN_LIMITS.account.failures - 1; i++) await recordFailure(o.db, "account", key, at(i));
  expect(await lockedMinutes(o.db, key, at(10))).toBe(0);
  await recordFailure(o.db, "account", key, at(10));
  expect(await lockedMinutes(o.db, key, at(10))).toBe(15);
  await clearFailures(o.db, key);
  expect(await lockedMinutes(o.db, key, at(11))).toBe(0);
});
