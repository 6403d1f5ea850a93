import type { Metadata } from "next";
import { z } from "zod";
import {
  HYBRID_CLOCK_TOLERANCE_SECONDS,
  requireSensitiveSession,
  listDevices,
  type Device,
  isJwtRevocationCheckOn,
  renewalIntervalSeconds,
  LAST_ACTIVE_RESOLUTION_SECONDS,
  SESSION_MAX_AGE_SECONDS,
  serverTimingHeader,
  STORE_LABELS,
  SessionStoreUnavailableError,
} from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { FormMessage } from "@/app/_components/form-message";
import { ModeBadge } from "@/app/_components/mode-badge";
import { Time } from "@/app/_components/time";
import { formatDuration } from "@/lib/format-duration";
import { RevokedCredential } from "@/app/devices/revoked-credential";
import { OAuthGrants } from "@/app/devices/oauth-grants";
import { SessionStoreUnavailable } from "@/app/_components/session-store-unavailable";
import { revokeDeviceAction, revokeOtherDevicesAction, signOutEverywhereAction } from "@/app/devices/actions";
import { devicesNoticeMessage, devicesNoticeSchema } from "@/app/devices/notices";

export const metadata: Metadata = { title: "Devices" };

const searchSchema = z.object({
  notice: devicesNoticeSchema.optional().catch(undefined),
  count: z.coerce.number().int().min(0).optional().catch(undefined),
});

const card = "rounded-lg border border-slate-200 bg-white p-6 shadow-sm";
const button =
  "rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600";

/** The latest a revoked token can still be used with the check off: its last renewal came before the revocation. */
function revokedTokenWorksUntil(device: Device, jwtMaxAgeSeconds: number): Date {
  const bound = (device.revokedAt?.getTime() ?? Date.now()) + jwtMaxAgeSeconds * 1000;
  return new Date(Math.min(bound, device.expiresAt.getTime()));
}

function status(device: Device, checkOn: boolean, jwtMaxAgeSeconds: number) {
  if (device.current) return <strong>This device</strong>;
  if (device.kind === "session")
    return (
      <>
        Active; expires <Time date={device.expiresAt} />
      </>
    );
  if (!device.revokedAt)
    return (
      <>
        Active; its grant ends <Time date={device.expiresAt} />
      </>
    );
  return checkOn ? (
    <span className="text-emerald-800">Revoked: refused on its next request (the check is on)</span>
  ) : (
    <span className="text-red-800">
      Revoked, yet still accepted: the check is off, so this token works until{" "}
      <Time date={revokedTokenWorksUntil(device, jwtMaxAgeSeconds)} /> at the latest (it is never renewed again)
    </span>
  );
}

