"use client";

import { useRouter } from "next/navigation";
import { CloseDealForm } from "./close-deal-form";

export function CloseDealPanel({ deal, today }: { deal: { id: string; title: string; expectedAmount: string | null }; today: string }) {
  const router = useRouter();
  return <CloseDealForm deal={deal} today={today} onDone={() => router.refresh()} />;
}
