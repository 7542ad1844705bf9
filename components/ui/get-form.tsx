"use client";

import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

type Props = Omit<ComponentProps<"form">, "method" | "onSubmit">;

/**
 * A search / filter form that navigates like `<form method="get">` but leaves out the fields left empty,
 * so a search for "zhang" is /customers?q=zhang, not /customers?q=zhang&stage=&grade=&… (URLs people copy,
 * share and read). Without JavaScript it is the plain GET form.
 */
export function GetForm({ action, children, ...rest }: Props & { action?: string }) {
  const router = useRouter();
  return (
    <form
      method="get"
      action={action}
      {...rest}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        const params = new URLSearchParams();
        for (const [k, v] of new FormData(form, submitter)) if (typeof v === "string" && v.trim() !== "") params.append(k, v);
        const base = action ?? location.pathname;
        const qs = params.toString();
        router.push(qs ? `${base}?${qs}` : base);
      }}
    >
      {children}
    </form>
  );
}
