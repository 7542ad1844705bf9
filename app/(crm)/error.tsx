"use client";

import { ErrorView } from "@/components/shell/error-view";

/** An unexpected failure inside the CRM keeps the navigation and offers a retry. */
export default function CrmError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorView error={error} reset={reset} />;
}
