// Opens a report.html written by `hublo run` in Debian's chromium (headless, driven by
// playwright-core, network blocked) and checks what a user sees.
// Usage: node report.test.mjs WEB_DIR REPORT_DIR SCREENSHOT [ESCAPED_NAME]
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [webDir, reportDir, screenshot, escapedName] = process.argv.slice(2);
const require = createRequire(path.resolve(webDir, "package.json"));
const { chromium } = require("playwright-core");

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

// The feature counts the page must show: those of the GeoJSON layers written beside it.
const expected = {};
for (const name of ["communes", "departements", "epci", "isochrones", "deserts", "places",
                    "recommendations", "tour", "tour_stops"]) {
  const file = path.join(reportDir, name + ".geojson");
  if (fs.existsSync(file)) {
    expected[name] = JSON.parse(fs.readFileSync(file, "utf8")).features.length;
  }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [], dialogs = [], requests = [];
try {
  const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
  // The network is blocked: any request other than the file itself is recorded and refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") && url.endsWith("report.html")) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const t0 = Date.now();
  await page.goto("file://" + path.resolve(reportDir, "report.html"));
  await page.waitForFunction(() => window.hubloReport && window.hubloReport.ready, null,
                             { timeout: 60000 });
  const loadMs = Date.now() - t0;

  // The whole study, as the page opens.
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });

  const counts = await page.evaluate(() => window.hubloReport.counts);
  for (const [name, n] of Object.entries(expected)) {
    check(counts[name] === n, `layer ${name}: ${counts[name]} features shown, ${n} written`);
  }
  const legend = await page.textContent("#legend");
  check(legend && legend.includes("Risk index") && legend.includes("France Services"),
        "the legend is missing or incomplete");
  // With [[modes]], the mode switch: a colouring by minutes per mode, off at first, its
  // legend hidden; turned on, its legend shows with its mode (screenshot beside the first);
  // another mode turned on replaces it, and off again hides the legend.
  const minutesLabel = (text) => page.locator(".leaflet-control-layers-overlays label",
                                              { hasText: text });
  const noCar = minutesLabel("minutes without a car");
  if (await noCar.count()) {
    const shown = () => page.$eval("#legend-minutes", (e) => getComputedStyle(e).display !== "none");
    const title = () => page.textContent("#legend-minutes h3");
    check(!(await shown()), "the minutes legend shows while no minutes layer is on");
    await noCar.locator("input").click();
    await page.waitForTimeout(200);
    check(await shown(), "the minutes legend is hidden while the no-car layer is on");
    check((await title()).includes("without a car"), `the legend says '${await title()}'`);
    const riskOn = await minutesLabel("Communes by risk index").locator("input").isChecked();
    check(!riskOn, "the risk colouring stays on under the no-car one (one colouring at a time)");
    await page.screenshot({ path: screenshot.replace(/\.png$/, "-no-car.png") });
    const walk = minutesLabel("minutes on foot");
    if (await walk.count()) {
      await walk.locator("input").click();
      await page.waitForTimeout(200);
      check(!(await noCar.locator("input").isChecked()), "two minutes colourings are on at once");
      check((await title()).includes("on foot"), `the legend says '${await title()}' on foot`);
      await walk.locator("input").click();
    } else {
      await noCar.locator("input").click();
    }
    await page.waitForTimeout(200);
    check(!(await shown()), "the minutes legend stays after its layer is turned off");
  }
  // The coverage bands: their legend shows while they are on, and goes with them.
  const bandsToggle = page.locator(".leaflet-control-layers-overlays label",
                                   { hasText: "Time to the nearest place" });
  if (await bandsToggle.count()) {
    const bandsShown = () => page.$eval("#legend-bands", (e) => getComputedStyle(e).display !== "none");
    check(!(await bandsShown()), "the bands' legend shows while the bands are off");
    const risk = page.locator(".leaflet-control-layers-overlays label",
                              { hasText: "Communes by risk index" }).locator("input");
    if (!(await risk.isChecked())) {
      await risk.click();
      await page.waitForTimeout(200);
    }
    await bandsToggle.locator("input").click();
    await page.waitForTimeout(200);
    check(await bandsShown(), "the bands' legend is hidden while the bands are on");
    check(await risk.isChecked(), "turning the bands on turned the risk colouring off");
    await bandsToggle.locator("input").click();
    await page.waitForTimeout(200);
    check(!(await bandsShown()), "the bands' legend stays after the bands are turned off");
  }
  const ranked = await page.$$eval("#deserts li", (li) => li.length);
  check(ranked === Math.max(1, expected.deserts || 0), `ranked deserts: ${ranked} items`);
  const figures = await page.$$eval("#figures .figure", (f) => f.length);
  check(figures >= 4, `key figures: ${figures}`);

  // A click on a place opens its popup.
  async function clickFeature(layer, index, zoom) {
    const xy = await page.evaluate(([layer, index, zoom]) => {
      const r = window.hubloReport;
      const c = r.data.layers[layer].features[index].geometry.coordinates;
      r.map.setView([c[1], c[0]], zoom, { animate: false });
      const p = r.map.latLngToContainerPoint([c[1], c[0]]);
      const box = r.map.getContainer().getBoundingClientRect();
      return [box.left + p.x, box.top + p.y];
    }, [layer, index, zoom]);
    await page.mouse.click(xy[0], xy[1]);
    await page.waitForSelector(".leaflet-popup-content", { timeout: 5000 });
    return page.textContent(".leaflet-popup-content .popup-title");
  }
  const firstPlace = await clickFeature("places", 0, 13);
  check(firstPlace && firstPlace.length > 0, "no popup on a click on a place");

  // A subset ([communes] keep): the places outside the study are drawn faint, said apart in
  // the figure and the legend, and their popup says so.
  const outside = await page.evaluate(() => window.hubloReport.data.layers.places.features
    .map((f, i) => [i, f.properties.in_study]).filter(([, s]) => s === 0).map(([i]) => i));
  if (outside.length > 0) {
    const inside = expected.places - outside.length;
    const text = (await page.textContent("#figures")).replace(/[\s\u202f\u00a0]+/g, " ");
    check(new RegExp(`${inside} ?places of mediation, and ${outside.length} outside the study`)
            .test(text),
          `the places figure does not set the ${outside.length} outside apart: ${text}`);
    check(legend.includes("outside the study"), "the legend does not explain the faint places");
    await page.keyboard.press("Escape");
    const title = await clickFeature("places", outside[0], 13);
    const body = await page.textContent(".leaflet-popup-content");
    check(body.includes("outside it, for travel times only"),
          `the popup of ${title} does not say it is outside the study`);
  }

  if (escapedName) {
    const i = await page.evaluate((name) => window.hubloReport.data.layers.places.features
      .findIndex((f) => f.properties.name === name), escapedName);
    check(i >= 0, "the hostile place is not in the page's data");
    if (i >= 0) {
      const title = await clickFeature("places", i, 15);
      check(title === escapedName, `the hostile name shows as '${title}'`);
      const imgs = await page.$$eval(".leaflet-popup-content img", (x) => x.length);
      check(imgs === 0, "the hostile name became an <img> element");
    }
    const title = await page.title();
    check(title.includes("<b>fixture</b>"), `the study name is not shown as text in the title: ${title}`);
  }
  check(errors.length === 0, "console errors: " + errors.join(" | "));
  check(dialogs.length === 0, "dialogs opened (script ran from the data): " + dialogs.join(" | "));
  check(requests.length === 0, "the page asked the network for: " + requests.join(" "));
  console.log(`report: ${Object.keys(expected).length} layers checked (` +
              Object.entries(expected).map(([k, v]) => `${k} ${v}`).join(", ") +
              `), ${ranked} ranked deserts, popup "${firstPlace}", loaded in ${loadMs} ms, ` +
              `${errors.length} console errors, ${requests.length} network requests`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error("FAILED: " + f);
  process.exit(1);
}
console.log("all report checks passed");
