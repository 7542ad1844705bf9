import { describe, expect, test } from "vitest";
import { lessonBlocks, plainInline } from "@/lib/training/plain";

describe("a lesson's text for the offline workspace", () => {
  test("inline marks go, their words stay", () => {
    expect(plainInline("客户不关心**是什么**，看 [FAB 模型](/products) 和 `代码`<br/>下一行")).toBe("客户不关心是什么，看 FAB 模型 和 代码 下一行");
  });

  test("headings, paragraphs, lists, quotes and FAB examples; components that need the network are left out", () => {
    const body = [
      "## 方法",
      "",
      "第一行",
      "接着第一段",
      "",
      "- **F 属性：** 事实",
      "1. 列属性。",
      "> 因为……所以……",
      "",
      '<FabExample feature="软启动" advantage="启动平稳" benefit="不再停工" />',
      "",
      "<TryIt />",
      "<Quiz />",
      "<ForgettingCurveChart",
      '  days={30}',
      "/>",
      "---",
      "最后一段",
    ].join("\n");
    expect(lessonBlocks(body)).toEqual([
      ["h", 2, "方法"],
      ["p", "第一行 接着第一段"],
      ["li", "F 属性： 事实"],
      ["ol", "列属性。"],
      ["q", "因为……所以……"],
      ["fab", "软启动", "启动平稳", "不再停工"],
      ["p", "最后一段"],
    ]);
  });
});
