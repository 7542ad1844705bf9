import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from "d3-force";
import { useLocale, useTranslations } from "next-intl";

type Node = SimulationNodeDatum & { id: string; kind: "you" | "customer" | "introducer" | "circle"; size: number };
type Link = SimulationLinkDatum<Node> & { kind: "introduced" | "member" | "knows" };

const NODES: Omit<Node, "x" | "y">[] = [
  { id: "你", kind: "you", size: 14 },
  { id: "陈总（老客户）", kind: "introducer", size: 12 },
  { id: "刘经理", kind: "customer", size: 9 },
  { id: "周老板", kind: "customer", size: 10 },
  { id: "吴主任", kind: "customer", size: 7 },
  { id: "郑会计", kind: "customer", size: 6 },
  { id: "商会", kind: "circle", size: 8 },
  { id: "校友会", kind: "circle", size: 8 },
  { id: "孙厂长", kind: "customer", size: 8 },
];
const LINKS: { source: string; target: string; kind: Link["kind"] }[] = [
  { source: "你", target: "陈总（老客户）", kind: "knows" },
  { source: "陈总（老客户）", target: "刘经理", kind: "introduced" },
  { source: "陈总（老客户）", target: "周老板", kind: "introduced" },
  { source: "周老板", target: "吴主任", kind: "introduced" },
  { source: "周老板", target: "商会", kind: "member" },
  { source: "孙厂长", target: "商会", kind: "member" },
  { source: "郑会计", target: "校友会", kind: "member" },
  { source: "你", target: "校友会", kind: "member" },
];
/** The demo people in English (the node ids are the Chinese names). */
const EN_LABELS: Record<string, string> = {
  你: "You",
  "陈总（老客户）": "Mr Chen (existing customer)",
  刘经理: "Manager Liu",
  周老板: "Boss Zhou",
  吴主任: "Director Wu",
  郑会计: "Accountant Zheng",
  商会: "Chamber of commerce",
  校友会: "Alumni association",
  孙厂长: "Factory director Sun",
};

const COLORS: Record<Node["kind"], string> = { you: "#0f6b6b", introducer: "#d97706", customer: "#0284c7", circle: "#7c3aed" };

let cached: { nodes: Node[]; links: Link[] } | undefined;

/** Lays the demo graph out once: d3-force with its seeded random source gives the same picture every time. */
function layout() {
  if (cached) return cached;
  const nodes: Node[] = NODES.map((n) => ({ ...n }));
  const links: Link[] = LINKS.map((l) => ({ ...l }));
  forceSimulation(nodes)
    .force("link", forceLink<Node, Link>(links).id((d) => d.id).distance(70))
    .force("charge", forceManyBody().strength(-260))
    .force("center", forceCenter(320, 150))
    .force("collide", forceCollide<Node>().radius((d) => d.size + 18))
    .stop()
    .tick(300);
  for (const n of nodes) {
    n.x = Math.round(n.x! * 10) / 10;
    n.y = Math.round(n.y! * 10) / 10;
  }
  cached = { nodes, links };
  return cached;
}

/**
 * A small force-directed network map (介绍人 chains and 人脉圈), laid out with d3-force on the server: a
 * server component, so the browser gets finished SVG and no d3.
 */
export function NetworkDemo() {
  const t = useTranslations("training.network");
  const locale = useLocale();
  const label = (id: string) => (locale === "en" ? (EN_LABELS[id] ?? id) : id);
  const graph = layout();
  return (
    <figure className="not-prose my-6">
      <svg viewBox="0 0 640 300" className="w-full rounded-lg border border-slate-200 bg-white" role="img" aria-labelledby="nd-title">
        <title id="nd-title">{t("title")}</title>
        {graph.links.map((l, i) => {
          const s = l.source as Node;
          const d = l.target as Node;
          return (
            <line key={i} x1={s.x} y1={s.y} x2={d.x} y2={d.y} stroke={l.kind === "introduced" ? "#d97706" : "#cbd5e1"} strokeWidth={l.kind === "introduced" ? 2 : 1.2} strokeDasharray={l.kind === "member" ? "4 3" : undefined} />
          );
        })}
        {graph.nodes.map((n) => (
          <g key={n.id} transform={`translate(${n.x},${n.y})`}>
            <circle r={n.size} fill={COLORS[n.kind]} opacity={0.9} />
            <text y={n.size + 13} textAnchor="middle" fontSize="12" fill="#334155">
              {label(n.id)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-600">{t("caption")}</figcaption>
    </figure>
  );
}