export default async function DevicesPage({ searchParams }: PageProps<"/devices">) {
  const { notice, count } = searchSchema.parse(await searchParams);
  const access = await requireSensitiveSession("/devices");
  if (access.status === "store-unavailable") return <SessionStoreUnavailable />;
  // Not a redirect: /signin sends anyone who still reads as signed in back here.
  if (access.status === "revoked") {
    const { mode } = access.current;
    return (
      <RevokedCredential tokenLifeSeconds={mode === "hybrid" ? getEnv().AUTH_HYBRID_TOKEN_TTL : getEnv().AUTH_JWT_MAX_AGE} />
    );
  }
  const { current } = access;
  const listed = await listDevices(access.userId, access.device).catch((error: unknown) => {
    // A jwt-mode visitor is authenticated without the database, but the list needs it.
    if (error instanceof SessionStoreUnavailableError) return undefined;
    throw error;
  });
  if (!listed) return <SessionStoreUnavailable />;
  const { devices, grants, unreachableStores } = listed;
  const checkOn = isJwtRevocationCheckOn();
  const message = notice && devicesNoticeMessage(notice, count);
  const jwtMaxAgeSeconds = getEnv().AUTH_JWT_MAX_AGE;
  const jwtMaxAge = formatDuration(jwtMaxAgeSeconds);

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">Your devices</h1>
        <p className="text-slate-700">
          Every browser signed in as you, in any mode, and every app holding tokens for you. This one is in{" "}
          <ModeBadge setup={current} /> mode.
        </p>
        <p className="text-sm text-slate-600" data-testid="hybrid-revocation-window">
          Revoking a session signs its device out on its next request; a device in hybrid mode keeps reading from its short-lived
          token until that expires, so it is signed out within {formatDuration(getEnv().AUTH_HYBRID_TOKEN_TTL)} (plus up to{" "}
          {formatDuration(HYBRID_CLOCK_TOLERANCE_SECONDS)} of clock skew between servers).
        </p>
      </div>
      {message && <FormMessage message={message.text} tone={message.tone} />}
      {unreachableStores.length > 0 && (
        <FormMessage
          message={`${unreachableStores.map((store) => STORE_LABELS[store]).join(" and ")} did not answer, so the sessions kept there are missing from this list, and revoking them waits until it is back.`}
        />
      )}

      <section className={card} aria-labelledby="devices-heading">
        <h2 id="devices-heading" className="mb-3 text-lg font-semibold">
          Signed-in devices
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                {["Device", "Kept as", "IP", "Signed in", "Last active", "Status", ""].map((heading) => (
                  <th key={heading} scope="col" className="py-2 pr-3 font-medium">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr
                  key={`${device.kind}-${device.id}`}
                  className="border-b border-slate-100"
                  data-testid={`device-${device.kind}`}
                  data-current={device.current}
                >
                  <th scope="row" className="py-2 pr-3 font-medium">
                    {device.browser} on {device.os}
                  </th>
                  <td className="pr-3">{device.store ? `Session in ${STORE_LABELS[device.store]}` : "Token (sid)"}</td>
                  <td className="pr-3 font-mono">{device.ipAddress ?? "—"}</td>
                  <td className="pr-3">
                    <Time date={device.createdAt} />
                  </td>
                  <td className="pr-3">
                    {device.kind === "session" ? <Time date={device.lastActiveAt} /> : "not tracked: no reads"}
                  </td>
                  <td className="pr-3">{status(device, checkOn, jwtMaxAgeSeconds)}</td>
                  <td className="py-2">
                    {!device.current && !device.revokedAt && (
                      <form action={revokeDeviceAction}>
                        <input type="hidden" name="kind" value={device.kind} />
                        <input type="hidden" name="id" value={device.id} />
                        <button
                          type="submit"
                          className={button}
                          aria-label={`Revoke ${device.browser} on ${device.os}, signed in ${device.createdAt.toISOString()}`}
                        >
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-sm text-slate-600">
          A session row&apos;s last activity is written at most once every {formatDuration(LAST_ACTIVE_RESOLUTION_SECONDS)}, so
          &ldquo;Last active&rdquo; may be that far behind.
        </p>
        <p className="mt-2 text-sm text-slate-600" data-testid="memory-sessions-note">
          A session kept in another server&apos;s memory is not in this list and cannot be deleted from here. &ldquo;Sign out all
          other devices&rdquo;, &ldquo;Sign out everywhere&rdquo; and a password change still reach it: sessions in another
          server&apos;s memory end at their next read there, which checks when you last revoked your credentials.
        </p>
        <div className="mt-4 flex flex-wrap gap-3">
          <form action={revokeOtherDevicesAction}>
            <button type="submit" className={button}>
              Sign out all other devices
            </button>
          </form>
          <form action={signOutEverywhereAction}>
            <button type="submit" className={`${button} border-red-300 text-red-800`}>
              Sign out everywhere
            </button>
          </form>
        </div>
      </section>

      <OAuthGrants grants={grants} />

      <section className={card} aria-labelledby="check-heading">
        <h2 id="check-heading" className="mb-2 text-lg font-semibold">
          Token revocation check: <span data-testid="revocation-check">{checkOn ? "on" : "off"}</span>
        </h2>
        <p className="text-sm text-slate-700">
          Deleting rows cannot reach a token that lives in a cookie. With the check on, every jwt-mode read also looks up the
          token&apos;s <code>sid</code> in the IssuedToken table: revocation is immediate, at the cost of one database read per
          request. Off, a token is looked up only when it is renewed, so a revoked one keeps working until it expires, and is
          never renewed.
        </p>
        <dl className="mt-3 grid gap-1 text-sm sm:grid-cols-3">
          <dt className="font-medium text-slate-600">This request&apos;s session read</dt>
          <dd className="font-mono sm:col-span-2" data-testid="devices-server-timing">
            {serverTimingHeader(current.trace)}
          </dd>
          <dt className="font-medium text-slate-600">Bound in force without the check</dt>
          <dd className="sm:col-span-2" data-testid="revocation-bound">
            A token lives {jwtMaxAge} from its last renewal. It is renewed once it is older than{" "}
            {formatDuration(renewalIntervalSeconds(jwtMaxAgeSeconds))} (an open page asks that often), and only after its grant is
            checked in the database. So a revoked token stops working at most {jwtMaxAge} after it is revoked, and every token{" "}
            {formatDuration(SESSION_MAX_AGE_SECONDS)} after its sign-in, however often it switches modes. Revoking, changing the
            password and switching modes check the grant live, so a revoked token can do none of them.
          </dd>
        </dl>
        <p className="mt-4 text-sm text-slate-600">
          The check is a security policy, so it is deployment configuration rather than a button: start the site with{" "}
          <code className="rounded bg-slate-100 px-1">AUTH_JWT_REVOCATION_CHECK={checkOn ? "off" : "on"}</code> to see the other
          behaviour.
        </p>
      </section>
    </div>
  );
}
