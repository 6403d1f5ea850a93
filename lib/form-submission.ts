/** Server Actions are public endpoints: a crafted call can pass any arguments, so check that a form arrived. */
export function isFormSubmission(value: unknown): value is FormData {
  return value instanceof FormData;
}

/** What a form says when its submission could not be read. */
export const UNREADABLE_FORM = "The form could not be read. Reload the page and try again.";

/** A text field's value, or "" when it is missing or a file (only a crafted submission puts a file there). */
export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
