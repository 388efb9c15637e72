import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const [role, width, ...urls] = process.argv.slice(2);
const ctx = await browser.newContext({ storageState: `/work/wt-ui/e2e/.auth/${role}.json`, viewport: { width: Number(width), height: 844 } });
const page = await ctx.newPage();
for (const url of urls) {
  await page.goto("http://localhost:3210" + url);
  await page.waitForTimeout(3000);
  const r = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, tables: [...document.querySelectorAll(".overflow-x-auto")].map((e) => `${e.scrollWidth}/${e.clientWidth}`) }));
  console.log(url, JSON.stringify(r));
  await page.screenshot({ path: `/tmp/wt-ui-shot-${role}-${width}-${url.replace(/[^a-z]/g, "_")}.png`, fullPage: true });
}
await browser.close();
