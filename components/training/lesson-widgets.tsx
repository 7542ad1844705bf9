"use client";

import { CircleCheck } from "lucide-react";
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

/** The exercise button's words, translated on the server; the progress text comes back with the check. */
export type ExerciseLabels = { done: string; markDone: string; check: string; recorded: string; failed: string };

export function ExerciseButton({ slug, kind, done, labels }: { slug: string; kind: "checked" | "self"; done: boolean; labels: ExerciseLabels }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [isDone, setDone] = useState(done);
  if (isDone)
    return (
      <p className="flex items-center gap-1 text-sm font-medium text-emerald-700">
        <CircleCheck aria-hidden className="size-4" />
        {labels.done}
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
          if (!r.ok) return void toast.error(r.error ?? labels.failed);
          if (kind === "self" || (r.data && r.data.done >= r.data.target)) {
            setDone(true);
            toast.success(labels.recorded);
          } else if (r.data) toast.info(r.data.progressText);
          router.refresh();
        })
      }
    >
      {kind === "self" ? labels.markDone : labels.check}
    </button>
  );
}
