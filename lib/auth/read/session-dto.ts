/** The only shape of a session that leaves the server: no token, no hash, no secret. */
export type SessionDto = {
  user: { id: string; name: string | null; email: string | null; image: string | null };
  expires: string;
};

type UserLike = { id?: string | null; name?: string | null; email?: string | null; image?: string | null };

/** Copies only the public fields; whatever else the source carries stays behind. */
export function toSessionDto(user: UserLike, expires: Date | string): SessionDto {
  return {
    user: {
      id: user.id ?? "",
      name: user.name ?? null,
      email: user.email ?? null,
      image: user.image ?? null,
    },
    expires: typeof expires === "string" ? expires : expires.toISOString(),
  };
}
