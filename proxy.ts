import { NextResponse } from "next/server";

/**
 * Says which instance served each response (`x-served-by`), for watching a load balancer spread
 * requests. It never reads the session: authentication happens in each page and route.
 */
export function proxy() {
  const response = NextResponse.next();
  response.headers.set("x-served-by", process.env.LAB_INSTANCE_NAME ?? "this server");
  return response;
}

export const config = { matcher: "/:path*" };
