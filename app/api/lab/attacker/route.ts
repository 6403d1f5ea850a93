import { NextResponse } from "next/server";
import { getCurrentSession } from "@/lib/auth";
import { askAttackerSite } from "@/lib/lab/attacker-site";

export const dynamic = "force-dynamic";

/** The attacker's last demonstration, for the signed-in person's attacker panel; whose data it got stays out. */
async function answer(action: "result" | "replay") {
  const current = await getCurrentSession();
  if (current.status !== "signed-in") return NextResponse.json({ error: "Sign in to run the demonstration." }, { status: 401 });
  const asked = await askAttackerSite(action);
  if (asked.status !== "ok") return NextResponse.json({ error: asked.reason }, { status: 503 });
  const { demonstration } = asked;
  return NextResponse.json({
    ...demonstration,
    replays: demonstration.replays.map(({ accessToken, ...rest }) => ({
      ...rest,
      accessToken: accessToken && { status: accessToken.status, expiresAt: accessToken.expiresAt },
    })),
  });
}

export function GET() {
  return answer("result");
}

/** The attacker replays what it holds once more: after the app refreshed, or after a revocation. */
export function POST() {
  return answer("replay");
}
