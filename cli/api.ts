import { z } from "zod";
import { CliError, isUnreachable, LOGIN_AGAIN } from "@/cli/errors";

const apiErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** GET `path` at the API with the access token; answers the JSON body, or throws one line saying what went wrong. */
export async function callApi(apiUrl: string, path: "/me" | "/notes", accessToken: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}${path}`, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    if (isUnreachable(error))
      throw new CliError(`Cannot reach the API at ${apiUrl}: is it running? (npm start runs it beside the site)`);
    throw error;
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body;
  const problem = apiErrorSchema.safeParse(body);
  const reason = problem.success
    ? [problem.data.error, problem.data.error_description].filter(Boolean).join(": ")
    : `HTTP ${response.status}`;
  if (response.status === 401) throw new CliError(`The API refused the access token (${reason}): ${LOGIN_AGAIN}`);
  throw new CliError(`The API at ${apiUrl} answered HTTP ${response.status} (${reason})`);
}
