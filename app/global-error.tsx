"use client";

import { ErrorView } from "@/components/shell/error-view";
import "./globals.css";

/** The last resort when the root layout itself fails: its own document. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body>
        <ErrorView error={error} reset={reset} full />
      </body>
    </html>
  );
}
