import { CredentialsSignin } from "next-auth";

/** Too many password attempts for this account or from this client: refused before any hash runs. */
export class PasswordAttemptsThrottled extends CredentialsSignin {
  code = "throttled";
  constructor(readonly retryAt: Date) {
    super();
  }
}

/** The password is right, but the address was never confirmed: only the emailed link can open the account. */
export class EmailNotConfirmed extends CredentialsSignin {
  code = "unconfirmed";
}
