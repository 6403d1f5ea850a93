/** What a person should read for each Auth.js error type (the `?error=` of the sign-in page too). */
export function authErrorMessage(type: string | undefined | null): string | undefined {
  switch (type) {
    case undefined:
    case null:
    case "":
      return undefined;
    case "CredentialsSignin":
      return "That email and password do not match an account. Check both and try again.";
    case "Verification":
      return "That sign-in link has expired or was already used. Ask for a new one below.";
    case "EmailSignInError":
    case "EmailSignin":
      return "We could not send the sign-in email. Try again in a minute, or sign in with your password.";
    case "AccessDenied":
      return "That account may not sign in here.";
    default:
      return "Something went wrong while signing in. Try again; if it keeps happening, tell us.";
  }
}
