/**
 * Finds every Chinese message the server can send back to a user, by reading the sources (the TypeScript
 * syntax tree, so comments never count): what tests/unit/server-messages.test.ts checks has an English
 * translation (lib/validation/messages-en.ts).
 *
 * Two rules:
 * - In the files where messages live (MESSAGE_FILES: the zod schemas, the action pipeline, the errors, the
 *   queries), every Han string is a message or a field label used in one (`reqText(100, "交流主题")` →
 *   「请填写交流主题」), except the few listed in NOT_MESSAGES.
 * - Everywhere else in lib/, db/queries/ and app/ (.ts), a Han string in a message position is a message:
 *   `new AppError(code, …)`, `new UnsafeInputError(…)`, `forbidden(…)`, `jsonError(…)`, `textError(…)`, `new Response(…)`, a property
 *   `error:`/`message:`, an assignment to `errors.x`/`errors[…]`/`fieldErrors…`.
 * A template literal is expanded: `${a ? "x" : "y"}` gives both texts, any other `${…}` a sample value.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");

const HAN = /\p{Script=Han}/u;

/** Where every Han string is a message (or a label inside one). Paths relative to the root, folders end in "/". */
const MESSAGE_FILES = ["lib/validation/", "lib/action.ts", "lib/errors.ts", "lib/auth.ts", "db/queries/"];

/** Han strings in MESSAGE_FILES that never reach a user as a message, each with why. */
export const NOT_MESSAGES: Record<string, string> = {
  "db/queries/customers.ts 新建客户": "the reason stored in a customer's stage history, shown by the UI through its own translation",
  "db/queries/customers.ts 离线修改": "the reason stored in a customer's stage history for an offline card edit, like 新建客户",
  "db/queries/imports.ts 市": "a suffix stripped when matching a city to the dictionary",
  "db/queries/imports.ts 省": "a suffix stripped when matching a region to the dictionary",
};

const SCAN = ["lib", "db/queries", "app"];

export type FoundMessage = { file: string; line: number; text: string };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const SAMPLE = "3";

/** The texts a string or template literal can produce. */
function texts(node: ts.Node): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (!ts.isTemplateExpression(node)) return null;
  let out = [node.head.text];
  for (const span of node.templateSpans) {
    const e = span.expression;
    const options = ts.isConditionalExpression(e) ? [...(texts(e.whenTrue) ?? [SAMPLE]), ...(texts(e.whenFalse) ?? [SAMPLE])] : [SAMPLE];
    out = out.flatMap((prefix) => options.map((o) => prefix + o + span.literal.text));
  }
  return out;
}

/** Functions whose first argument is a message: lib/errors.ts forbidden(), the route handlers' error answers (lib/action.ts). */
const MESSAGE_CALLS = new Set(["forbidden", "jsonError", "textError"]);

const calleeName = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : "");

/** Whether a literal sits where a message goes (see the module comment), looking up through ?: and parentheses. */
function inMessagePosition(node: ts.Node): boolean {
  let child: ts.Node = node;
  let p = node.parent;
  while (p && (ts.isConditionalExpression(p) || ts.isParenthesizedExpression(p) || ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    if (ts.isConditionalExpression(p) && p.condition === child) return false;
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  if (ts.isNewExpression(p)) {
    const name = calleeName(p.expression);
    const args = p.arguments ?? [];
    if (name === "AppError") return args[1] === child;
    if (name === "UnsafeInputError" || name === "Response") return args[0] === child;
  }
  if (ts.isCallExpression(p) && MESSAGE_CALLS.has(calleeName(p.expression))) return p.arguments[0] === child;
  if (ts.isPropertyAssignment(p) && p.initializer === child) {
    const key = p.name.getText().replace(/["']/g, "");
    return key === "error" || key === "message";
  }
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === child) {
    return /^(errors|fieldErrors)\b/.test(p.left.getText());
  }
  return false;
}

/** Every Chinese message found, with where it is; each text once per place. */
export function findServerMessages(): FoundMessage[] {
  const out: FoundMessage[] = [];
  for (const file of SCAN.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const rel = path.relative(ROOT, file).split(path.sep).join("/");
    const everyHan = MESSAGE_FILES.some((m) => (m.endsWith("/") ? rel.startsWith(m) : rel === m));
    const src = fs.readFileSync(file, "utf8");
    if (!HAN.test(src)) continue;
    const sf = ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node) => {
      const t = texts(node);
      if (t && HAN.test(node.getText(sf))) {
        if (everyHan || inMessagePosition(node)) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          for (const text of t) if (HAN.test(text) && !NOT_MESSAGES[`${rel} ${text}`]) out.push({ file: rel, line, text });
        }
        return; // a template's own ${a ? "x" : "y"} texts were expanded into it
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}
