import type { Random } from "./random";

/** Text no field of this site should accept, or should accept only as inert text. */
export const HOSTILE_TEXT = [
  "",
  " ",
  "a\u0000b",
  "\u0000",
  "x\u0001y",
  "tab\there",
  "line\nbreak",
  "cr\rlf",
  "del\u007f",
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '"; DROP TABLE "User"; --',
  "{{7*7}}",
  "${7*7}",
  "../../etc/passwd",
  "%00%0d%0a",
  "\u202eevil\u202c",
  "𝕒𝕕𝕒 🧮 ﷽",
  "e\u0301\u0301\u0301\u0301",
  "\ufeff\ufffd",
  "null",
  "undefined",
  "[object Object]",
  '{"$ne":null}',
  "__proto__",
  "constructor",
  "-1",
  "1e309",
  "0x41",
];

/** Email addresses that must all be refused. */
export const HOSTILE_EMAILS = [
  "x@y",
  "@example.com",
  "ada@",
  "ada",
  "ada@@example.com",
  "<img src=x onerror=alert(1)>@example.com",
  "ada@example.com\u0000",
  "ada\u0000@example.com",
  "ada@exa\nmple.com",
  "ada@example.com\r\nBcc: victim@example.com",
  `${"a".repeat(300)}@example.com`,
  `${"a".repeat(10_000)}@example.com`,
  "ada@example.com, eve@example.com",
  '"ada"@[127.0.0.1]',
  "ada@example..com",
  "ada@-example.com",
  " @ ",
  "ada@exam ple.com",
];

/** A value of `length` characters drawn from a hostile alphabet. */
export function hostileString(random: Random, length: number): string {
  const alphabet = [
    "a",
    "Z",
    "0",
    "\u0000",
    "\u0001",
    "\n",
    "<",
    ">",
    '"',
    "'",
    "%",
    "\\",
    "é",
    "🧮",
    "\u202e",
    "\ufffd",
    "$",
    "{",
    "}",
  ];
  return Array.from({ length }, () => random.pick(alphabet)).join("");
}

/** One hostile text value: from the list, a long one, or a random one. */
export function hostileValue(random: Random): string {
  const roll = random.int(10);
  if (roll === 0) return "x".repeat(100 * 1024);
  if (roll < 4) return hostileString(random, 1 + random.int(300));
  return random.pick(HOSTILE_TEXT);
}
