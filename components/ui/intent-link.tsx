"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

type Props = Omit<ComponentProps<typeof Link>, "href" | "prefetch"> & { href: string };

/**
 * A Link that prefetches on intent (pointer over it, touch start, keyboard focus) rather than as soon as it
 * scrolls into view. Every CRM page is dynamic, so a viewport prefetch brings little more than the route
 * tree, yet a screen of links (the navigation, the lesson grid) cost a phone a dozen requests and their
 * decoding on the main thread while the page was still loading.
 */
export function IntentLink({ href, onMouseEnter, onTouchStart, onFocus, ...rest }: Props) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  return (
    <Link
      href={href}
      prefetch={false}
      onMouseEnter={(e) => {
        onMouseEnter?.(e);
        prefetch();
      }}
      onTouchStart={(e) => {
        onTouchStart?.(e);
        prefetch();
      }}
      onFocus={(e) => {
        onFocus?.(e);
        prefetch();
      }}
      {...rest}
    />
  );
}
