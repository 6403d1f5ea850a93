/** Server Actions are public endpoints: a crafted call can pass any arguments, so check that a form arrived. */
export function isFormSubmission(value: unknown): value is FormData {
  return value instanceof FormData;
}

/** What a form says when its submission could not be read. */
export const UNREADABLE_FORM = "The form could not be read. Reload the page and try again.";
