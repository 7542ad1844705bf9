/**
 * The network map's wire format (/api/network): parallel arrays with short keys, so ~5,000 nodes travel
 * in well under 500 KB compressed. Shared by the server (db/queries/network.ts) and the map in the browser.
 *
 * Node kinds: a person (个人客户 or a company's contact), a company (单位客户), a 人脉圈 circle, an introducer
 * who is not a customer (the introducer text of customers in scope), and an external introducer: a customer
 * outside the viewer's scope who introduced a customer inside it — shown without name, id or figures, one
 * anonymous node per introduced customer, so nothing about that person can be put together.
 */
export const NODE_KIND = { person: 0, company: 1, circle: 2, text: 3, external: 4 } as const;
export type NodeKind = (typeof NODE_KIND)[keyof typeof NODE_KIND];

/** Edge kinds: introduced (introducer → customer), contact of a company (person → company), member of a circle, introducer of a deal. */
export const EDGE_KIND = { introduced: 0, company: 1, circle: 2, deal: 3 } as const;
export type EdgeKind = (typeof EDGE_KIND)[keyof typeof EDGE_KIND];

export type NetworkData = {
  v: 1;
  /** customer ids; "c" + dictionary id for circles; "t<n>" for introducer texts; "x<n>" for external introducers */
  id: string[];
  /** NodeKind per node */
  k: NodeKind[];
  /** display name ("" for an external introducer) */
  nm: string[];
  /** full pinyin of a customer's name (the search's latin match), "" otherwise */
  py: string[];
  /** five-level stage index (lib/stages.ts CUSTOMER_STAGES), -1 for non-customers */
  st: number[];
  /** won revenue in yuan (whole), 0 for non-customers */
  rv: number[];
  /** effective value grade ("" when none) */
  gr: string[];
  /** index into `ow` of the owner (rep), -1 when none */
  o: number[];
  /** 1 when the node is context (an introducer, company or contact of a filtered customer) rather than a match */
  cx: (0 | 1)[];
  /** edges, flat: source index, target index, EdgeKind */
  e: number[];
  /** owner names */
  ow: string[];
  /** customers matching the filters (the core) and whether the map stopped at its limit */
  total: number;
  truncated: boolean;
};

export const MAP_LIMIT = 20_000;
