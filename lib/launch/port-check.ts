import { createServer } from "node:net";

/** Resolves when `port` on 127.0.0.1 can be bound; rejects with a clear message when something holds it. */
export function assertPortFree(port: number, purpose: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const listener = createServer();
    listener.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === "EADDRINUSE"
            ? `Port ${port} (${purpose}) is busy: is another \`npm run cluster\` running?`
            : error.message,
        ),
      ),
    );
    listener.listen(port, "127.0.0.1", () => listener.close(() => resolve()));
  });
}
