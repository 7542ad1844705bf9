import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { FieldApp } from "@/components/offline/field-app";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("offline"))("title") };
}

/**
 * The offline workspace (issue #11). It carries no data of its own — everything it shows comes from the
 * working set in this browser's IndexedDB — so it needs no session, and the service worker keeps a copy to
 * answer any page it cannot fetch (scripts/build-sw.mjs).
 */
export default function FieldPage() {
  return (
    <ClientMessages namespaces={["offline", "customer", "reminders", "todos", "training"]}>
      <FieldApp />
    </ClientMessages>
  );
}
