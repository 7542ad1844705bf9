/**
 * Toasts without sonner in the first-load JavaScript: `toast.success(...)` loads sonner on the first
 * call and asks the layout's <LazyToaster> to mount it. sonner replays toasts raised before its
 * Toaster subscribed, so nothing is lost while the chunk arrives.
 */
type Sonner = typeof import("sonner");
type Kind = "success" | "error" | "info";

let sonner: Promise<Sonner> | undefined;
let wanted = false;
const listeners = new Set<() => void>();

function load() {
  if (!sonner) {
    sonner = import("sonner");
    wanted = true;
    for (const l of listeners) l();
  }
  return sonner;
}

/** Calls `fn` once a toast has been asked for (at once if one already has); returns the unsubscribe. */
export function onToastWanted(fn: () => void) {
  if (wanted) fn();
  listeners.add(fn);
  return () => void listeners.delete(fn);
}

/** `action`: a button in the toast (e.g. 刷新 when a new version is ready); such a toast stays until used or closed. */
type Options = { action?: { label: string; onClick: () => void } };

const show = (kind: Kind) => (message: string, opts: Options = {}) => {
  void load().then((m) => m.toast[kind](message, opts.action ? { action: opts.action, duration: Infinity } : undefined));
};

export const toast = { success: show("success"), error: show("error"), info: show("info") };
