import "server-only";
import { prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

export type CreateAccountResult = { ok: true } | { ok: false; reason: "email-taken" };

/**
 * Creates a password account waiting for its address to be confirmed (emailVerified stays null
 * until the emailed link is used); the password is stored only as an scrypt hash.
 */
export async function createPendingPasswordAccount(input: {
  name?: string;
  email: string;
  passwordHash: string;
}): Promise<CreateAccountResult> {
  try {
    await prisma().user.create({ data: { name: input.name ?? null, email: input.email, passwordHash: input.passwordHash } });
    return { ok: true };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "email-taken" };
    }
    throw error;
  }
}
