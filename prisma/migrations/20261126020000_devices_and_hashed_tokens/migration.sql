-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "ipAddress" TEXT,
ADD COLUMN     "lastActiveAt" TIMESTAMP(3),
ADD COLUMN     "userAgent" TEXT;

-- Session tokens are stored as SHA-256 (hex) from now on; hash the rows that hold plain tokens,
-- so that everyone stays signed in and nobody's token stays readable in the table.
UPDATE "Session" SET "sessionToken" = encode(sha256(convert_to("sessionToken", 'UTF8')), 'hex');

-- CreateTable
CREATE TABLE "IssuedToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userAgent" TEXT,
    "ipAddress" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "IssuedToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_expires_idx" ON "Session"("expires");

-- CreateIndex
CREATE INDEX "IssuedToken_userId_idx" ON "IssuedToken"("userId");

-- CreateIndex
CREATE INDEX "IssuedToken_expiresAt_idx" ON "IssuedToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "IssuedToken" ADD CONSTRAINT "IssuedToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
