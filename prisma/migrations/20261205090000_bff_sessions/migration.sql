-- CreateTable
-- The backend-for-frontend's sessions: the tokens the site holds for a browser that keeps only the HttpOnly `lab-bff`
-- cookie. The row is found by the cookie value's SHA-256, and both tokens are sealed with the site's key (AUTH_SECRET),
-- so a database dump holds neither a cookie nor a usable token. No user column: the tokens name the person.
CREATE TABLE "BffSession" (
    "idHash" TEXT NOT NULL,
    "accessToken" TEXT NOT NULL,
    "refreshToken" TEXT NOT NULL,
    "accessTokenExpiresAt" TIMESTAMP(3) NOT NULL,
    "refreshDueAt" TIMESTAMP(3) NOT NULL,
    "refreshingUntil" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BffSession_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "BffSession_expiresAt_idx" ON "BffSession"("expiresAt");
