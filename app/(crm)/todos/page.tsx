import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { TodoBoard } from "@/components/todos/todo-board";
import { getDb } from "@/db/client";
import { listTodos } from "@/db/queries/todos";
import { today } from "@/lib/dates";
import { requireViewer } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("modules"))("todos") };
}

export default async function TodosPage() {
  const viewer = await requireViewer();
  const [t, items] = await Promise.all([getTranslations("todos"), listTodos(await getDb(), viewer)]);
  return (
    <ClientMessages namespaces={["todos"]}>
      <div className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("pageTitle")}</h1>
          <p className="text-sm text-slate-500">{t("subtitle", { count: items.filter((x) => !x.doneAt).length })}</p>
        </div>
        <TodoBoard items={items} today={today()} />
      </div>
    </ClientMessages>
  );
}
