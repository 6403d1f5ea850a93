import { serverHealth } from "@/lib/launch/health";

export const dynamic = "force-dynamic";

export const GET = serverHealth;
