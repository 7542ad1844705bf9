"use client";

import clsx from "clsx";
import { useEffect, useRef, useState, useTransition } from "react";
import { submitQuizAction } from "@/app/(crm)/training/actions";
import { toast } from "@/lib/toast";

export type PublicQuestion = { id: string; question: string; options: string[] };
type Result = {
  score: number;
  correct: number;
  total: number;
  perQuestion: { id: string; correct: boolean; answer: number; explanation: string }[];
  passed: boolean;
  scoredText: string;
  resultText: string;
  reviewText: string | null;
};

/** The quiz's words, translated on the server; the texts that carry the score come back with it. */
export type QuizLabels = { title: string; best: string | null; passMark: string; submit: string; retry: string; submitting: string; answerAll: string; right: string; wrong: string; failed: string };

/**
 * The lesson's quiz. Answers are scored on the server; the page never holds the answer key. The result
 * says plainly whether the quiz was passed (the pass mark is shown before and after), which questions to
 * review, and takes the keyboard focus, so a trainee who submitted with Enter hears it at once.
 */
export function Quiz({ slug, questions, labels }: { slug: string; questions: PublicQuestion[]; labels: QuizLabels }) {
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [result, setResult] = useState<Result | null>(null);
  const [pending, start] = useTransition();
  const all = questions.every((q) => answers[q.id] !== undefined);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  return (
    <section aria-labelledby="quiz-title" className="not-prose card my-6 p-4">
      <h2 id="quiz-title" className="text-lg font-semibold">
        {labels.title}
      </h2>
      <p className="text-sm text-slate-500">
        {labels.passMark}
        {labels.best && <> · {labels.best}</>}
      </p>
      <form
        className="mt-3 space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await submitQuizAction(slug, answers);
            if (!r.ok || !r.data) {
              toast.error(r.error ?? labels.failed);
              return;
            }
            setResult(r.data);
            if (r.data.passed) toast.success(r.data.scoredText);
            else toast.error(r.data.scoredText);
          });
        }}
      >
        {questions.map((q, i) => {
          const pq = result?.perQuestion.find((p) => p.id === q.id);
          return (
            <fieldset key={q.id} className="space-y-2">
              <legend className="font-medium">
                {i + 1}. {q.question}
              </legend>
              {q.options.map((o, j) => (
                <label
                  key={j}
                  className={clsx(
                    "flex cursor-pointer items-start gap-2 rounded-lg border px-3 py-2 text-sm",
                    pq && j === pq.answer ? "border-emerald-400 bg-emerald-50" : pq && answers[q.id] === j ? "border-red-300 bg-red-50" : "border-slate-200 hover:bg-slate-50",
                  )}
                >
                  <input type="radio" name={q.id} value={j} className="mt-0.5 size-4" checked={answers[q.id] === j} onChange={() => setAnswers({ ...answers, [q.id]: j })} />
                  <span>{o}</span>
                </label>
              ))}
              {pq && (
                <p className={clsx("text-sm", pq.correct ? "text-emerald-700" : "text-red-700")}>
                  {pq.correct ? labels.right : labels.wrong} {pq.explanation}
                </p>
              )}
            </fieldset>
          );
        })}
        {result && (
          <div
            ref={resultRef}
            tabIndex={-1}
            role="status"
            data-passed={result.passed}
            className={clsx("rounded-lg border p-3 text-sm outline-none focus-visible:ring-2 focus-visible:ring-brand-500", result.passed ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-900")}
          >
            <p className="font-semibold">{result.resultText}</p>
            {result.reviewText && <p className="mt-1">{result.reviewText}</p>}
          </div>
        )}
        <div className="flex items-center gap-3">
          <button type="submit" className="btn-primary" disabled={!all || pending}>
            {pending ? labels.submitting : result ? labels.retry : labels.submit}
          </button>
          {!all && <span className="text-sm text-slate-500">{labels.answerAll}</span>}
        </div>
      </form>
    </section>
  );
}
