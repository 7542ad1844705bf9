import type { Locale } from "./config";

/**
 * Messages are split per module (messages/<locale>/<module>.json) so that modules can be built side by
 * side; each file holds top-level namespaces, merged here. Listed explicitly so the bundler sees them.
 */
const LOADERS: Record<Locale, () => Promise<Record<string, unknown>[]>> = {
  "zh-CN": () => Promise.all([import("../messages/zh-CN/core.json"), import("../messages/zh-CN/customer.json"), import("../messages/zh-CN/training.json"), import("../messages/zh-CN/time.json"), import("../messages/zh-CN/sales.json"), import("../messages/zh-CN/products.json"), import("../messages/zh-CN/insights.json"), import("../messages/zh-CN/offline.json"), import("../messages/zh-CN/admin.json"), import("../messages/zh-CN/team.json"), import("../messages/zh-CN/network.json"), import("../messages/zh-CN/marketing.json")]).then((m) => m.map((x) => x.default)),
  en: () => Promise.all([import("../messages/en/core.json"), import("../messages/en/customer.json"), import("../messages/en/training.json"), import("../messages/en/time.json"), import("../messages/en/sales.json"), import("../messages/en/products.json"), import("../messages/en/insights.json"), import("../messages/en/offline.json"), import("../messages/en/admin.json"), import("../messages/en/team.json"), import("../messages/en/network.json"), import("../messages/en/marketing.json")]).then((m) => m.map((x) => x.default)),
};

export async function loadMessages(locale: Locale) {
  return Object.assign({}, ...(await LOADERS[locale]())) as Record<string, unknown>;
}
