// A hostile web page in real headless Chromium (playwright-core) tries to mint a development token on a developer's
// running host and read its API, two ways:
//   1. cross-origin: a page on another local origin (http://localhost:<other port>/) calls the host directly;
//   2. DNS rebinding: a page whose own name (rebind.attacker.example) has come to resolve to 127.0.0.1, so that its
//      calls to "its own" origin reach the host with that name in the Host header.
//
//   STREAMER_URL=http://127.0.0.1:7071/ node tests/browser/attacker.mjs
//
// Prints "RESULT <json>" with what each page could read and every answer the browser saw from the host, and exits 0
// when no page got a token or read the API, 1 otherwise. Waits are bounded by deadlines.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const hostUrl = new URL(process.env.STREAMER_URL ?? "");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/lib/chromium/chromium";
const rebindName = "rebind.attacker.example";
const timeout = 30_000;

if (!existsSync(chromiumPath)) {
  console.error(`Chromium is not installed at ${chromiumPath}: run 'apt-get update && apt-get install -y chromium' (or set CHROMIUM_PATH).`);
  process.exit(1);
}

// What the attacker's page runs: every way a page can send the dev token request, then a read of the API.
async function attack(target) {
  const body = JSON.stringify({ user: "victim", tenant: "contoso" });
  const attempts = {
    textPlain: () => fetch(new URL("api/dev/token", target), { method: "POST", headers: { "Content-Type": "text/plain" }, body }),
    json: () => fetch(new URL("api/dev/token", target), { method: "POST", headers: { "Content-Type": "application/json" }, body }),
    noCors: () => fetch(new URL("api/dev/token", target), { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body }),
    list: () => fetch(new URL("api/requests", target)),
  };
  const outcome = {};
  for (const [name, send] of Object.entries(attempts)) {
    try {
      const response = await send();
      const text = response.type === "opaque" ? null : await response.text();
      outcome[name] = { readable: response.type !== "opaque", status: response.status, token: /"token"\s*:/.test(text ?? "") };
    } catch (error) {
      outcome[name] = { readable: false, error: String(error) };
    }
  }

  return outcome;
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
    // The rebinding: the attacker's name now resolves to this machine.
    `--host-resolver-rules=MAP ${rebindName} 127.0.0.1`,
    // Chromium's own Local Network Access checks stop a public page's calls to loopback before they are sent. Other
    // browsers (and older Chromium) have none, so they are off here: what is tested is the host's own defence.
    "--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks",
  ],
});

const seen = [];
const result = {};
try {
  const context = await browser.newContext();
  context.on("response", response => {
    const url = new URL(response.url());
    if (url.port === hostUrl.port && url.pathname.startsWith("/api/")) seen.push({ url: url.href, method: response.request().method(), status: response.status() });
  });

  // The attacker's pages come from the attacker's server; here Playwright serves them, so no second server is needed.
  const crossOrigin = `http://localhost:${Number(hostUrl.port) === 1 ? 2 : Number(hostUrl.port) + 1}/attack.html`;
  const rebound = `http://${rebindName}:${hostUrl.port}/attack.html`;
  for (const url of [crossOrigin, rebound]) {
    await context.route(url, route => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>cute cats</title><p>nothing to see</p>" }));
  }

  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  await page.goto(crossOrigin);
  result.crossOrigin = await page.evaluate(attack, hostUrl.href);
  await page.goto(rebound);
  // After rebinding the attacker's own origin is the host: its calls are same-origin.
  result.rebound = await page.evaluate(attack, `http://${rebindName}:${hostUrl.port}/`);
  result.seen = seen;
} finally {
  await browser.close();
}

console.log(`RESULT ${JSON.stringify(result)}`);
const leaks = [];
for (const [name, outcome] of Object.entries({ ...prefix("crossOrigin", result.crossOrigin), ...prefix("rebound", result.rebound) })) {
  if (outcome.token) leaks.push(`${name} read a token`);
  if (name.endsWith(".list") && outcome.readable && outcome.status === 200) leaks.push(`${name} read the API`);
}
for (const answer of seen) {
  if (answer.url.includes("/api/dev/token") && answer.status === 200) leaks.push(`the host answered ${answer.method} ${answer.url} with 200`);
}

if (leaks.length > 0) {
  console.error(`The attacker got in: ${leaks.join("; ")}`);
  process.exit(1);
}

function prefix(name, outcome) {
  return Object.fromEntries(Object.entries(outcome ?? {}).map(([key, value]) => [`${name}.${key}`, value]));
}
