"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { onToastWanted } from "@/lib/toast";

const Toaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

/** Mounts sonner's Toaster only when the first toast is raised (see lib/toast.ts), not at first paint. */
export function LazyToaster() {
  const [on, setOn] = useState(false);
  useEffect(() => onToastWanted(() => setOn(true)), []);
  return on ? <Toaster position="top-center" richColors closeButton /> : null;
}
