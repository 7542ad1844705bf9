"use client";

import { Crosshair, Loader2, Maximize2, Minus, Plus, Search, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { drag } from "d3-drag";
import { interpolateZoom } from "d3-interpolate";
import { quadtree, type Quadtree } from "d3-quadtree";
import { select } from "d3-selection";
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from "d3-zoom";
import { NODE_KIND, type NetworkData } from "@/lib/network/format";
import { CUSTOMER_STAGES } from "@/lib/stages";
import { punct } from "@/lib/punct";
import type { LayoutIn, LayoutOut } from "./layout.worker";
import { EDGE_STYLES, KIND_COLORS, STAGE_COLORS, buildGraph, neighbourhood, searchNodes, type Graph } from "./graph";
import { NetworkTable } from "./network-table";

type Props = {
  viewerId: string;
  /** the filters as a query string ("" or "?owner=…"), the key of the data and of the cached layout */
  qs: string;
  view: "map" | "list";
  focusId?: string;
};

const CACHE_PREFIX = "zhike:network:v1:";

/** Settled positions per viewer and filter (localStorage): a second visit draws at once. */
function readCache(key: string): Map<string, [number, number]> | null {
  try {
    const raw = localStorage.getItem(CACHE_PREFIX + key);
    if (!raw) return null;
    const c = JSON.parse(raw) as { ids: string[]; xy: number[] };
    const m = new Map<string, [number, number]>();
    c.ids.forEach((id, i) => m.set(id, [c.xy[2 * i], c.xy[2 * i + 1]]));
    return m;
  } catch {
    return null;
  }
}
function writeCache(key: string, ids: string[], xy: Float32Array) {
  try {
    const out: number[] = new Array(xy.length);
    for (let i = 0; i < xy.length; i++) out[i] = Math.round(xy[i] * 10) / 10;
    // keep the cache small: drop other filters' layouts of this viewer when space runs out
    const value = JSON.stringify({ ids, xy: out });
    try {
      localStorage.setItem(CACHE_PREFIX + key, value);
    } catch {
      for (const k of Object.keys(localStorage)) if (k.startsWith(CACHE_PREFIX)) localStorage.removeItem(k);
      localStorage.setItem(CACHE_PREFIX + key, value);
    }
  } catch {
    /* private mode or full: the layout is simply computed again */
  }
}

/**
 * 人脉关系图: the viewer's network drawn on a canvas (D3: force layout in a Web Worker, d3-zoom for
 * pan/zoom/pinch, d3-quadtree for hit-testing, d3-drag to move a node). Search flies to a node, hover shows
 * a card, click opens the customer, focus keeps a node's neighbourhood two steps out. The same data is also
 * a sortable table (the accessible alternative).
 */
export function NetworkMap({ viewerId, qs, view, focusId }: Props) {
  const t = useTranslations("network");
  const ts = useTranslations("customer.stages");
  const locale = useLocale();
  const router = useRouter();
  const [data, setData] = useState<NetworkData | null>(null);
  const [error, setError] = useState(false);
  const [status, setStatus] = useState<{ settled: boolean; ms: number | null; cached: boolean }>({ settled: false, ms: null, cached: false });
  const [hover, setHover] = useState<{ i: number; x: number; y: number } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<number[]>([]);
  const [active, setActive] = useState(0);

  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const xyRef = useRef<Float32Array>(new Float32Array(0));
  const tRef = useRef<ZoomTransform>(zoomIdentity);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const workerRef = useRef<Worker | null>(null);
  const treeRef = useRef<Quadtree<number> | null>(null);
  const treeStale = useRef(true);
  const frame = useRef(0);
  /** the pixel buffer a big map in motion is drawn into (see drawPoints) */
  const pointsRef = useRef<ImageData | null>(null);
  const sizeRef = useRef({ w: 800, h: 600 });
  const fittedRef = useRef(false);
  /** whether the user has panned or zoomed (then a settling layout no longer re-fits the view) */
  const movedRef = useRef(false);
  const focusSet = useRef<Set<number> | null>(null);
  const selectedRef = useRef<number | null>(null);
  const hoverRef = useRef<number | null>(null);
  const cacheKey = `${viewerId}:${qs}`;
  /** the last full picture and the transform it was drawn at (see draw) */
  const snapRef = useRef<{ canvas: HTMLCanvasElement | null; t: ZoomTransform; valid: boolean; dirty: boolean; interactingUntil: number; timer: number }>({
    canvas: null,
    t: zoomIdentity,
    valid: false,
    dirty: true,
    interactingUntil: 0,
    timer: 0,
  });
  const drawRef = useRef<() => void>(() => {});
  /** whether the layout has settled: a big map in motion is drawn lightly (nodes only) */
  const settledRef = useRef(false);

  const graph: Graph | null = useMemo(() => (data ? buildGraph(data) : null), [data]);
  /** nodes grouped by fill and shape once per data set, so a frame batches without allocating */
  const groups = useMemo(() => {
    if (!data) return [];
    const byKey = new Map<string, { fill: string; kind: number; list: number[] }>();
    for (let i = 0; i < data.id.length; i++) {
      const k = data.k[i];
      const fill = k === NODE_KIND.circle ? KIND_COLORS.circle : k === NODE_KIND.text || k === NODE_KIND.external ? "#fff" : (STAGE_COLORS[data.st[i]] ?? KIND_COLORS.none);
      const key = `${fill}|${k}`;
      let g = byKey.get(key);
      if (!g) byKey.set(key, (g = { fill, kind: k, list: [] }));
      g.list.push(i);
    }
    return [...byKey.values()].map((g) => ({ fill: g.fill, kind: g.kind, idx: Uint32Array.from(g.list) }));
  }, [data]);

  // ---------------------------------------------------------------- data
  useEffect(() => {
    let live = true;
    setData(null);
    setError(false);
    setSelected(null);
    setFocus(null);
    fittedRef.current = false;
    fetch(`/api/network${qs}`, { headers: { accept: "application/json" } })
      .then((r) => (r.ok ? (r.json() as Promise<NetworkData>) : Promise.reject(new Error(String(r.status)))))
      .then((d) => live && setData(d))
      .catch(() => live && setError(true));
    return () => {
      live = false;
    };
  }, [qs]);

  // ---------------------------------------------------------------- drawing
  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    if (!canvas || !data || !graph) return;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const { w, h } = sizeRef.current;
    const tr = tRef.current;
    const xy = xyRef.current;
    const snap = snapRef.current;
    // while the user pans or zooms a big map, move the last full picture instead of drawing it again; the
    // full picture follows once the gesture rests
    if (snap.valid && !snap.dirty && performance.now() < snap.interactingUntil && snap.canvas) {
      const k = tr.k / snap.t.k;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(snap.canvas, dpr * (tr.x - k * snap.t.x), dpr * (tr.y - k * snap.t.y), snap.canvas.width * k, snap.canvas.height * k);
      clearTimeout(snap.timer);
      snap.timer = window.setTimeout(() => {
        snap.interactingUntil = 0;
        if (!frame.current) frame.current = requestAnimationFrame(drawRef.current);
      }, 160);
      return;
    }
    // A big map while its layout runs: every node as a few pixels written straight into a pixel buffer. Paths
    // of 20,000 arcs cost up to ~200 ms a frame on a software canvas (long tasks while the layout ran); this
    // costs a few milliseconds. The full picture is drawn once the layout has settled.
    if (!settledRef.current && graph.n > 3000) {
      const W = canvas.width,
        H = canvas.height;
      let img = pointsRef.current;
      if (!img || img.width !== W || img.height !== H) img = pointsRef.current = ctx.createImageData(W, H);
      const px = new Uint32Array(img.data.buffer);
      px.fill(0);
      for (const g of groups) {
        // white fills (text introducers, external ones) show by their outline colour
        const hex = g.fill === "#fff" ? (g.kind === NODE_KIND.text ? KIND_COLORS.text : KIND_COLORS.external) : g.fill;
        const rgb = parseInt(hex.slice(1), 16);
        // ImageData is RGBA in memory: little-endian 32-bit words read ABGR
        const word = ((0xff << 24) | ((rgb & 0xff) << 16) | (rgb & 0xff00) | ((rgb >> 16) & 0xff)) >>> 0;
        for (let j = 0; j < g.idx.length; j++) {
          const i = g.idx[j];
          const size = Math.max(1, Math.min(4, Math.round(graph.radius[i] * tr.k * dpr)));
          const cx = Math.round((xy[2 * i] * tr.k + tr.x) * dpr),
            cy = Math.round((xy[2 * i + 1] * tr.k + tr.y) * dpr);
          const xa = Math.max(0, cx - size),
            xb = Math.min(W - 1, cx + size),
            ya = Math.max(0, cy - size),
            yb = Math.min(H - 1, cy + size);
          for (let y = ya; y <= yb; y++) px.fill(word, y * W + xa, y * W + xb + 1);
        }
      }
      ctx.putImageData(img, 0, 0);
      return;
    }
    pointsRef.current = null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(dpr * tr.k, 0, 0, dpr * tr.k, dpr * tr.x, dpr * tr.y);
    // the world rectangle on screen (culling)
    const x0 = -tr.x / tr.k - 30,
      y0 = -tr.y / tr.k - 30,
      x1 = (w - tr.x) / tr.k + 30,
      y1 = (h - tr.y) / tr.k + 30;
    const inView = (i: number) => {
      const x = xy[2 * i],
        y = xy[2 * i + 1];
      return x >= x0 && x <= x1 && y >= y0 && y <= y1;
    };
    const fs = focusSet.current;
    const sel = selectedRef.current;
    const hov = hoverRef.current;
    const lit = sel ?? hov;
    // edges, one path per kind
    // big paths fill and stroke superlinearly in the browser: flush every CHUNK sub-paths
    const CHUNK = 600;
    const light = !settledRef.current && graph.n > 3000;
    for (const kind of light ? [] : [2, 1, 0, 3]) {
      const st = EDGE_STYLES[kind];
      ctx.globalAlpha = st.alpha;
      ctx.strokeStyle = st.color;
      ctx.lineWidth = st.width / Math.sqrt(tr.k);
      // dashes on thousands of edges zoomed out cost frames and cannot be told apart anyway
      ctx.setLineDash(data.e.length > 9000 && tr.k < 0.8 ? [] : st.dash.map((x) => x / tr.k));
      ctx.beginPath();
      let n = 0;
      for (let e = 0; e < data.e.length; e += 3) {
        if (data.e[e + 2] !== kind) continue;
        const s = data.e[e],
          u = data.e[e + 1];
        if (fs && !(fs.has(s) && fs.has(u))) continue;
        if (!inView(s) && !inView(u)) continue;
        ctx.moveTo(xy[2 * s], xy[2 * s + 1]);
        ctx.lineTo(xy[2 * u], xy[2 * u + 1]);
        if (++n % CHUNK === 0) ctx.stroke(), ctx.beginPath();
      }
      if (n % CHUNK) ctx.stroke();
    }
    ctx.setLineDash([]);
    // the lit node's own edges on top
    if (lit != null) {
      ctx.globalAlpha = 1;
      ctx.strokeStyle = "#0f172a";
      ctx.lineWidth = 1.5 / tr.k;
      ctx.beginPath();
      for (let j = graph.off[lit]; j < graph.off[lit + 1]; j++) {
        const u = graph.adj[j];
        ctx.moveTo(xy[2 * lit], xy[2 * lit + 1]);
        ctx.lineTo(xy[2 * u], xy[2 * u + 1]);
      }
      ctx.stroke();
    }
    // nodes, batched by fill (the groups are computed once per data set)
    const faded: number[] = [];
    const visible: number[][] = groups.map(() => []);
    groups.forEach((g, gi) => {
      const out = visible[gi];
      for (let j = 0; j < g.idx.length; j++) {
        const i = g.idx[j];
        if (!inView(i)) continue;
        if (fs && !fs.has(i)) faded.push(i);
        else out.push(i);
      }
    });
    const shape = (i: number, k: number) => {
      const x = xy[2 * i],
        y = xy[2 * i + 1],
        r = graph.radius[i];
      // under two pixels a square is as round as a circle and far cheaper
      if (k === NODE_KIND.company || r * tr.k < 2) ctx.rect(x - r, y - r, 2 * r, 2 * r);
      else if (k === NODE_KIND.circle) {
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y);
        ctx.lineTo(x, y + r);
        ctx.lineTo(x - r, y);
        ctx.closePath();
      } else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    };
    if (faded.length) {
      ctx.globalAlpha = 0.12;
      ctx.fillStyle = "#94a3b8";
      for (let from = 0; from < faded.length; from += CHUNK) {
        ctx.beginPath();
        for (let j = from; j < Math.min(faded.length, from + CHUNK); j++) shape(faded[j], data.k[faded[j]]);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    groups.forEach((g, gi) => {
      const idx = visible[gi];
      if (!idx.length) return;
      const k = g.kind;
      ctx.fillStyle = g.fill;
      ctx.lineWidth = (k === NODE_KIND.text || k === NODE_KIND.external ? 1.6 : 0.8) / tr.k;
      ctx.strokeStyle = k === NODE_KIND.text ? KIND_COLORS.text : k === NODE_KIND.external ? KIND_COLORS.external : k === NODE_KIND.company ? "#334155" : "#ffffff";
      if (k === NODE_KIND.external) ctx.setLineDash([2 / tr.k, 2 / tr.k]);
      // a white rim only where it shows: on a big map zoomed out it costs more than it adds
      const rim = !light && (k !== NODE_KIND.person || tr.k > 0.6 || idx.length < 1500);
      for (let from = 0; from < idx.length; from += CHUNK) {
        ctx.beginPath();
        for (let j = from; j < Math.min(idx.length, from + CHUNK); j++) shape(idx[j], k);
        ctx.fill();
        if (rim) ctx.stroke();
      }
      ctx.setLineDash([]);
    });
    // rings: selected and focus centre
    for (const [i, color] of [
      [sel, "#0f172a"],
      [hov, "#0f6b6b"],
    ] as const) {
      if (i == null) continue;
      ctx.beginPath();
      ctx.arc(xy[2 * i], xy[2 * i + 1], graph.radius[i] + 3 / tr.k, 0, 2 * Math.PI);
      ctx.strokeStyle = color;
      ctx.lineWidth = 2 / tr.k;
      ctx.stroke();
    }
    // labels: the largest nodes on screen, more as one zooms in
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = "12px system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.9)";
    ctx.fillStyle = "#0f172a";
    const budget = light ? 0 : Math.min(400, Math.round(30 * tr.k * tr.k + (fs ? fs.size : 0)));
    let shown = 0;
    const label = (i: number) => {
      const name = data.k[i] === NODE_KIND.external ? t("kinds.external") : data.nm[i];
      const sx = xy[2 * i] * tr.k + tr.x,
        sy = (xy[2 * i + 1] + graph.radius[i]) * tr.k + tr.y + 2;
      ctx.strokeText(name, sx, sy);
      ctx.fillText(name, sx, sy);
    };
    for (let j = 0; j < graph.n && shown < budget; j++) {
      const i = graph.bySize[j];
      if (!inView(i) || (fs && !fs.has(i)) || i === lit) continue;
      if (graph.radius[i] * tr.k < 5 && !(fs && fs.size < 80)) continue;
      label(i);
      shown++;
    }
    if (lit != null) label(lit);
    // keep the picture for the next gesture (big maps only: a small one draws faster than it copies)
    if (graph.n > 1500 && !light) {
      if (!snap.canvas) snap.canvas = document.createElement("canvas");
      if (snap.canvas.width !== canvas.width || snap.canvas.height !== canvas.height) (snap.canvas.width = canvas.width), (snap.canvas.height = canvas.height);
      const sc = snap.canvas.getContext("2d");
      if (sc) {
        sc.setTransform(1, 0, 0, 1, 0, 0);
        sc.clearRect(0, 0, snap.canvas.width, snap.canvas.height);
        sc.drawImage(canvas, 0, 0);
        snap.t = tr;
        snap.valid = true;
        snap.dirty = false;
      }
    }
  }, [data, graph, groups, t]);
  drawRef.current = draw;

  /** a frame for a moved view (the kept picture may serve) */
  const paint = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);
  /** something on the map changed (positions, selection, focus, size): the kept picture no longer holds */
  const schedule = useCallback(() => {
    snapRef.current.dirty = true;
    paint();
  }, [paint]);

  const tree = useCallback(() => {
    if (treeStale.current || !treeRef.current) {
      const xy = xyRef.current;
      treeRef.current = quadtree<number>()
        .x((i) => xy[2 * i])
        .y((i) => xy[2 * i + 1])
        .addAll(Array.from({ length: graph?.n ?? 0 }, (_, i) => i));
      treeStale.current = false;
    }
    return treeRef.current;
  }, [graph]);

  /** The node under a screen point, if any. */
  const hit = useCallback(
    (sx: number, sy: number): number | undefined => {
      if (!graph) return undefined;
      const tr = tRef.current;
      const [x, y] = tr.invert([sx, sy]);
      const i = tree().find(x, y, 24 / tr.k + 22);
      if (i === undefined) return undefined;
      const dx = xyRef.current[2 * i] - x,
        dy = xyRef.current[2 * i + 1] - y;
      const fs = focusSet.current;
      if (fs && !fs.has(i)) return undefined;
      return Math.hypot(dx, dy) <= graph.radius[i] + 6 / tr.k ? i : undefined;
    },
    [graph, tree],
  );

  const fit = useCallback(
    (only?: Set<number> | null, animate = true) => {
      if (!graph || !zoomRef.current || !canvasRef.current || !graph.n) return;
      const xy = xyRef.current;
      let x0 = Infinity,
        y0 = Infinity,
        x1 = -Infinity,
        y1 = -Infinity;
      for (let i = 0; i < graph.n; i++) {
        if (only && !only.has(i)) continue;
        x0 = Math.min(x0, xy[2 * i]);
        y0 = Math.min(y0, xy[2 * i + 1]);
        x1 = Math.max(x1, xy[2 * i]);
        y1 = Math.max(y1, xy[2 * i + 1]);
      }
      const { w, h } = sizeRef.current;
      const k = Math.max(0.05, Math.min(4, 0.9 / Math.max((x1 - x0 + 40) / w, (y1 - y0 + 40) / h)));
      const target = zoomIdentity.translate(w / 2 - (k * (x0 + x1)) / 2, h / 2 - (k * (y0 + y1)) / 2).scale(k);
      flyTo(target, animate);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [graph],
  );

  /** Animated move of the view (d3-interpolate's interpolateZoom), kept in d3-zoom's state. */
  const flyTo = (target: ZoomTransform, animate = true) => {
    const canvas = canvasRef.current,
      z = zoomRef.current;
    if (!canvas || !z) return;
    const sel = select(canvas);
    if (!animate || window.matchMedia?.("(prefers-reduced-motion: reduce)").matches) return void z.transform(sel, target);
    const { w, h } = sizeRef.current;
    const a = tRef.current;
    const view = (tr: ZoomTransform): [number, number, number] => [(w / 2 - tr.x) / tr.k, (h / 2 - tr.y) / tr.k, w / tr.k];
    const interp = interpolateZoom(view(a), view(target));
    const duration = Math.min(1200, Math.max(300, interp.duration * 0.6));
    const t0 = performance.now();
    const step = (now: number) => {
      const p = Math.min(1, (now - t0) / duration);
      const [cx, cy, vw] = interp(p);
      const k = w / vw;
      z.transform(sel, zoomIdentity.translate(w / 2 - cx * k, h / 2 - cy * k).scale(k));
      if (p < 1) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  };

  const flyToNode = useCallback(
    (i: number) => {
      const { w, h } = sizeRef.current;
      const k = Math.max(tRef.current.k, 2.5);
      flyTo(zoomIdentity.translate(w / 2 - k * xyRef.current[2 * i], h / 2 - k * xyRef.current[2 * i + 1]).scale(k));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  // ---------------------------------------------------------------- layout (worker) and cache
  useEffect(() => {
    if (!data || !graph || view !== "map") return;
    const n = graph.n;
    const cache = readCache(cacheKey);
    const xy = new Float32Array(n * 2);
    let known = 0;
    const has = new Uint8Array(n);
    if (cache)
      for (let i = 0; i < n; i++) {
        const p = cache.get(data.id[i]);
        if (p) (xy[2 * i] = p[0]), (xy[2 * i + 1] = p[1]), (has[i] = 1), known++;
      }
    // nodes without a cached place start next to a placed neighbour, else on a spiral
    for (let i = 0; i < n; i++) {
      if (has[i]) continue;
      let placed = false;
      for (let j = graph.off[i]; j < graph.off[i + 1] && known; j++) {
        const u = graph.adj[j];
        if (has[u]) {
          xy[2 * i] = xy[2 * u] + (Math.random() - 0.5) * 20;
          xy[2 * i + 1] = xy[2 * u + 1] + (Math.random() - 0.5) * 20;
          placed = true;
          break;
        }
      }
      if (!placed) {
        const r = 10 * Math.sqrt(0.5 + i),
          a = i * Math.PI * (3 - Math.sqrt(5));
        xy[2 * i] = r * Math.cos(a);
        xy[2 * i + 1] = r * Math.sin(a);
      }
    }
    xyRef.current = xy;
    treeStale.current = true;
    const complete = n > 0 && known === n;
    settledRef.current = complete;
    setStatus({ settled: complete, ms: complete ? 0 : null, cached: complete });
    const s0 = { cached: complete };
    movedRef.current = false;
    const worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    workerRef.current = worker;
    worker.onmessage = (ev: MessageEvent<LayoutOut>) => {
      xyRef.current = ev.data.xy;
      treeStale.current = true;
      if (!fittedRef.current) (fittedRef.current = true), fit(null, false);
      if (ev.data.settled) {
        settledRef.current = true;
        if (!movedRef.current && !s0.cached) fit(focusSet.current, false);
        setStatus((s) => ({ settled: true, ms: s.cached ? s.ms : Math.round(ev.data.ms), cached: s.cached }));
        writeCache(cacheKey, data.id, ev.data.xy);
        (window as unknown as { __networkSettled?: { ms: number; ticks: number; n: number } }).__networkSettled = { ms: ev.data.ms, ticks: ev.data.ticks, n };
      }
      schedule();
    };
    const start: LayoutIn = { type: "start", n, edges: data.e, radius: graph.radius, xy: known ? xy.slice() : null, known, alpha: complete ? 0 : known > n / 2 ? 0.3 : 1 };
    if (complete) {
      // a second visit: draw the cached layout at once; the worker only wakes for a drag
      fittedRef.current = true;
      requestAnimationFrame(() => fit(null, false));
      (window as unknown as { __networkSettled?: { ms: number; ticks: number; n: number } }).__networkSettled = { ms: 0, ticks: 0, n };
    }
    (window as unknown as { __networkLayoutStart?: number }).__networkLayoutStart = performance.now();
    worker.postMessage(start);
    schedule();
    return () => {
      worker.terminate();
      workerRef.current = null;
    };
  }, [data, graph, view, cacheKey, fit, schedule]);

  // ---------------------------------------------------------------- canvas size, zoom, drag, pointer
  useEffect(() => {
    const canvas = canvasRef.current,
      wrap = wrapRef.current;
    if (!canvas || !wrap || view !== "map") return;
    const resize = () => {
      const r = wrap.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      sizeRef.current = { w: r.width, h: r.height };
      canvas.width = Math.round(r.width * dpr);
      canvas.height = Math.round(r.height * dpr);
      canvas.style.width = `${r.width}px`;
      canvas.style.height = `${r.height}px`;
      schedule();
    };
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(wrap);
    const z = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.03, 16])
      .on("zoom", (e: { transform: ZoomTransform; sourceEvent: unknown }) => {
        tRef.current = e.transform;
        if (e.sourceEvent) (movedRef.current = true), (snapRef.current.interactingUntil = performance.now() + 160);
        if (hoverRef.current != null) (hoverRef.current = null), setHover(null), (snapRef.current.dirty = true);
        paint();
      });
    zoomRef.current = z;
    let dragged: number | null = null;
    const d = drag<HTMLCanvasElement, unknown, { i: number; x: number; y: number }>()
      .container(canvas)
      .subject((ev: { x: number; y: number }) => {
        const i = hit(ev.x, ev.y);
        if (i === undefined) return undefined as unknown as { i: number; x: number; y: number };
        const [sx, sy] = tRef.current.apply([xyRef.current[2 * i], xyRef.current[2 * i + 1]]);
        return { i, x: sx, y: sy };
      })
      .on("drag", (ev: { x: number; y: number; subject: { i: number } }) => {
        const i = ev.subject.i;
        dragged = i;
        const [x, y] = tRef.current.invert([ev.x, ev.y]);
        xyRef.current[2 * i] = x;
        xyRef.current[2 * i + 1] = y;
        treeStale.current = true;
        workerRef.current?.postMessage({ type: "pin", i, x, y } satisfies LayoutIn);
        schedule();
      })
      .on("end", (ev: { subject: { i: number } }) => {
        if (dragged !== null) workerRef.current?.postMessage({ type: "release", i: ev.subject.i } satisfies LayoutIn);
        dragged = null;
      });
    const sel = select(canvas);
    sel.call(d).call(z).on("dblclick.zoom", null);
    z.transform(sel, tRef.current);
    const onMove = (ev: PointerEvent) => {
      if (ev.pointerType !== "mouse" || ev.buttons) return;
      const r = canvas.getBoundingClientRect();
      const i = hit(ev.clientX - r.left, ev.clientY - r.top);
      if ((i ?? null) !== hoverRef.current) {
        hoverRef.current = i ?? null;
        canvas.style.cursor = i === undefined ? "grab" : "pointer";
        setHover(i === undefined ? null : { i, x: ev.clientX - r.left, y: ev.clientY - r.top });
        schedule();
      }
    };
    const onLeave = () => {
      hoverRef.current = null;
      setHover(null);
      schedule();
    };
    const onClick = (ev: MouseEvent) => {
      const r = canvas.getBoundingClientRect();
      const i = hit(ev.clientX - r.left, ev.clientY - r.top);
      if (i === undefined) {
        selectedRef.current = null;
        setSelected(null);
      } else {
        selectedRef.current = i;
        setSelected(i);
      }
      schedule();
    };
    canvas.addEventListener("pointermove", onMove);
    canvas.addEventListener("pointerleave", onLeave);
    canvas.addEventListener("click", onClick);
    return () => {
      ro.disconnect();
      sel.on(".zoom", null).on(".drag", null);
      canvas.removeEventListener("pointermove", onMove);
      canvas.removeEventListener("pointerleave", onLeave);
      canvas.removeEventListener("click", onClick);
    };
  }, [view, hit, schedule]);

  // focus from the URL once the data is there
  useEffect(() => {
    if (!data || !focusId || !graph) return;
    const i = data.id.indexOf(focusId);
    if (i >= 0) {
      setFocus(i);
      setSelected(i);
    }
  }, [data, graph, focusId]);

  useEffect(() => {
    selectedRef.current = selected;
    focusSet.current = focus != null && graph ? neighbourhood(graph, focus, 2) : null;
    schedule();
  }, [selected, focus, graph, schedule]);

  // keep focus in the URL (shareable, back button) without a server round trip
  useEffect(() => {
    if (!data) return;
    const url = new URL(window.location.href);
    if (focus != null) url.searchParams.set("focus", data.id[focus]);
    else url.searchParams.delete("focus");
    if (url.href !== window.location.href) window.history.replaceState(null, "", url);
  }, [focus, data]);

  // ---------------------------------------------------------------- search
  useEffect(() => {
    if (!data) return;
    const q = query.trim();
    const local = searchNodes(data, q);
    setResults(local);
    setActive(0);
    // pinyin initials and the rest of the quick search come from the server's tokens (same scope)
    if (q.length < 2 && !/[\u4e00-\u9fff]/.test(q)) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/customers/search?q=${encodeURIComponent(q)}`, { signal: ctl.signal })
        .then((r) => (r.ok ? r.json() : { rows: [] }))
        .then((r: { rows: { id: string }[] }) => {
          const extra = r.rows.map((x) => data.id.indexOf(x.id)).filter((i) => i >= 0 && !local.includes(i));
          if (extra.length) setResults([...local, ...extra].slice(0, 10));
        })
        .catch(() => {});
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [query, data]);

  const choose = (i: number) => {
    setSelected(i);
    selectedRef.current = i;
    setQuery("");
    setResults([]);
    if (focus != null && focusSet.current && !focusSet.current.has(i)) setFocus(null);
    flyToNode(i);
  };

  const p = punct(locale);
  const nf = useMemo(() => new Intl.NumberFormat(locale === "en" ? "en" : "zh-CN", { maximumFractionDigits: 0 }), [locale]);
  const kindLabel = (i: number) => {
    const k = data!.k[i];
    return t(`kinds.${(["person", "company", "circle", "text", "external"] as const)[k]}`);
  };
  const nameOf = (i: number) => (data!.k[i] === NODE_KIND.external ? t("kinds.external") : data!.nm[i]);
  const isCustomer = (i: number) => data!.k[i] === NODE_KIND.person || data!.k[i] === NODE_KIND.company;

  const card = (i: number) => {
    const d = data!;
    return (
      <>
        <p className="font-semibold">{nameOf(i)}</p>
        <p className="text-xs text-slate-500">
          {isCustomer(i) ? p.list([kindLabel(i), ts(CUSTOMER_STAGES[d.st[i]])]) : kindLabel(i)}
        </p>
        {isCustomer(i) && (
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs">
            <dt className="text-slate-500">{t("card.revenue")}</dt>
            <dd>¥{nf.format(d.rv[i])}</dd>
            {d.gr[i] && (
              <>
                <dt className="text-slate-500">{t("card.grade")}</dt>
                <dd>{d.gr[i]}</dd>
              </>
            )}
            {d.o[i] >= 0 && (
              <>
                <dt className="text-slate-500">{t("card.owner")}</dt>
                <dd>{d.ow[d.o[i]]}</dd>
              </>
            )}
            <dt className="text-slate-500">{t("card.degree")}</dt>
            <dd>{graph!.degree[i]}</dd>
            {graph!.introducedCount[i] > 0 && (
              <>
                <dt className="text-slate-500">{t("card.introduced")}</dt>
                <dd>{graph!.introducedCount[i]}</dd>
              </>
            )}
          </dl>
        )}
        {d.k[i] === NODE_KIND.external && <p className="mt-1 text-xs text-slate-500">{t("card.externalNote")}</p>}
        {d.k[i] === NODE_KIND.circle && <p className="mt-1 text-xs text-slate-500">{t("card.members", { n: graph!.degree[i] })}</p>}
      </>
    );
  };

  if (error) return <p className="card p-6 text-sm text-red-700" role="alert">{t("error")}</p>;
  if (!data || !graph)
    return (
      <p className="card flex items-center gap-2 p-6 text-sm text-slate-500" role="status">
        <Loader2 aria-hidden className="size-4 animate-spin" />
        {t("loading")}
      </p>
    );
  if (!data.id.length) return <p className="card p-6 text-sm text-slate-500">{t("empty")}</p>;

  const customersShown = data.k.filter((k) => k <= 1).length;
  const summary = (
    <p className="text-xs text-slate-500" data-testid="network-summary">
      {t("summary", { customers: customersShown, nodes: graph.n, edges: data.e.length / 3 })}
      {data.truncated && <span className="ml-2 text-amber-700">{t("truncated", { n: data.total })}</span>}
    </p>
  );

  if (view === "list")
    return (
      <div className="space-y-2">
        {summary}
        <NetworkTable data={data} graph={graph} />
      </div>
    );

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full sm:w-72">
          <Search aria-hidden className="pointer-events-none absolute left-2 top-2.5 size-4 text-slate-400" />
          <input
            type="search"
            role="combobox"
            aria-expanded={results.length > 0}
            aria-controls="network-search-results"
            aria-activedescendant={results.length ? `network-hit-${active}` : undefined}
            aria-label={t("search")}
            placeholder={t("searchPlaceholder")}
            className="input w-full pl-8"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") e.preventDefault(), setActive((a) => Math.min(a + 1, results.length - 1));
              else if (e.key === "ArrowUp") e.preventDefault(), setActive((a) => Math.max(a - 1, 0));
              else if (e.key === "Enter" && results[active] !== undefined) e.preventDefault(), choose(results[active]);
              else if (e.key === "Escape") setQuery("");
            }}
          />
          {query.trim() && (
            <ul id="network-search-results" role="listbox" className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
              {results.length === 0 && <li className="px-3 py-2 text-slate-500">{t("noMatch")}</li>}
              {results.map((i, j) => (
                <li
                  key={data.id[i]}
                  id={`network-hit-${j}`}
                  role="option"
                  aria-selected={j === active}
                  className={`cursor-pointer px-3 py-2 ${j === active ? "bg-brand-50" : ""}`}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(i)}
                >
                  {data.nm[i]} <span className="text-xs text-slate-500">{isCustomer(i) ? ts(CUSTOMER_STAGES[data.st[i]]) : kindLabel(i)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="flex items-center gap-1">
          <button type="button" className="btn-secondary px-2" aria-label={t("zoomIn")} onClick={() => zoomRef.current?.scaleBy(select(canvasRef.current!), 1.5)}>
            <Plus aria-hidden className="size-4" />
          </button>
          <button type="button" className="btn-secondary px-2" aria-label={t("zoomOut")} onClick={() => zoomRef.current?.scaleBy(select(canvasRef.current!), 1 / 1.5)}>
            <Minus aria-hidden className="size-4" />
          </button>
          <button type="button" className="btn-secondary px-2" aria-label={t("fit")} onClick={() => fit(focusSet.current)}>
            <Maximize2 aria-hidden className="size-4" />
          </button>
        </div>
        <p className="text-xs text-slate-500" role="status" data-testid="layout-status">
          {status.cached ? t("cached") : status.settled ? t("settled", { ms: status.ms ?? 0 }) : t("settling")}
        </p>
      </div>
      {summary}
      {focus != null && (
        <p className="flex flex-wrap items-center gap-2 rounded-md bg-brand-50 px-3 py-2 text-sm" data-testid="focus-banner">
          <Crosshair aria-hidden className="size-4 text-brand-700" />
          {t("focusing", { name: nameOf(focus), n: focusSet.current?.size ?? 0 })}
          <button type="button" className="ml-auto inline-flex items-center gap-1 text-brand-700 hover:underline" onClick={() => setFocus(null)}>
            <X aria-hidden className="size-4" />
            {t("unfocus")}
          </button>
        </p>
      )}
      <div ref={wrapRef} className="relative h-[62vh] min-h-[360px] w-full overflow-hidden rounded-lg border border-slate-200 bg-slate-50">
        <canvas
          ref={canvasRef}
          className="block touch-none"
          role="img"
          aria-label={t("canvasLabel", { customers: customersShown, edges: data.e.length / 3 })}
          data-testid="network-canvas"
        />
        {hover && hover.i !== selected && (
          <div
            className="pointer-events-none absolute z-10 w-56 rounded-md border border-slate-200 bg-white p-2 text-sm shadow-lg"
            style={{ left: Math.min(hover.x + 12, sizeRef.current.w - 230), top: Math.min(hover.y + 12, sizeRef.current.h - 150) }}
            data-testid="hover-card"
          >
            {card(hover.i)}
          </div>
        )}
        {selected != null && (
          <div className="absolute bottom-2 left-2 right-2 z-10 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg sm:left-auto sm:w-72" data-testid="selected-card">
            <button type="button" className="absolute right-2 top-2 text-slate-400 hover:text-slate-700" aria-label={t("close")} onClick={() => setSelected(null)}>
              <X aria-hidden className="size-4" />
            </button>
            {card(selected)}
            <div className="mt-2 flex flex-wrap gap-2">
              {isCustomer(selected) && (
                <button type="button" className="btn-primary px-3 py-1 text-xs" onClick={() => router.push(`/customers/${data.id[selected]}`)}>
                  {t("card.open")}
                </button>
              )}
              {data.k[selected] === NODE_KIND.circle && (
                <button type="button" className="btn-secondary px-3 py-1 text-xs" onClick={() => router.push(`/network/circles?circle=${data.id[selected].slice(1)}`)}>
                  {t("card.openCircle")}
                </button>
              )}
              {focus === selected ? (
                <button type="button" className="btn-secondary px-3 py-1 text-xs" onClick={() => setFocus(null)}>
                  {t("unfocus")}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn-secondary px-3 py-1 text-xs"
                  onClick={() => {
                    setFocus(selected);
                    requestAnimationFrame(() => fit(neighbourhood(graph, selected, 2)));
                  }}
                >
                  {t("card.focus")}
                </button>
              )}
            </div>
          </div>
        )}
      </div>
      <Legend />
    </div>
  );
}

function Legend() {
  const t = useTranslations("network");
  const ts = useTranslations("customer.stages");
  return (
    <div className="flex flex-wrap gap-x-6 gap-y-2 text-xs text-slate-600" data-testid="network-legend">
      <ul className="flex flex-wrap items-center gap-3" aria-label={t("legend.stages")}>
        {CUSTOMER_STAGES.map((s, i) => (
          <li key={s} className="flex items-center gap-1">
            <span aria-hidden className="inline-block size-3 rounded-full" style={{ background: STAGE_COLORS[i] }} />
            {ts(s)}
          </li>
        ))}
      </ul>
      <ul className="flex flex-wrap items-center gap-3" aria-label={t("legend.kinds")}>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block size-3 rounded-full bg-slate-400" />
          {t("kinds.person")}
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block size-3 border border-slate-700 bg-slate-400" />
          {t("kinds.company")}
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block size-3 rotate-45" style={{ background: KIND_COLORS.circle }} />
          {t("kinds.circle")}
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block size-3 rounded-full border-2 bg-white" style={{ borderColor: KIND_COLORS.text }} />
          {t("kinds.text")}
        </li>
        <li className="flex items-center gap-1">
          <span aria-hidden className="inline-block size-3 rounded-full border-2 border-dashed bg-white" style={{ borderColor: KIND_COLORS.external }} />
          {t("kinds.external")}
        </li>
        <li>{t("legend.size")}</li>
      </ul>
      <ul className="flex flex-wrap items-center gap-3" aria-label={t("legend.edges")}>
        {([0, 1, 2, 3] as const).map((k) => (
          <li key={k} className="flex items-center gap-1">
            <svg aria-hidden width="24" height="6">
              <line x1="0" y1="3" x2="24" y2="3" stroke={EDGE_STYLES[k].color} strokeWidth={2} strokeDasharray={EDGE_STYLES[k].dash.join(" ")} opacity={Math.max(0.6, EDGE_STYLES[k].alpha)} />
            </svg>
            {t(`edges.${(["introduced", "company", "circle", "deal"] as const)[k]}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
