import { z } from "zod";

/** One measured answer: yes or no, and what the e2e run saw that says so. */
const measuredSchema = z.object({ value: z.boolean(), evidence: z.string().min(1).max(1000) });

/** One row of "What an attacker gets": a SPA storage choice or a cookie mode, attacked in Chromium. */
const attackRowSchema = z.object({
  id: z.enum(["local", "session", "memory", "bff", "database", "jwt", "hybrid"]),
  kind: z.enum(["spa-storage", "cookie-mode"]),
  label: z.string().min(1).max(80),
  readableByInjectedScript: measuredSchema,
  usableByInjectedScript: measuredSchema,
  usableOffDevice: measuredSchema,
  /** How long what was taken or used kept working, as measured. */
  forHowLong: z.string().min(1).max(1000),
  csrfWorks: measuredSchema,
  /** The defences that stopped the attempts, from the answers the lab gave them. */
  whatStopsIt: z.string().min(1).max(1000),
});
export type AttackRow = z.infer<typeof attackRowSchema>;

/** The file `LAB_ATTACK_RESULTS_OUT=… npx playwright test e2e/attacks.spec.ts` writes and /compare shows. */
export const attackResultsSchema = z.object({
  createdAt: z.iso.datetime(),
  command: z.string().min(1),
  rows: z.array(attackRowSchema).min(1),
});
export type AttackResults = z.infer<typeof attackResultsSchema>;

/** The rows' order on /compare: the four storage choices, then the three cookie modes. */
export const ATTACK_ROW_ORDER: readonly AttackRow["id"][] = ["local", "session", "memory", "bff", "database", "jwt", "hybrid"];

/** What the attacker's site (attacker/app.ts) reports of its last demonstration: names and statuses, never a token. */
export const attackerDemonstrationSchema = z.object({
  collectedAt: z.iso.datetime().nullable(),
  taken: z
    .object({
      storageChoice: z.string().max(32).nullable(),
      cookieNames: z.array(z.string().max(200)).max(100),
      tokensFoundIn: z.array(z.string().max(32)).max(4),
      accessToken: z.boolean(),
      refreshToken: z.boolean(),
    })
    .nullable(),
  replays: z
    .array(
      z.object({
        at: z.iso.datetime(),
        accessToken: z
          .object({ status: z.number().int(), subject: z.string().max(200).optional(), expiresAt: z.iso.datetime().optional() })
          .nullable(),
        refreshToken: z
          .object({
            status: z.number().int(),
            error: z.string().max(100).optional(),
            rotated: z.boolean(),
            newAccessTokenStatus: z.number().int().optional(),
          })
          .nullable(),
      }),
    )
    .max(1000),
});
export type AttackerDemonstration = z.infer<typeof attackerDemonstrationSchema>;
