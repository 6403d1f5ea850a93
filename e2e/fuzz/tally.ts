/** What a response must never contain: stack frames, internals, driver messages, hashes. */
const LEAKS: [string, RegExp][] = [
  ["stack frame", /\n\s+at \S+ \(|\bat \S+ \([^)]*:\d+:\d+\)/],
  ["module path", /node_modules\/|\.next\/server|\/work\//],
  ["error class", /\b(?:SyntaxError|TypeError|ReferenceError|RangeError|Prisma\w*Error|AdapterError|JWEDecryptionFailed)\b/],
  [
    "database message",
    /invalid byte sequence|violates \w+ constraint|duplicate key value|ECONNREFUSED|relation "\w+" does not exist/,
  ],
  ["password hash", /scrypt\$/],
];

export type Outcome = { category: string; label: string; status: number; body: string; upstream?: string };

/** Counts fuzz responses by category and status, and keeps every problem found. */
export class FuzzTally {
  readonly byCategory = new Map<string, Map<number, number>>();
  readonly upstream = new Map<string, number>();
  readonly problems: string[] = [];
  total = 0;

  record({ category, label, status, body, upstream }: Outcome) {
    this.total += 1;
    const statuses = this.byCategory.get(category) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.byCategory.set(category, statuses);
    if (status >= 500 && upstream) this.upstream.set(upstream, (this.upstream.get(upstream) ?? 0) + 1);
    else if (status >= 500) this.problem(category, label, `HTTP ${status}`);
    for (const [name, pattern] of LEAKS) if (pattern.test(body)) this.problem(category, label, `${name} in the body`);
  }

  problem(category: string, label: string, what: string) {
    if (this.problems.length < 50) this.problems.push(`${category} / ${label}: ${what}`);
  }

  /** The figures docs/security.md quotes. */
  report(): string {
    const lines = [`Fuzz: ${this.total} hostile inputs`];
    for (const [category, statuses] of this.byCategory) {
      const count = [...statuses.values()].reduce((sum, value) => sum + value, 0);
      const spread = [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}×${n}`)
        .join(", ");
      lines.push(`  ${category}: ${count} (${spread})`);
    }
    for (const [cause, count] of this.upstream) lines.push(`  500 inside Next (listed in docs/security.md): ${count} × ${cause}`);
    lines.push(`  problems: ${this.problems.length}`);
    return lines.join("\n");
  }
}
