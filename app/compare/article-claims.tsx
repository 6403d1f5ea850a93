/** The source article's claims, each checked against what this app actually does. */
const CLAIMS: { claim: string; verdict: "holds" | "loose" | "wrong"; evidence: string }[] = [
  {
    claim: "A token is generated “through an encryption algorithm (such as MD5, SHA)”.",
    verdict: "wrong",
    evidence:
      "MD5 and SHA are hashes: they encrypt nothing and cannot be reversed. Auth.js encrypts the claims as a JWE with alg dir and enc A256CBC-HS512, using a 512-bit key derived from AUTH_SECRET by HKDF (its header is shown above). It also authenticates them, so a changed byte is rejected.",
  },
  {
    claim: "Sessions are stored on the server; tokens on the client “in cookies or local storage”.",
    verdict: "loose",
    evidence:
      "Both modes here use an HttpOnly cookie: only what it holds differs. Local storage is readable by any script on the page, so one XSS bug would leak the token; an HttpOnly cookie is not readable by scripts.",
  },
  {
    claim: "Sessions “easily lead to session verification failure” behind a load balancer.",
    verdict: "loose",
    evidence:
      "Only when each server keeps sessions in its own memory. With the Session table in a shared PostgreSQL, any instance can verify any session, with no sticky routing; the price is one query per request and a dependency on that database.",
  },
  {
    claim: "A token “does not depend on a specific server node”.",
    verdict: "holds",
    evidence:
      "Any instance with the same AUTH_SECRET decrypts it without asking anyone. The flip side is revocation: see the revocation row.",
  },
  {
    claim: "There is “no essential difference” between session and token.",
    verdict: "wrong",
    evidence:
      "They differ in what can be revoked and how fast, in cookie size (the table above), in what every request costs, and in what happens when the database is down. The benchmark below measures the cost.",
  },
];

const STYLES = {
  holds: "bg-emerald-100 text-emerald-900",
  loose: "bg-amber-100 text-amber-900",
  wrong: "bg-red-100 text-red-900",
};

export function ArticleClaims() {
  return (
    <ul className="space-y-3">
      {CLAIMS.map((item) => (
        <li key={item.claim} className="rounded-md border border-slate-200 bg-white p-4">
          <p className="font-medium">
            <span className={`mr-2 rounded px-2 py-0.5 text-xs font-semibold uppercase ${STYLES[item.verdict]}`}>
              {item.verdict}
            </span>
            {item.claim}
          </p>
          <p className="mt-1 text-sm text-slate-700">{item.evidence}</p>
        </li>
      ))}
    </ul>
  );
}
