/**
 * A lesson's text for the offline workspace (issue #11): the MDX body as a short list of blocks the phone
 * renders without compiling anything (the page's mdx-bundler code needs eval, which the CSP forbids). Headings,
 * paragraphs, list items, quotes and the FAB examples keep their text; inline marks are dropped; the interactive
 * parts (the quiz, the charts, the link to the module) need the network and are left out.
 *
 * A block is a tuple, so 18 lessons do not repeat the same keys thousands of times:
 * ["h", level, text] · ["p", text] · ["li", text] · ["ol", text] · ["q", text] · ["fab", feature, advantage, benefit]
 */
export type LessonBlock = ["h", number, string] | ["p", string] | ["li", string] | ["ol", string] | ["q", string] | ["fab", string, string, string];

/** Inline markdown to plain text: **bold**, *em*, `code`, [text](url) and <br/> keep their words. */
export function plainInline(s: string) {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/__([^_]+)__/g, "$1")
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1$2")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/<br\s*\/?>/gi, " ")
    .trim();
}

const attr = (tag: string, name: string) => {
  const m = tag.match(new RegExp(`${name}=(?:"([^"]*)"|'([^']*)'|\\{"([^"]*)"\\})`));
  return m ? (m[1] ?? m[2] ?? m[3] ?? "") : "";
};

export function lessonBlocks(body: string): LessonBlock[] {
  const out: LessonBlock[] = [];
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(["p", plainInline(para.join(" "))]);
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) {
      flush();
      continue;
    }
    if (/^(import|export)\s/.test(line)) continue;
    if (line.startsWith("<")) {
      flush();
      // a component, perhaps over several lines, up to its closing "/>" or ">"
      let tag = line;
      while (!/\/?>\s*$/.test(tag) && i + 1 < lines.length) tag += ` ${lines[++i].trim()}`;
      if (/^<FabExample\b/.test(tag)) out.push(["fab", attr(tag, "feature"), attr(tag, "advantage"), attr(tag, "benefit")]);
      continue;
    }
    const h = line.match(/^(#{1,6})\s+(.*)$/);
    if (h) {
      flush();
      out.push(["h", h[1].length, plainInline(h[2])]);
      continue;
    }
    const li = line.match(/^[-*+]\s+(.*)$/);
    if (li) {
      flush();
      out.push(["li", plainInline(li[1])]);
      continue;
    }
    const ol = line.match(/^\d+[.)]\s+(.*)$/);
    if (ol) {
      flush();
      out.push(["ol", plainInline(ol[1])]);
      continue;
    }
    if (line.startsWith(">")) {
      flush();
      out.push(["q", plainInline(line.replace(/^>\s?/, ""))]);
      continue;
    }
    if (/^(-{3,}|\*{3,}|_{3,})$/.test(line)) {
      flush();
      continue;
    }
    para.push(line);
  }
  flush();
  return out.filter((b) => b[0] === "fab" || b[b.length - 1] !== "");
}
