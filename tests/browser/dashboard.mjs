// Drives the dashboard in real headless Chromium (playwright-core, no bundled browsers) against a running host.
//
//   STREAMER_URL=http://127.0.0.1:7071/ node tests/browser/dashboard.mjs
//
// Environment: STREAMER_URL (required); CHROMIUM_PATH (default /usr/lib/chromium/chromium); ARTIFACTS_DIR for
// screenshots (default ./artifacts); DASHBOARD_USER / DASHBOARD_TENANT for the dev sign-in; DOCS_SCREENSHOT, a path
// to also save a mid-progress screenshot for the docs. Prints "STEP ..." lines as it goes, "SCREENSHOT <path>" per
// screenshot and finally "RESULT <json>" with the request ids, so a caller can cross-check them through the API.
// Exits 0 when every check passed, 1 otherwise. Waits are bounded by deadlines, never by fixed sleeps.
//
// DASHBOARD_SCENARIO=token-renewal runs another scenario instead, against a host whose tokens expire within seconds:
// the dashboard renews a dev sign-in's token, and asks for a new one for a pasted token, and the progress of a running
// request keeps arriving over the hub after the host closed the connection opened with the first token. It needs
// STREAMER_GATES_URL, where `POST gates/{requestId}/{chunk}` opens a gate of the host's test action gated_test.
import { existsSync, mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { chromium } from "playwright-core";

const baseUrl = new URL(required("STREAMER_URL"));
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/lib/chromium/chromium";
const artifacts = path.resolve(process.env.ARTIFACTS_DIR || "artifacts");
const docsScreenshot = process.env.DOCS_SCREENSHOT ? path.resolve(process.env.DOCS_SCREENSHOT) : null;
const user = process.env.DASHBOARD_USER || `dash-${randomUUID().slice(0, 8)}`;
const tenant = process.env.DASHBOARD_TENANT || "browser-tests";
const suffix = randomUUID().slice(0, 8);
const timeout = 60_000;
const scenario = process.env.DASHBOARD_SCENARIO || "main";

// generate_report with one chunk per two days of 2024: ~180 chunks, a few seconds, many progress updates.
const slowReport = { report_type: "custom", dataset: "sample_sales", date_range: { start: "2024-01-01", end: "2024-12-31" }, period_days: 2, value_field: "amount", format: "csv", title: "Sales every two days" };
// One chunk per day: long enough to cancel halfway.
const longReport = { ...slowReport, period_days: 1, title: "Sales per day" };

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name}.`);
    process.exit(2);
  }

  return value;
}

function step(text) {
  console.log(`STEP ${text}`);
}

function check(condition, message) {
  if (!condition) throw new Error(`Check failed: ${message}`);
}

if (!existsSync(chromiumPath)) {
  console.error(`Chromium is not installed at ${chromiumPath}: run 'apt-get update && apt-get install -y chromium' (or set CHROMIUM_PATH).`);
  process.exit(1);
}

mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});

const pageErrors = [];
const result = { user, tenant };
let page;
try {
  await (scenario === "token-renewal" ? tokenRenewalScenario() : mainScenario());
} catch (error) {
  console.error(error.stack ?? String(error));
  if (pageErrors.length) console.error(`Page errors: ${pageErrors.join(" | ")}`);
  if (page) await saveScreenshot(page, "dashboard-failure.png").catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}

/** Dev sign-in, sync and async results, live progress, cancel and recovery from dropped connections, on the host at STREAMER_URL. */
async function mainScenario() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

  // Lets the test cut the live socket as a network failure would, without any hook in the dashboard itself.
  await context.addInitScript(() => {
    const sockets = [];
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(...args) {
        super(...args);
        sockets.push(this);
      }
    };
    window.__dropSockets = () => {
      let dropped = 0;
      for (const socket of sockets) {
        if (socket.readyState <= 1) {
          socket.close(4000, "dropped by test");
          dropped++;
        }
      }

      return dropped;
    };
  });

  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const scripts = new Set();
  page.on("response", response => {
    if (response.request().resourceType() === "script") scripts.add(new URL(response.url()).pathname);
  });
  page.on("pageerror", error => pageErrors.push(error.message));
  page.on("dialog", dialog => {
    pageErrors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });

  step("open the dashboard");
  await page.goto(baseUrl.href);
  await page.locator("#sign-in").waitFor({ state: "visible" });
  check(await page.locator("#workspace").isHidden(), "the workspace is hidden before signing in");
  await checkLabels(page);

  step(`sign in as dev user ${user}@${tenant}`);
  await page.getByLabel("User", { exact: true }).fill(user);
  await page.getByLabel("Tenant", { exact: true }).fill(tenant);
  await page.getByRole("button", { name: "Sign in as dev user" }).click();
  await page.locator("#workspace").waitFor({ state: "visible" });
  await waitForConnection(page, "connected");
  const actionNames = await page.locator("#action option").allTextContents();
  const builtIn = ["echo", "echo_async", "process_data", "generate_report", "export_data", "bulk_operation"];
  for (const name of builtIn) {
    check(actionNames.includes(name), `the action list offers ${name} (got ${actionNames.join(", ")})`);
  }

  check((await page.locator("#account-name").textContent()).includes(user), "the header shows who is signed in");
  check(scripts.has("/js/streamer-client.js"), `the dashboard talks to the host through js/streamer-client.js (scripts: ${[...scripts].join(", ")})`);
  await checkLabels(page);

  step("a sync action answers directly, and its result is shown as text");
  result.echo = `echo-${suffix}`;
  await start(page, "echo", result.echo, { hello: "<img src=x onerror=alert(1)>" });
  const echo = card(page, result.echo);
  await waitForStatus(echo, "Completed");
  check((await echo.locator(".status").textContent()).includes("answered directly"), "the sync result is marked as answered directly");
  const echoed = await echo.locator(".result-json").textContent();
  check(echoed.includes("<img src=x onerror=alert(1)>"), "the result shows the payload as text");
  check(await echo.locator(".result-json img").count() === 0, "no markup from the result reached the page");

  step("every action's example, as the editor offers it, completes for a user with no data yet");
  result.examples = [];
  for (const name of builtIn) {
    const id = `example-${name.replaceAll("_", "-")}-${suffix}`;
    await selectAction(page, name);
    check((await page.locator("#payload").inputValue()).trim().startsWith("{"), `the editor holds ${name}'s example`);
    await startEdited(page, id);
    result.examples.push(id);
  }
  for (const id of result.examples) {
    await waitForStatus(card(page, id), "Completed");
  }

  step("generate_report: the bar moves, reaches 100 % and the result appears with a download link");
  result.report = `report-${suffix}`;
  await start(page, "generate_report", result.report, slowReport);
  const report = card(page, result.report);
  await recordProgress(page, result.report);
  await waitForPercent(page, result.report, 1, 99);
  if (docsScreenshot) {
    // Midway, so the picture shows a moving bar next to finished requests.
    await waitForPercent(page, result.report, 30, 70);
    mkdirSync(path.dirname(docsScreenshot), { recursive: true });
    await page.screenshot({ path: docsScreenshot });
    console.log(`SCREENSHOT ${docsScreenshot}`);
  }

  await waitForStatus(report, "Completed");
  check((await report.locator(".progress-percent").textContent()).trim() === "100 %", "the finished report shows 100 %");
  const samples = await page.evaluate(id => window.__samples[id], result.report);
  result.reportSamples = samples.length;
  const moving = new Set(samples.filter(p => p > 0 && p < 100));
  check(moving.size >= 2, `the bar moved through several values before 100 % (saw ${JSON.stringify(samples)})`);
  check(samples.every((p, i) => i === 0 || p >= samples[i - 1]), `the percentage never went backwards (${JSON.stringify(samples)})`);
  check(samples.at(-1) === 100, "the bar ends at 100");
  const link = report.locator("a.download");
  check((await link.textContent()).startsWith("Download"), "the result offers a download");
  const href = await link.getAttribute("href");
  check(/^https?:\/\//.test(href), `the download link is http(s): ${href}`);
  const download = await fetch(href);
  check(download.ok, `the download link answers ${download.status}`);
  check((await download.text()).includes("2024-01-01..2024-01-02"), "the downloaded report has the first period");

  step("cancel a running request: it ends Canceled");
  result.canceled = `cancel-${suffix}`;
  await start(page, "generate_report", result.canceled, longReport);
  const canceled = card(page, result.canceled);
  await waitForPercent(page, result.canceled, 1, 90);
  await canceled.getByRole("button", { name: "Cancel" }).click();
  await waitForStatus(canceled, "Canceled");
  check((await canceled.locator(".request-error").textContent()).includes("CANCELED"), "the canceled request shows the CANCELED code");
  check(await canceled.getByRole("button", { name: "Cancel" }).count() === 0 || await canceled.getByRole("button", { name: "Cancel" }).isHidden(), "a finished request has no cancel button");

  const token = await page.evaluate(() => sessionStorage.getItem("streamer.session"));
  step("the connection drops while a request runs; it finishes unseen; on reconnect the dashboard catches up");
  result.offline = `offline-${suffix}`;
  await start(page, "generate_report", result.offline, slowReport);
  const offline = card(page, result.offline);
  await waitForPercent(page, result.offline, 1, 90);
  await context.setOffline(true);
  check(await page.evaluate(() => window.__dropSockets()) >= 1, "a live socket was dropped");
  await waitForConnection(page, "reconnecting", "disconnected");
  await waitUntilFinishedThroughApi(token, result.offline);
  check(await offline.getAttribute("data-status") === "Running", "while offline the dashboard still shows the request running (it missed the end)");
  await saveScreenshot(page, "dashboard-offline.png");
  await context.setOffline(false);
  await waitForConnection(page, "connected");
  await waitForStatus(offline, "Completed");
  check((await offline.locator(".progress-percent").textContent()).trim() === "100 %", "after reconnecting the request shows 100 %");

  step("the socket cannot come back: statuses are polled meanwhile");
  result.polled = `polled-${suffix}`;
  await start(page, "generate_report", result.polled, slowReport);
  const polled = card(page, result.polled);
  await waitForPercent(page, result.polled, 1, 90);
  await page.route("**/api/negotiate**", route => route.abort());
  check(await page.evaluate(() => window.__dropSockets()) >= 1, "a live socket was dropped");
  await waitForConnection(page, "reconnecting", "disconnected");
  await waitForStatus(polled, "Completed");
  check(await page.locator("#connection").getAttribute("data-state") !== "connected", "the update came from polling, not the socket");
  await page.unroute("**/api/negotiate**");
  await waitForConnection(page, "connected");

  step("a narrow window has no horizontal scrolling");
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `the page is ${overflow}px wider than a 360px window`);
  await saveScreenshot(page, "dashboard-narrow.png");
  await page.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(page, "dashboard.png");

  check(pageErrors.length === 0, `the page raised no errors (got ${pageErrors.join(" | ")})`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/**
 * Tokens that expire within seconds: a dev session's is renewed by the dashboard, a pasted one's user is asked for a new
 * one; either way a request started with the first token shows its progress to the end, brought by the hub after the
 * host closed the connection opened with that token.
 */
async function tokenRenewalScenario() {
  const gatesUrl = new URL(required("STREAMER_GATES_URL"));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("pageerror", error => pageErrors.push(error.message));
  page.on("dialog", dialog => {
    pageErrors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });

  step("open the dashboard on a host whose tokens last seconds");
  await page.goto(baseUrl.href);
  await page.locator("#sign-in").waitFor({ state: "visible" });
  // Every state the connection indicator shows, in order.
  await page.evaluate(() => {
    const indicator = document.getElementById("connection");
    window.__states = [indicator.dataset.state];
    new MutationObserver(() => window.__states.push(indicator.dataset.state)).observe(indicator, { attributes: true, attributeFilter: ["data-state"] });
  });

  step(`dev sign-in as ${user}: the dashboard mints the next token before this one expires`);
  await page.getByLabel("User", { exact: true }).fill(user);
  await page.getByLabel("Tenant", { exact: true }).fill(tenant);
  await page.getByRole("button", { name: "Sign in as dev user" }).click();
  await page.locator("#workspace").waitFor({ state: "visible" });
  const devToken = await storedToken(page);
  result.renewed = await followPastExpiry(gatesUrl, `renewed-${suffix}`, devToken, async () => {
    await page.waitForFunction(first => sessionStorage.getItem("streamer.session") !== first, devToken, { timeout });
    check(await page.locator("#renew-token").isHidden(), "a dev session is renewed without asking");
  });

  const pastedUser = `${user}-p`;
  step(`sign out, and sign in as ${pastedUser} with a pasted token: the dashboard asks for a new one before it expires`);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.locator("#sign-in").waitFor({ state: "visible" });
  const pasted = await mintDevToken(pastedUser);
  await page.getByLabel("Token", { exact: true }).fill(pasted);
  await page.getByRole("button", { name: "Use this token" }).click();
  await page.locator("#workspace").waitFor({ state: "visible" });
  result.pastedUser = pastedUser;
  result.pasted = await followPastExpiry(gatesUrl, `pasted-${suffix}`, pasted, async () => {
    const prompt = page.locator("#renew-token");
    await prompt.waitFor({ state: "visible" });
    check((await prompt.textContent()).includes(pastedUser), "the prompt names whose token expires");
    await checkLabels(page);
    await page.getByLabel("New token", { exact: true }).fill(await mintDevToken(pastedUser));
    await page.getByRole("button", { name: "Use the new token" }).click();
    await prompt.waitFor({ state: "hidden" });
  });

  await saveScreenshot(page, "dashboard-renewal.png");
  check(pageErrors.length === 0, `the page raised no errors (got ${pageErrors.join(" | ")})`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/**
 * Starts a three-chunk gated_test and lets its first chunk finish, has the session get its next token (`renew`), waits
 * until the host has closed the hub connection and the dashboard reconnected, then lets the other chunks finish. The
 * page's reads of request state are cut off from the start, so progress and the outcome can only come over the hub.
 */
async function followPastExpiry(gatesUrl, id, firstToken, renew) {
  await waitForConnection(page, "connected");
  const mark = await page.evaluate(() => window.__states.length);
  await start(page, "gated_test", id, { chunks: 3 });
  await page.route(url => url.pathname.startsWith("/api/requests"), route => (route.request().method() === "GET" ? route.abort() : route.continue()));
  await openGate(gatesUrl, id, 0);

  // Not waiting for the first chunk's progress here: the token must be renewed in time whatever the engine's pace.
  await renew();
  check(await storedToken(page) !== firstToken, "the session holds a new token");
  await waitForPercent(page, id, 1, 99);
  await page.waitForFunction(
    from => {
      const states = window.__states.slice(from);
      const lost = states.findIndex(s => s === "reconnecting" || s === "disconnected");
      return lost >= 0 && states.indexOf("connected", lost + 1) > lost;
    },
    mark,
    { timeout });
  check(Date.now() > expiryOf(firstToken), "the connection came back after the first token expired");
  check(await page.locator("#workspace").isVisible() && await page.locator("#sign-in").isHidden(), "still signed in");

  await openGate(gatesUrl, id, 1);
  await openGate(gatesUrl, id, 2);
  const item = card(page, id);
  await waitForStatus(item, "Completed");
  check((await item.locator(".progress-percent").textContent()).trim() === "100 %", `${id} shows 100 %`);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  return id;
}

async function storedToken(page) {
  return page.evaluate(() => sessionStorage.getItem("streamer.session"));
}

/** A JWT's exp, in milliseconds. */
function expiryOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8")).exp * 1000;
}

/** A token from the host's dev token endpoint, as a user would paste one. */
async function mintDevToken(name) {
  const response = await fetch(new URL("api/dev/token", baseUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: name, tenant }),
  });
  check(response.status === 200, `the dev token endpoint answered ${response.status}`);
  return (await response.json()).token;
}

