import "server-only";
import Credentials from "next-auth/providers/credentials";
import { prisma } from "@/lib/db/client";
import { signInSchema } from "@/lib/auth/credentials-schema";
import { getDummyPasswordHash, verifyPassword } from "@/lib/auth/password";

/** Email and password sign-in; one answer for an unknown email and a wrong password, in the same time. */
export function credentialsProvider() {
  return Credentials({
    id: "credentials",
    credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
    async authorize(raw) {
      const parsed = signInSchema.safeParse(raw);
      if (!parsed.success) return null;
      const user = await prisma().user.findUnique({
        where: { email: parsed.data.email },
        select: { id: true, name: true, email: true, image: true, passwordHash: true },
      });
      // Always verify against some hash, so an unknown email costs as much as a wrong password.
      const passwordMatches = await verifyPassword(
        parsed.data.password,
        user?.passwordHash ?? (await getDummyPasswordHash()),
      );
      if (!user?.passwordHash || !passwordMatches) return null;
      return { id: user.id, name: user.name, email: user.email, image: user.image };
    },
  });
}
