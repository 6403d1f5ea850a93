import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CliError, LOGIN_AGAIN } from "@/cli/errors";

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function answer(response: ServerResponse, status: number, title: string, text: string) {
  response.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'",
    "Referrer-Policy": "no-referrer",
  });
  response.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></html>`,
  );
}

/**
 * RFC 8252 §7.3: listens on 127.0.0.1 at a free port for the provider's redirect to /callback, hands that URL to
 * `redeem` (the code exchange), tells the browser how it went, and answers what `redeem` did. Gives up after the timeout.
 */
export function receiveRedirect<T>(options: {
  timeoutSeconds: number;
  onListening: (redirectUri: string) => void | Promise<void>;
  redeem: (callbackUrl: URL) => Promise<T>;
  describe: (error: unknown) => string;
}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let redirectUri = "";
    let redeeming = false;
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", redirectUri);
      if (request.method !== "GET" || url.pathname !== "/callback") {
        answer(response, 404, "Not found", "This is the command-line tool's sign-in listener.");
        return;
      }
      if (redeeming) {
        answer(response, 409, "Already answered", "The command-line tool already received a sign-in. You can close this tab.");
        return;
      }
      redeeming = true;
      options.redeem(url).then(
        (result) => {
          answer(response, 200, "Signed in", "You can close this tab and return to the terminal.");
          finish(() => resolve(result));
        },
        (error: unknown) => {
          answer(response, 400, "Sign-in failed", `${options.describe(error)}. You can close this tab.`);
          finish(() => reject(error instanceof Error ? error : new CliError(options.describe(error))));
        },
      );
    });
    const timer = setTimeout(() => {
      finish(() =>
        reject(
          new CliError(`No sign-in came back from the browser within ${options.timeoutSeconds} s: ${LOGIN_AGAIN} to try again`),
        ),
      );
    }, options.timeoutSeconds * 1000);
    function finish(settle: () => void) {
      clearTimeout(timer);
      // Stop listening, and let the browser's keep-alive connection go, so the process can exit.
      server.close();
      server.closeIdleConnections();
      settle();
    }
    server.on("error", (error) =>
      finish(() => reject(new CliError(`Cannot listen on 127.0.0.1 for the browser's redirect (${error.message})`))),
    );
    server.listen(0, "127.0.0.1", () => {
      redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
      Promise.resolve(options.onListening(redirectUri)).catch((error: unknown) =>
        finish(() => reject(error instanceof Error ? error : new CliError(String(error)))),
      );
    });
  });
}
