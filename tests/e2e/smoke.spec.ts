import { expect, test } from "@playwright/test";

test("home page shows the lambdalens heading", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "lambdalens" })).toBeVisible();
  await expect(page.getByText("npx lambdalens analyze FILE")).toBeVisible();
});
