import { EDGE_KIND, NODE_KIND, type NetworkData } from "@/lib/network/format";

/**
 * What the map and the list derive from the wire data once: radii (size by revenue), adjacency (for focus
 * and degree), who introduced whom. Pure, so the unit tests and both views share it.
 */
export type Graph = {
  n: number;
  radius: Float32Array;
  degree: Uint32Array;
  /** CSR adjacency: neighbours of i are adj[off[i]..off[i+1]) */
  off: Uint32Array;
  adj: Uint32Array;
  /** incoming "introduced" / "deal" edges per node (who introduced it) */
  introducers: number[][];
  /** how many it introduced (outgoing introduced + deal edges) */
  introducedCount: Uint32Array;
  /** node indices, largest first (label priority) */
  bySize: Uint32Array;
};

export function buildGraph(d: NetworkData): Graph {
  const n = d.id.length;
  const degree = new Uint32Array(n);
  const introducedCount = new Uint32Array(n);
  const introducers: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < d.e.length; i += 3) {
    const s = d.e[i],
      t = d.e[i + 1],
      k = d.e[i + 2];
    degree[s]++;
    degree[t]++;
    if (k === EDGE_KIND.introduced || k === EDGE_KIND.deal) {
      introducedCount[s]++;
      introducers[t].push(s);
    }
  }
  const off = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) off[i + 1] = off[i] + degree[i];
  const fill = off.slice(0, n);
  const adj = new Uint32Array(off[n]);
  for (let i = 0; i < d.e.length; i += 3) {
    const s = d.e[i],
      t = d.e[i + 1];
    adj[fill[s]++] = t;
    adj[fill[t]++] = s;
  }
  let maxRv = 0;
  for (let i = 0; i < n; i++) if (d.rv[i] > maxRv) maxRv = d.rv[i];
  const radius = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const k = d.k[i];
    if (k === NODE_KIND.person || k === NODE_KIND.company) radius[i] = (k === NODE_KIND.company ? 5 : 3.5) + (maxRv ? 13 * Math.sqrt(d.rv[i] / maxRv) : 0);
    else if (k === NODE_KIND.circle) radius[i] = Math.min(22, 6 + Math.sqrt(degree[i]) * 1.2);
    else radius[i] = k === NODE_KIND.text ? 4 : 3.5;
  }
  const bySize = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => radius[b] - radius[a] || degree[b] - degree[a]);
  return { n, radius, degree, off, adj, introducers, introducedCount, bySize };
}

/** The nodes within `steps` edges of `start` (focus mode: two steps out). */
export function neighbourhood(g: Graph, start: number, steps = 2): Set<number> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let s = 0; s < steps; s++) {
    const next: number[] = [];
    for (const i of frontier)
      for (let j = g.off[i]; j < g.off[i + 1]; j++) {
        const x = g.adj[j];
        if (!seen.has(x)) seen.add(x), next.push(x);
      }
    frontier = next;
  }
  return seen;
}

/** Local search: a Chinese substring of the name, or the start of any syllable run of its full pinyin. */
export function searchNodes(d: NetworkData, q: string, limit = 8): number[] {
  const s = q.trim().toLowerCase();
  if (!s) return [];
  const out: number[] = [];
  const latin = /^[a-z]+$/.test(s);
  for (let i = 0; i < d.id.length && out.length < limit * 4; i++) {
    if (d.k[i] === NODE_KIND.external) continue;
    if (d.nm[i].toLowerCase().includes(s) || (latin && d.py[i].startsWith(s))) out.push(i);
  }
  return out.sort((a, b) => d.rv[b] - d.rv[a]).slice(0, limit);
}

/** The stages' colours (the five-level stage, lowest first), matching lib/stages.ts STAGE_STYLE's hues. */
export const STAGE_COLORS = ["#94a3b8", "#0ea5e9", "#f59e0b", "#10b981", "#7c3aed"] as const;
export const KIND_COLORS = { circle: "#e11d48", text: "#d97706", external: "#9ca3af", none: "#cbd5e1" } as const;
export const EDGE_STYLES: Record<number, { color: string; width: number; dash: number[]; alpha: number }> = {
  [EDGE_KIND.introduced]: { color: "#d97706", width: 1.6, dash: [], alpha: 0.9 },
  [EDGE_KIND.company]: { color: "#475569", width: 1.1, dash: [], alpha: 0.7 },
  [EDGE_KIND.circle]: { color: "#e11d48", width: 0.8, dash: [3, 3], alpha: 0.3 },
  [EDGE_KIND.deal]: { color: "#b45309", width: 1.2, dash: [1, 3], alpha: 0.9 },
};
