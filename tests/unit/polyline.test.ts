import fc from "fast-check";
import { expect, test } from "vitest";
import { simplifyPolyline, type Point } from "@/lib/polyline";

test.each([
  ["a straight run keeps its ends", [[0, 0], [1, 1], [2, 2], [3, 3]], [[0, 0], [3, 3]]],
  ["a corner is kept", [[0, 0], [1, 0], [2, 0], [2, 1], [2, 2]], [[0, 0], [2, 0], [2, 2]]],
  ["a jump is kept", [[0, 10], [1, 10], [2, 0], [3, 0]], [[0, 10], [1, 10], [2, 0], [3, 0]]],
  ["two points stay", [[0, 0], [5, 5]], [[0, 0], [5, 5]]],
] as [string, Point[], Point[]][])("%s", (_, input, expected) => {
  expect(simplifyPolyline(input, 0.25)).toEqual(expected);
});

test("every dropped point lies within the tolerance of the simplified line, and the ends stay", () => {
  const dist = (p: Point, a: Point, b: Point) => {
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const l = dx * dx + dy * dy;
    const t = l ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l)) : 0;
    return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
  };
  fc.assert(
    fc.property(fc.array(fc.float({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 60 }), (ys) => {
      const pts = ys.map((y, i) => [i, y] as const);
      const out = simplifyPolyline(pts, 0.5);
      expect(out[0]).toBe(pts[0]);
      expect(out.at(-1)).toBe(pts.at(-1));
      for (let k = 0; k < out.length - 1; k++) {
        const [a, b] = [out[k], out[k + 1]];
        for (const p of pts.filter((q) => q[0] > a[0] && q[0] < b[0])) expect(dist(p, a, b)).toBeLessThanOrEqual(0.5 + 1e-9);
      }
    }),
  );
});
