import { expect, type Page } from "@playwright/test";

/** The provider's own device-flow pages (/oidc/device): enter the code, confirm the client, done. */
export class DeviceCodePages {
  constructor(private readonly page: Page) {}

  async enterCode(userCode: string) {
    await this.page.goto("/oidc/device");
    await expect(this.page.getByRole("heading", { name: "Connect a device" })).toBeVisible();
    await this.page.getByLabel("Code").fill(userCode);
    await this.page.getByRole("button", { name: "Continue" }).click();
  }

  /** The confirmation names the client and repeats the code, so a person can compare it with the device's. */
  async confirm(clientName: string, userCode: string) {
    await expect(this.page.getByRole("heading", { name: `Connect ${clientName}?` })).toBeVisible();
    await expect(this.page.getByText(userCode, { exact: true })).toBeVisible();
    await this.page.getByRole("button", { name: "Continue" }).click();
  }

  async expectConnected() {
    await expect(this.page.getByRole("heading", { name: "Device connected" })).toBeVisible();
  }
}
