-- AlterTable
-- The person's credential epoch: a session or token grant issued before it is refused by every read that looks
-- one up, in every store; the device that revoked the others keeps its own credential (credentialsKeptId).
ALTER TABLE "User" ADD COLUMN     "credentialsValidAfter" TIMESTAMP(3),
ADD COLUMN     "credentialsKeptId" TEXT;
