import * as client from "openid-client";

/** A failure the CLI has already put into words: printed as is, on one line. */
export class CliError extends Error {
  override name = "CliError";
}

export const LOGIN_AGAIN = "run npm run cli -- login";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Whether `error` means the server never answered (refused, unreachable, timed out), not that it said no. */
export function isUnreachable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    if (cause.name === "TimeoutError" || cause.name === "AbortError") return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (cause instanceof TypeError && cause.message === "fetch failed") return true;
  }
  return false;
}

const described = (error: string, description: unknown) =>
  typeof description === "string" && description ? `${error}: ${description}` : error;

/** One line for any failure at the provider: what happened and what to do next. Never a stack, never a token. */
export function describeProviderFailure(error: unknown, issuer: string): string {
  if (error instanceof CliError) return error.message;
  if (isUnreachable(error)) return `Cannot reach the provider at ${issuer}: is the site running? (npm start)`;
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
    if (error.error === "access_denied") return `Access was denied in the browser: ${LOGIN_AGAIN} to try again`;
    return `The provider refused (${described(error.error, error.error_description)})`;
  }
  if (error instanceof client.ClientError) return `The provider at ${issuer} answered something unexpected (${error.message})`;
  return `Something unexpected went wrong talking to the provider (${error instanceof Error ? error.name : "unknown error"})`;
}
