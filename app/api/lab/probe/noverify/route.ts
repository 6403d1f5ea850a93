import { headers } from "next/headers";
import { noVerificationResponse } from "@/lib/lab/probe-response";

export const dynamic = "force-dynamic";

/** The benchmark's no-verification reference: the lean probe's route, cookie parsing and answer, with no session read. */
export async function GET() {
  return noVerificationResponse(await headers());
}
