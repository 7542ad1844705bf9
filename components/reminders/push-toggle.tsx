"use client";

import { Bell, BellOff } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import { toast } from "@/lib/toast";

function keyBytes(base64url: string) {
  const b64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** Web Push opt-in for this browser (needs the service worker, i.e. a production build over HTTPS or localhost). */
export function PushToggle() {
  const t = useTranslations("reminders.push");
  const [state, setState] = useState<"unsupported" | "off" | "on" | "denied" | "loading">("loading");
  const [pending, start] = useTransition();

  useEffect(() => {
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return void setState("unsupported");
    if (Notification.permission === "denied") return void setState("denied");
    navigator.serviceWorker.getRegistration().then(async (reg) => {
      const sub = await reg?.pushManager.getSubscription();
      setState(reg ? (sub ? "on" : "off") : "unsupported");
    });
  }, []);

  const enable = () =>
    start(async () => {
      try {
        if ((await Notification.requestPermission()) !== "granted") return void setState("denied");
        const reg = await navigator.serviceWorker.ready;
        const { publicKey } = await (await fetch("/api/push")).json();
        const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
        const r = await fetch("/api/push", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(sub.toJSON()) });
        // 409: this browser's endpoint belongs to another account signed in here before
        if (r.status === 409) return void toast.error(t("takenByOther"));
        if (!r.ok) throw new Error(String(r.status));
        setState("on");
        toast.success(t("enabled"));
      } catch {
        toast.error(t("failed"));
      }
    });
  const disable = () =>
    start(async () => {
      const reg = await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.getSubscription();
      if (sub) {
        await fetch("/api/push", { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ endpoint: sub.endpoint }) });
        await sub.unsubscribe();
      }
      setState("off");
      toast.success(t("disabled"));
    });

  if (state === "loading") return null;
  if (state === "unsupported" || state === "denied")
    return <p className="text-xs text-slate-500">{state === "denied" ? t("denied") : t("unsupported")}</p>;
  return (
    <button type="button" className="btn-secondary" onClick={state === "on" ? disable : enable} disabled={pending} aria-pressed={state === "on"}>
      {state === "on" ? <BellOff aria-hidden className="size-4" /> : <Bell aria-hidden className="size-4" />}
      {state === "on" ? t("turnOff") : t("turnOn")}
    </button>
  );
}
