/** One cell of /compare's table; its own module so the cell builders and the table import it without importing each other. */
export type Cell = { headline: string; detail: string; measured: boolean; link?: { href: string; label: string } };