async function openGate(gatesUrl, id, chunk) {
  const response = await fetch(new URL(`gates/${encodeURIComponent(id)}/${chunk}`, gatesUrl), { method: "POST", signal: AbortSignal.timeout(timeout) });
  check(response.status === 204, `gate ${chunk} of ${id} opened (${response.status})`);
}

function card(page, id) {
  return page.locator(`li.request[data-request-id="${id}"]`);
}

async function selectAction(page, name) {
  await page.getByLabel("Action", { exact: true }).selectOption(name);
}

/** Starts an action with a payload typed into the editor. */
async function start(page, action, id, payload) {
  await selectAction(page, action);
  await page.getByLabel("Payload (JSON)").fill(JSON.stringify(payload, null, 2));
  await startEdited(page, id);
}

/** Starts the selected action with the editor's payload under a chosen request id. */
async function startEdited(page, id) {
  await page.locator("#request-id").fill(id);
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await card(page, id).waitFor();
  check(await page.locator("#start-error").isHidden(), "the start was accepted");
}

async function waitForStatus(locator, status) {
  await locator.and(page.locator(`[data-status="${status}"]`)).waitFor({ timeout });
}

async function waitForConnection(page, ...states) {
  await page.waitForFunction(wanted => wanted.includes(document.getElementById("connection").dataset.state), states, { timeout });
}

