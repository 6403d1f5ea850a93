import "server-only";
import Credentials from "next-auth/providers/credentials";
import { prisma } from "@/lib/db/client";
import { signInSchema } from "@/lib/auth/credentials-schema";
import { getDummyPasswordHash, verifyPassword } from "@/lib/auth/password";

/** Checks an email and password; one answer for an unknown email and a wrong password, in the same time. */
export async function authorizeWithPassword(raw: unknown) {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const user = await prisma().user.findUnique({
    where: { email: parsed.data.email },
    select: { id: true, name: true, email: true, image: true, passwordHash: true },
  });
  // Always verify against some hash, so an unknown email costs as much as a wrong password.
  const passwordMatches = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await getDummyPasswordHash()));
  if (!user?.passwordHash || !passwordMatches) return null;
  return { id: user.id, name: user.name, email: user.email, image: user.image };
}

/** Email and password sign-in for Auth.js. */
export function credentialsProvider() {
  // Computed ahead, so the first unknown email is not slower than the rest.
  void getDummyPasswordHash();
  return Credentials({
    id: "credentials",
    credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
    authorize: authorizeWithPassword,
  });
}
