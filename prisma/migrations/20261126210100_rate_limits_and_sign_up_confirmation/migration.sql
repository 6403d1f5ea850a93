-- CreateTable
-- Rate-limit counters live in the shared database, so every instance enforces the same limits.
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "windowStartedAt" TIMESTAMP(3) NOT NULL,
    "blockedUntil" TIMESTAMP(3),

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitBucket_windowStartedAt_idx" ON "RateLimitBucket"("windowStartedAt");

-- AlterTable
-- A sign-up's confirmation link names the pending password it confirms; other links clear it.
ALTER TABLE "VerificationToken" ADD COLUMN     "passwordFingerprint" TEXT;
