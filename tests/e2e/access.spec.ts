import { expect, test } from "@playwright/test";
import { keepScreenshot, servers } from "./support";

const locked = servers().locked;
const TOKEN = locked.env.LAMBDALENS_API_TOKEN;

test.use({ baseURL: locked.url });

test("with a password set, pages need a login and the API needs the session or the token", async ({ page, request }) => {
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings/);
  await page.getByLabel("Password").fill("not it");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("p[role=alert]")).toHaveText("Wrong password.");
  await keepScreenshot(page, "login-wrong");
  await page.getByLabel("Password").fill("e2e-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  const cookie = (await page.context().cookies()).find((c) => c.name === "lambdalens_session")!;
  expect([cookie.httpOnly, cookie.sameSite]).toEqual([true, "Lax"]);
  // the browser's session opens the API too
  expect(await page.evaluate(() => fetch("/api/fleet").then((r) => r.status))).toBe(200);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);

  expect((await request.get("/api/fleet")).status()).toBe(401);
  expect((await request.get("/api/uploads")).status()).toBe(401);
  expect((await request.put("/api/uploads/x.log", { data: "REPORT" })).status()).toBe(401);
  expect((await request.get("/api/fleet", { headers: { authorization: "Bearer wrong-token-0123456789" } })).status()).toBe(401);
  const ok = await request.get("/api/fleet", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).functions).toEqual([]);
});

test("changes from another site are refused, even with a session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Password").fill("e2e-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(locked.url + "/");
  const cookie = (await page.context().cookies()).find((c) => c.name === "lambdalens_session")!;
  const headers = { origin: "https://evil.example", cookie: `${cookie.name}=${cookie.value}` };
  const put = await page.request.put("/api/settings", { data: { freeTier: true }, headers });
  expect(put.status()).toBe(403);
  expect((await put.json()).error).toMatch(/cross-site request refused: origin https:\/\/evil.example/);
  const upload = await page.request.put("/api/uploads/x.log", { data: "x", headers });
  expect(upload.status()).toBe(403);
  // the same change from the dashboard's own page goes through
  const own = await page.evaluate(() => fetch("/api/settings", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ freeTier: false }) }).then((r) => r.status));
  expect(own).toBe(200);
  expect(await page.evaluate(() => fetch("/api/settings").then((r) => r.json()).then((d) => d.settings.freeTier))).toBe(false);
});

test("an upload over the size limit is refused with a message that says what to do", async ({ request, page }) => {
  const big = Buffer.alloc(1_500_000, "REPORT RequestId: x\n");
  const res = await request.put("/api/uploads/big.log", { data: big, headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(413);
  expect((await res.json()).error).toMatch(/big\.log: 1,500,000 bytes is over the upload limit of 1,000,000 bytes; raise LAMBDALENS_UPLOAD_MAX_BYTES/);
  await page.goto("/login");
  await page.getByLabel("Password").fill("e2e-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.goto("/upload");
  await page.getByTestId("file-input").setInputFiles({ name: "big.log", mimeType: "text/plain", buffer: big });
  await expect(page.locator("p[role=alert]")).toContainText("1.50 MB is over the upload limit of 1.00 MB");
  await expect(page.getByRole("button", { name: "Upload and ingest" })).toBeDisabled();
});

test("an empty database shows where to start, and the demo data fills the dashboard", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Password").fill("e2e-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "No logs yet" })).toBeVisible();
  await expect(page.getByText("Drop log exports here")).toBeVisible();
  await keepScreenshot(page, "fleet-empty");
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("button", { name: "Loading demo data…" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your Lambda functions" })).toBeVisible({ timeout: 90_000 });
  await expect(page.locator(".fleet-table tbody tr")).toHaveCount(6);
  await keepScreenshot(page, "fleet-demo");
});
