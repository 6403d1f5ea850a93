import { signOutAction } from "@/app/_components/sign-out-action";
import { formatDuration } from "@/lib/format-duration";

/**
 * Shown to a revoked device that still reads as signed in (a token with the check off, or a hybrid token whose
 * session is gone): it sees and changes nothing here.
 */
export function RevokedCredential({ tokenLifeSeconds }: { tokenLifeSeconds: number }) {
  return (
    <div className="max-w-xl space-y-3 rounded-lg border border-red-300 bg-red-50 p-6" role="alert">
      <h1 className="text-2xl font-bold">This device&apos;s sign-in was revoked</h1>
      <p>
        Another of your devices revoked this one. Its token is still accepted for reading pages until it expires (within{" "}
        {formatDuration(tokenLifeSeconds)} of the revocation, since it is never renewed), but it can no longer list your devices,
        revoke them, change your password or switch modes.
      </p>
      <p>Sign out, then sign in again to manage your devices from here.</p>
      <form action={signOutAction}>
        <button
          type="submit"
          className="rounded-md border border-red-300 px-3 py-1 text-sm text-red-800 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          Sign out of this device
        </button>
      </form>
    </div>
  );
}