/** Waits until a request's bar shows a value in [min, max], i.e. it is visibly under way. */
async function waitForPercent(page, id, min, max) {
  await page.waitForFunction(
    ([requestId, low, high]) => {
      const bar = document.querySelector(`li.request[data-request-id="${requestId}"] [role=progressbar]`);
      const value = Number(bar?.getAttribute("aria-valuenow") ?? -1);
      return value >= low && value <= high;
    },
    [id, min, max],
    { timeout },
  );
}

/** Records every value the request's bar shows from now on (window.__samples[id]). */
async function recordProgress(page, id) {
  await page.evaluate(requestId => {
    const bar = document.querySelector(`li.request[data-request-id="${requestId}"] [role=progressbar]`);
    const samples = [Number(bar.getAttribute("aria-valuenow"))];
    (window.__samples ??= {})[requestId] = samples;
    new MutationObserver(() => samples.push(Number(bar.getAttribute("aria-valuenow")))).observe(bar, { attributes: true, attributeFilter: ["aria-valuenow"] });
  }, id);
}

/** Polls the status API from Node (which the browser's offline mode does not affect) until the request finished. */
async function waitUntilFinishedThroughApi(token, id) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const response = await fetch(new URL(`api/requests/${id}`, baseUrl), { headers: { Authorization: `Bearer ${token}` } });
    if (response.status === 200) {
      const body = await response.json();
      check(body.runtimeStatus === "Completed", `${id} completed (got ${body.runtimeStatus})`);
      return;
    }

    check(response.status === 202, `status of ${id} answered ${response.status}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }

  throw new Error(`${id} did not finish within ${timeout} ms`);
}

/** Every form control has an accessible name. */
async function checkLabels(page) {
  const unlabeled = await page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea, button")]
      .filter(control => control.offsetParent !== null)
      .filter(control => !(control.labels?.length || control.getAttribute("aria-label") || (control.tagName === "BUTTON" && control.textContent.trim())))
      .map(control => control.id || control.outerHTML.slice(0, 60)));
  check(unlabeled.length === 0, `every visible control has a label (missing: ${unlabeled.join(", ")})`);
}

async function saveScreenshot(page, name) {
  const file = path.join(artifacts, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`SCREENSHOT ${file}`);
}
