"use client";

import { CircleCheck } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { markExerciseAction, markReadAction } from "@/app/(crm)/training/actions";
import { toast } from "@/lib/toast";

/** Records the lesson as read once its end scrolls into view. */
export function ReadMarker({ slug, alreadyRead }: { slug: string; alreadyRead: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const done = useRef(alreadyRead);
  useEffect(() => {
    const el = ref.current;
    if (!el || done.current) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !done.current) {
        done.current = true;
        void markReadAction(slug);
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, [slug]);
  return <div ref={ref} aria-hidden className="h-px" />;
}

export function ExerciseButton({ slug, kind, done }: { slug: string; kind: "checked" | "self"; done: boolean }) {
  const t = useTranslations("training.exercise");
  const router = useRouter();
  const [pending, start] = useTransition();
  const [isDone, setDone] = useState(done);
  if (isDone)
    return (
      <p className="flex items-center gap-1 text-sm font-medium text-emerald-700">
        <CircleCheck aria-hidden className="size-4" />
        {t("done")}
      </p>
    );
  return (
    <button
      type="button"
      className="btn-secondary"
      disabled={pending}
      onClick={() =>
        start(async () => {
          const r = await markExerciseAction(slug);
          if (!r.ok) return void toast.error(r.error ?? t("failed"));
          if (kind === "self" || (r.data && r.data.done >= r.data.target)) {
            setDone(true);
            toast.success(t("recorded"));
          } else if (r.data) toast.info(t("progress", { done: r.data.done, target: r.data.target }));
          router.refresh();
        })
      }
    >
      {kind === "self" ? t("markDone") : t("check")}
    </button>
  );
}
