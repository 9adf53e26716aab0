// Opens the monographs' index and three pages in Debian's chromium (headless, network
// blocked), checks what a reader sees, prints a page to PDF as on A4.
// Usage: node monographs.test.mjs WEB_DIR MONOGRAPHS_DIR SHOTS_DIR
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [webDir, dir, shots] = process.argv.slice(2);
const require = createRequire(path.resolve(webDir, "package.json"));
const { chromium } = require("playwright-core");
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const errors = [], requests = [];
let pdfPages = 0, opened = 0;
try {
  const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") && url.endsWith(".html")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  fs.mkdirSync(shots, { recursive: true });

  await page.goto("file://" + path.resolve(dir, "index.html"));
  ++opened;
  const links = await page.$$eval("#areas tbody a", (a) => a.map((x) => x.getAttribute("href")));
  check(links.length > 0, "the index links to no page");
  // Sorting by population puts the largest first after two clicks (descending).
  await page.click("#areas thead th:nth-child(4)");
  await page.click("#areas thead th:nth-child(4)");
  const first = await page.$$eval("#areas tbody tr", (r) => r.slice(0, 2).map((x) =>
    parseFloat(x.cells[3].dataset.sort)));
  check(first.length < 2 || first[0] >= first[1], `sorting by population: ${first}`);
  await page.screenshot({ path: path.join(shots, "monographs-index.png") });

  const picked = [links[0], links[Math.floor(links.length / 2)], links[links.length - 1]];
  for (const href of [...new Set(picked)]) {
    await page.goto("file://" + path.resolve(dir, href));
    ++opened;
    const map = await page.$$eval("svg.map path", (p) => p.length);
    check(map > 0, `${href}: the map has no shape`);
    const figures = await page.$$eval("[data-figure]", (f) => f.length);
    check(figures >= 10, `${href}: ${figures} key figures`);
    const box = await page.$eval("svg.map", (s) => s.getBoundingClientRect().width);
    check(box > 500, `${href}: the map is ${box} px wide`);
    await page.screenshot({ path: path.join(shots, "monographs-" + href.replace(".html", ".png")) });
  }
  // Printed on A4: the map on the first page, the rest paginated.
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  fs.writeFileSync(path.join(shots, "monograph.pdf"), pdf);
  pdfPages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  check(pdfPages >= 2 && pdfPages <= 8, `the printed page has ${pdfPages} A4 pages`);
} finally {
  await browser.close();
}
check(errors.length === 0, "console errors: " + errors.join(" | "));
check(requests.length === 0, "requests: " + requests.join(" "));
console.log(`monographs: ${opened} pages opened, ${errors.length} console errors, ` +
            `${requests.length} requests, printed on ${pdfPages} A4 pages`);
if (failures.length) {
  for (const f of failures) console.error("FAILED: " + f);
  process.exit(1);
}
console.log("all monograph checks passed");
