import "server-only";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { Prisma } from "@/lib/generated/prisma/client";

export type CreateAccountResult = { ok: true } | { ok: false; reason: "email-taken" };

/** Creates a password account; the password is stored only as an scrypt hash. */
export async function createPasswordAccount(input: {
  name?: string;
  email: string;
  password: string;
}): Promise<CreateAccountResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    await prisma().user.create({ data: { name: input.name ?? null, email: input.email, passwordHash } });
    return { ok: true };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "email-taken" };
    }
    throw error;
  }
}
