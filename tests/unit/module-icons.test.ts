import { expect, test } from "vitest";
import { MODULE_ICONS } from "@/components/shell/icons";
import { MODULES } from "@/lib/modules";

// regression (issue 13): a module added without an icon made the navigation render `undefined` and every page fail
test("every module of the navigation has an icon", () => {
  for (const m of MODULES) expect(MODULE_ICONS[m.key], m.key).toBeTypeOf("object");
});
