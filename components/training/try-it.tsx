import { ArrowRight } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { IntentLink } from "@/components/ui/intent-link";

/** Opens the lesson's module with the reader's own data. */
export async function TryIt({ href, label }: { href: string; label: string }) {
  const t = await getTranslations("training");
  return (
    <span className="not-prose my-4 block">
      <IntentLink href={href} className="btn-primary">
        {t("tryIt", { module: label })}
        <ArrowRight aria-hidden className="size-4" />
      </IntentLink>
    </span>
  );
}
