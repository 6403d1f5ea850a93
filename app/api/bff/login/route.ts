import { startBffLogin } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** The backend-for-frontend's sign-in: to the provider as lab-spa; the site keeps the tokens. */
export const GET = startBffLogin;
