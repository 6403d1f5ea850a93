-- AlterTable
-- When the person originally signed in: carried across mode switches, so the 30-day cap of a sign-in cannot be reset.
ALTER TABLE "Session" ADD COLUMN     "authenticatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Existing rows were each created by a sign-in (or a switch that reset the clock): their creation is the best known start.
UPDATE "Session" SET "authenticatedAt" = "createdAt";
