/// <reference lib="webworker" />
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from "d3-force";

/**
 * The network map's force layout, off the main thread (issue #12: the page never freezes). The page posts
 * the graph once ("start"), then pins and releases nodes while the user drags; the worker answers with
 * positions (a transferred Float32Array, x,y per node) every few ticks and "settled" when alpha is spent.
 */
export type LayoutIn =
  | { type: "start"; n: number; edges: number[]; radius: Float32Array; xy: Float32Array | null; known: number; alpha: number }
  | { type: "pin"; i: number; x: number; y: number }
  | { type: "release"; i: number }
  | { type: "stop" };
export type LayoutOut = { type: "tick"; xy: Float32Array; settled: boolean; ticks: number; ms: number };

type N = SimulationNodeDatum & { r: number };
let sim: ReturnType<typeof forceSimulation<N>> | null = null;
let nodes: N[] = [];
let started = 0;
let ticks = 0;
let last = 0;

function post(settled: boolean) {
  const xy = new Float32Array(nodes.length * 2);
  for (let i = 0; i < nodes.length; i++) (xy[2 * i] = nodes[i].x ?? 0), (xy[2 * i + 1] = nodes[i].y ?? 0);
  const msg: LayoutOut = { type: "tick", xy, settled, ticks, ms: performance.now() - started };
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg, [xy.buffer]);
}

let running = false;
let gen = 0;
/** Ticks in slices of ~16 ms so pins and releases are answered between them; one loop at a time. */
function run() {
  if (running || !sim) return;
  running = true;
  const g = gen;
  const step = () => {
    if (g !== gen) return;
    if (!sim) return void (running = false);
    const t0 = performance.now();
    while (performance.now() - t0 < 16 && sim.alpha() > sim.alphaMin()) sim.tick(), ticks++;
    const settled = sim.alpha() <= sim.alphaMin();
    if (settled || performance.now() - last > (nodes.length > 3000 ? 120 : 50)) (last = performance.now()), post(settled);
    if (settled) running = false;
    else setTimeout(step, 0);
  };
  setTimeout(step, 0);
}

self.onmessage = (ev: MessageEvent<LayoutIn>) => {
  const m = ev.data;
  if (m.type === "start") {
    sim?.stop();
    sim = null;
    running = false;
    gen++;
    started = performance.now();
    ticks = 0;
    nodes = Array.from({ length: m.n }, (_, i) => ({ index: i, r: m.radius[i], ...(m.xy ? { x: m.xy[2 * i], y: m.xy[2 * i + 1] } : {}) }));
    const links: { source: number; target: number; kind: number }[] = [];
    for (let i = 0; i < m.edges.length; i += 3) links.push({ source: m.edges[i], target: m.edges[i + 1], kind: m.edges[i + 2] });
    const big = m.n > 3000;
    // a big map settles in fewer, cheaper ticks (no collision pass; Barnes-Hut coarser); the cached
    // positions of a second visit need few
    sim = forceSimulation<N>(nodes)
      .alpha(m.alpha)
      .alphaMin(big ? 0.005 : 0.001)
      .alphaDecay(m.n > 10000 ? 0.12 : big ? 0.08 : 0.035)
      .velocityDecay(big ? 0.5 : 0.45)
      .force(
        "link",
        forceLink<N, { source: number; target: number; kind: number }>(links)
          .distance((l) => (l.kind === 2 ? 60 : l.kind === 1 ? 22 : 34))
          .strength((l) => (l.kind === 2 ? 0.05 : 0.6)),
      )
      .force("charge", forceManyBody<N>().strength(big ? -18 : -40).theta(big ? 1.3 : 0.9).distanceMax(big ? 200 : 400))
      .force("x", forceX<N>(0).strength(0.04))
      .force("y", forceY<N>(0).strength(0.04))
      .force("collide", big ? null : forceCollide<N>((d) => d.r + 1).iterations(1))
      .stop();
    last = 0;
    run();
  } else if (m.type === "pin" && nodes[m.i]) {
    nodes[m.i].fx = m.x;
    nodes[m.i].fy = m.y;
    sim?.alphaTarget(0.1);
    if (sim && sim.alpha() < 0.1) sim.alpha(0.1);
    run();
  } else if (m.type === "release" && nodes[m.i]) {
    nodes[m.i].fx = null;
    nodes[m.i].fy = null;
    sim?.alphaTarget(0);
  } else if (m.type === "stop") sim?.stop();
};
