type Messages = Record<string, unknown>;

/**
 * The part of `messages` under the given namespaces: "training" keeps the whole namespace,
 * "training.quiz" only that branch (nested as it was). Unknown namespaces throw, so a typo shows
 * at once rather than as untranslated keys in the browser.
 */
export function pickMessages(messages: Messages, namespaces: readonly string[]): Messages {
  const out: Messages = {};
  for (const ns of namespaces) {
    const keys = ns.split(".");
    let from: unknown = messages;
    let to = out;
    keys.forEach((k, i) => {
      if (!from || typeof from !== "object" || !(k in from)) throw new Error(`no message namespace "${ns}"`);
      from = (from as Messages)[k];
      if (i === keys.length - 1) to[k] = from;
      else to = to[k] = { ...(to[k] as Messages | undefined) };
    });
  }
  return out;
}
