-- CreateTable
-- What the OpenID provider keeps: sessions, interactions, grants, authorization codes, refresh tokens and device
-- codes, one row each, its payload as oidc-provider gives it. Ids and user codes are stored as SHA-256: for codes
-- and refresh tokens the id is the secret itself, and a database dump must not hold live tokens.
CREATE TABLE "OidcModel" (
    "model" TEXT NOT NULL,
    "idHash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "uid" TEXT,
    "userCodeHash" TEXT,
    "consumedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "OidcModel_pkey" PRIMARY KEY ("model","idHash")
);

-- CreateIndex
CREATE INDEX "OidcModel_model_grantId_idx" ON "OidcModel"("model", "grantId");
CREATE INDEX "OidcModel_expiresAt_idx" ON "OidcModel"("expiresAt");
CREATE INDEX "OidcModel_session_uid_idx" ON "OidcModel"("uid") WHERE "model" = 'Session';
-- Not unique: an expired device code keeps its user code until purged, and a new one may draw the same.
CREATE INDEX "OidcModel_device_user_code_idx" ON "OidcModel"("userCodeHash") WHERE "model" = 'DeviceCode';
