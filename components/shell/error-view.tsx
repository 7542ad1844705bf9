"use client";

import { useEffect, useState } from "react";
import { BODY_TOO_LARGE } from "@/lib/request-limits";

const WORDS = {
  zh: {
    title: "页面出错了",
    body: "刚才的操作没有完成。已填写的内容如果还在页面上，可以重试；问题持续时请联系管理员。",
    offline: "网络连接似乎中断了。恢复网络后再试，已保存的数据不会丢失。",
    tooLarge: "提交的内容过大（上限 10 MB），没有保存。请缩小文件或内容后重试。",
    retry: "重试",
    home: "回到工作台",
    code: "错误编号",
  },
  en: {
    title: "Something went wrong",
    body: "That did not finish. Try again; if it keeps happening, tell your administrator.",
    offline: "The connection seems to be down. Try again when you are back online; nothing saved is lost.",
    tooLarge: "What you sent is too large (10 MB at most) and was not saved. Make the file or text smaller and try again.",
    retry: "Try again",
    home: "Back to the dashboard",
    code: "Error id",
  },
};

/**
 * What an unexpected failure looks like (error boundaries have no server translations): the page's language
 * from <html lang>, a retry that re-renders the segment, a way home, and the digest the server logged.
 */
export function ErrorView({ error, reset, full }: { error: Error & { digest?: string }; reset: () => void; full?: boolean }) {
  const [lang, setLang] = useState<"zh" | "en">("zh");
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    console.error(error);
    setLang(document.documentElement.lang.startsWith("en") ? "en" : "zh");
    setOffline(!navigator.onLine);
  }, [error]);
  const w = WORDS[lang];
  return (
    <div role="alert" className={full ? "flex min-h-dvh flex-col items-center justify-center px-4 text-center" : "card mx-auto mt-6 max-w-lg p-6 text-center"}>
      <h1 className="text-xl font-semibold">{w.title}</h1>
      <p className="mt-2 text-slate-600">{error.message === BODY_TOO_LARGE ? w.tooLarge : offline ? w.offline : w.body}</p>
      {error.digest && (
        <p className="mt-2 text-xs text-slate-400">
          {w.code}: {error.digest}
        </p>
      )}
      <div className="mt-5 flex flex-wrap justify-center gap-2">
        <button type="button" className="btn-primary" onClick={() => reset()}>
          {w.retry}
        </button>
        {/* a plain link: after an error the client router may be what failed */}
        <a href="/" className="btn-secondary">
          {w.home}
        </a>
      </div>
    </div>
  );
}
