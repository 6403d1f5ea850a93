import type { Metadata } from "next";
import { cookies } from "next/headers";
import { interactionStep, interactionUidSchema, OIDC_COOKIE_NAMES, requireSensitiveSession } from "@/lib/auth";
import { SessionStoreUnavailable } from "@/app/_components/session-store-unavailable";

export const metadata: Metadata = { title: "Allow access?" };

const card = "max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm";
const button = "rounded-md px-4 py-2 font-medium focus-visible:outline-2 focus-visible:outline-indigo-600";

function Gone() {
  return (
    <div className={card} role="alert">
      <h1 className="text-2xl font-bold">This sign-in request has ended</h1>
      <p>It expired, was already answered, or was started in another browser. Start again from the app that sent you here.</p>
    </div>
  );
}

/** The consent page: names the client and each scope it asks for, and lets the person allow or refuse. */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const uid = interactionUidSchema.safeParse((await params).uid);
  if (!uid.success) return <Gone />;
  const here = `/oidc/interaction/${uid.data}` as const;
  const access = await requireSensitiveSession(here);
  if (access.status === "store-unavailable") return <SessionStoreUnavailable />;
  if (access.status === "revoked") return <Gone />;
  const step = await interactionStep(uid.data, (await cookies()).get(OIDC_COOKIE_NAMES.interaction)?.value, access.userId);
  if (step.kind === "gone") return <Gone />;
  if (step.kind === "login")
    return (
      <div className={card}>
        <h1 className="text-2xl font-bold">Continue signing in</h1>
        {/* A plain link: the provider's redirects must be followed by the browser, not by the page's router. */}
        <a className="text-indigo-700 underline" href={here}>
          Continue
        </a>
      </div>
    );
  const { request } = step;
  return (
    <div className={card}>
      <h1 className="text-2xl font-bold">Allow {request.clientName} to use your account?</h1>
      <p>
        <strong>{request.clientName}</strong> (client id <code>{request.clientId}</code>) asks to:
      </p>
      <ul className="list-disc space-y-1 pl-6" aria-label="Requested access">
        {request.scopes.map((scope) => (
          <li key={scope.name}>
            {scope.description} <code className="text-sm text-slate-500">{scope.name}</code>
          </li>
        ))}
      </ul>
      {request.resources.length > 0 && (
        <p className="text-sm text-slate-600">
          Its access tokens are for <code>{request.resources.join(", ")}</code>, and it can renew them until you revoke it on the
          devices page.
        </p>
      )}
      <form method="post" action={`${here}/decide`} className="flex gap-3">
        <button type="submit" name="decision" value="allow" className={`${button} bg-indigo-600 text-white hover:bg-indigo-700`}>
          Allow
        </button>
        <button type="submit" name="decision" value="deny" className={`${button} border border-slate-300 hover:bg-slate-100`}>
          Deny
        </button>
      </form>
    </div>
  );
}
