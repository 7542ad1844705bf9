import { afterAll, beforeAll, expect, test } from "vitest";
import type { OpenedDb } from "@/db/client";
import { createTodo, deleteTodo, listTodos, moveTodo, setTodoDone } from "@/db/queries/todos";
import { todoInputSchema } from "@/lib/validation/todos";
import type { Viewer } from "@/lib/viewer";
import { freshDb, viewerFor } from "./helpers";

let o: OpenedDb;
let rep1: Viewer, manager: Viewer;
beforeAll(async () => {
  o = await freshDb();
  [rep1, manager] = await Promise.all(["sz1.rep1@demo.cn", "sz1.manager@demo.cn"].map((e) => viewerFor(o.db, e)));
});
afterAll(async () => o?.close());

test("validation: title and quadrant are required, dates must exist", () => {
  const r = todoInputSchema.safeParse({ title: " ", quadrant: "x", dueOn: "2026-02-30" });
  expect(r.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
    ["title", "请填写待办内容"],
    ["quadrant", "请选择象限"],
    ["dueOn", "日期不存在"],
  ]);
});

test("create, move, done, delete — only the owner, even a manager in scope cannot touch it", async () => {
  const t = await createTodo(o.db, rep1, todoInputSchema.parse({ title: "给王总寄样品", quadrant: "important_urgent", dueOn: "2026-12-01" }));
  expect((await listTodos(o.db, rep1)).map((x) => x.id)).toContain(t.id);
  expect((await listTodos(o.db, manager)).map((x) => x.id)).not.toContain(t.id);
  expect((await moveTodo(o.db, manager, t.id, "neither").catch((e) => e)).code).toBe("NOT_FOUND");
  expect((await moveTodo(o.db, rep1, t.id, "important_not_urgent")).quadrant).toBe("important_not_urgent");
  expect((await setTodoDone(o.db, rep1, t.id, true)).doneAt).not.toBeNull();
  const list = await listTodos(o.db, rep1);
  expect(list.find((x) => x.id === t.id)!.doneAt).not.toBeNull();
  await deleteTodo(o.db, rep1, t.id);
  expect((await listTodos(o.db, rep1)).map((x) => x.id)).not.toContain(t.id);
});
