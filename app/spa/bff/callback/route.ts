import { finishBffLogin } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** Where the provider sends the BFF's sign-in back: the code becomes tokens the site keeps, and the browser a cookie. */
export const GET = finishBffLogin;
