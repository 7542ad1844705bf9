import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/intl/client-messages";
import { LessonLinks } from "@/components/training/lesson-links";
import { ComposePage } from "../compose-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("marketing"))("newEmail") };
}

/** 邮件个性群发 (the composer: app/(crm)/marketing/compose-page.tsx). */
export default function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return (
    <ClientMessages namespaces={["marketing"]}>
      <ComposePage channel="email" searchParams={searchParams} lessons={<LessonLinks module="/marketing/email" />} />
    </ClientMessages>
  );
}
