/**
 * A failed form's values as they travel back to the browser (ActionState.values): fields, `name[]` lists and
 * repeated groups. Kept apart from the parser so client forms read them without loading zod.
 */
export type SubmittedValues = { [key: string]: string | string[] | SubmittedValues[] };

/** One field of a submitted form as text (a form's defaultValue), or undefined. */
export const submittedText = (values: SubmittedValues | undefined, key: string) => {
  const v = values?.[key];
  return typeof v === "string" ? v : undefined;
};

