// Drives Debian's chromium, headless, through a served study over the DevTools protocol on a pipe (no npm package
// needed): consent, instructions, practice, slider answers by keyboard, pairwise answers by key and click, a break,
// an answer given while offline (kept and sent again), a reload that resumes at the last checkpoint, the completion
// code. Saves a screenshot of each page in light and dark. Prints a JSON summary for the shell wrapper that checks
// the stored rows.
//
//   node browser_study_test.mjs --chromium /usr/bin/chromium --url URL --shots DIR --profile DIR
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
for (const k of ['chromium', 'url', 'shots', 'profile']) {
  if (!args[k]) { console.error(`browser_study_test: --${k} is required`); process.exit(2); }
}
mkdirSync(args.shots, { recursive: true });

const chrome = spawn(args.chromium, [
  '--headless=new', '--remote-debugging-pipe', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-extensions', '--disable-background-networking', `--user-data-dir=${args.profile}`,
  '--window-size=1200,900', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let chromeLog = '';
chrome.stderr.on('data', (d) => { chromeLog = (chromeLog + d).slice(-4000); });

const toChrome = chrome.stdio[3];
const fromChrome = chrome.stdio[4];
let nextId = 1;
const waiting = new Map();
let buffer = '';
fromChrome.on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && waiting.has(message.id)) {
      const { resolve, reject, method } = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) reject(new Error(`${method}: ${message.error.message}`));
      else resolve(message.result);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  toChrome.write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => waiting.set(id, { resolve, reject, method }));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let session = null;
const page = (method, params) => send(method, params, session);

async function evaluate(expression) {
  const r = await page('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (r.exceptionDetails) throw new Error(`evaluate ${expression}: ${r.exceptionDetails.text}`);
  return r.result.value;
}

async function waitFor(expression, what, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const v = await evaluate(expression);
      if (v) return v;
    } catch (e) { /* the page is loading */ }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const keyCodes = { Enter: 13, ArrowLeft: 37, ArrowRight: 39, Home: 36, End: 35, Backspace: 8 };
async function press(key) {
  const named = keyCodes[key];
  const code = named || key.toUpperCase().charCodeAt(0);
  const base = { key, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code };
  await page('Input.dispatchKeyEvent', named ? { type: 'rawKeyDown', ...base } : { type: 'keyDown', text: key, ...base });
  await page('Input.dispatchKeyEvent', { type: 'keyUp', ...base });
}

const shots = [];
async function shoot(name) {
  for (const scheme of ['light', 'dark']) {
    await page('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
    await sleep(80);
    const { data } = await page('Page.captureScreenshot', { format: 'png' });
    const file = join(args.shots, `${name}-${scheme}.png`);
    writeFileSync(file, Buffer.from(data, 'base64'));
    shots.push(file);
  }
  await page('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'light' }] });
}

const screen = () => evaluate('document.body.dataset.screen || ""');
const ready = `(() => { const b = document.body.dataset; return (b.screen === 'slider' || b.screen === 'pair')
  ? b.shown !== undefined && b.shown === b.position : ['message', 'consent', 'done'].includes(b.screen); })()`;

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  ({ sessionId: session } = await send('Target.attachToTarget', { targetId, flatten: true }));
  await page('Page.enable');
  await page('Runtime.enable');
  await page('Network.enable');
  await page('Emulation.setDeviceMetricsOverride', { width: 1200, height: 900, deviceScaleFactor: 1, mobile: false });
  await page('Page.navigate', { url: args.url });

  await waitFor(`document.body.dataset.screen === 'consent'`, 'the consent page');
  await shoot('01-consent');
  await evaluate(`document.getElementById('consent-agree').click()`);
  await waitFor(`document.body.dataset.screen === 'message'`, 'the instructions');
  await shoot('02-instructions');
  await evaluate(`document.getElementById('message-continue').click()`);

  const summary = { answers: 0, sliders: 0, pairs: 0, messages: [], reloads: 0, offlineKey: null, resumedAt: null,
    code: null, redirect: null, shots };
  const seen = new Set();
  let pairKey = 0;
  for (let step = 0; step < 500; ++step) {
    await waitFor(ready, 'the next page');
    const name = await screen();
    if (name === 'done') {
      summary.code = await evaluate(`document.getElementById('done-code').textContent`);
      summary.redirect = await evaluate(`document.getElementById('done-link').href`);
      await shoot('09-done');
      break;
    }
    if (name === 'message') {
      const title = await evaluate(`document.getElementById('message-title').textContent`);
      summary.messages.push(title);
      const shotName = { 'Practice finished': '05-practice-finished', 'Time for a short break': '06-break',
        'Welcome back': '08-welcome-back' }[title];
      if (shotName && !seen.has(shotName)) { seen.add(shotName); await shoot(shotName); }
      if (title === 'Welcome back') {
        summary.resumedAt = await evaluate(`document.getElementById('message-text').textContent`);
      }
      await evaluate(`document.getElementById('message-continue').click()`);
      await waitFor(`document.body.dataset.screen !== 'message'`, 'the message to close');
      continue;
    }
    const position = Number(await evaluate('document.body.dataset.position'));
    if (name === 'slider') {
      if (!seen.has('slider')) { seen.add('slider'); await shoot('03-slider-untouched'); }
      // Enter before moving stores nothing: the slider must move first.
      await press('Enter');
      await sleep(50);
      if (Number(await evaluate('document.body.dataset.position')) !== position) {
        throw new Error('an untouched slider was accepted');
      }
      await press(String(1 + (position % 5)));
      await press('ArrowRight');
      if (!seen.has('slider-moved')) { seen.add('slider-moved'); await shoot('04-slider-moved'); }
      // Once, well after the first checkpoint: go offline, answer (kept, not acknowledged), then reload online.
      if (summary.reloads === 0 && summary.answers >= 8) {
        await page('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1,
          uploadThroughput: -1 });
        await press('Enter');
        await waitFor(`!document.getElementById('banner').hidden`, 'the connection-lost banner');
        summary.offlineKey = JSON.parse(await evaluate(
          `localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('tastelab-pending-')))`)).key;
        await shoot('07-offline');
        await page('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
          uploadThroughput: -1 });
        await page('Page.reload', { ignoreCache: true });
        summary.reloads += 1;
        await sleep(300);
        continue;
      }
      await press('Enter');
      summary.sliders += 1;
    } else {
      if (!seen.has('pair')) { seen.add('pair'); await shoot('03-pairwise'); }
      const choice = ['1', '2', 't', 'c'][pairKey++ % 4];
      if (pairKey % 5 === 0) await evaluate(`document.getElementById('pair-right').click()`);
      else await press(choice);
      summary.pairs += 1;
    }
    summary.answers += 1;
    await waitFor(`document.body.dataset.position !== '${position}' || document.body.dataset.screen === 'message'`,
      'the acknowledgement');
  }
  if (!summary.code) throw new Error('the study did not reach its completion code');
  console.log(JSON.stringify(summary));
}

const watchdog = setTimeout(() => { console.error('browser_study_test: timed out'); chrome.kill('SIGKILL'); process.exit(1); },
  240000);
main()
  .then(async () => { clearTimeout(watchdog); await send('Browser.close').catch(() => {}); process.exit(0); })
  .catch((e) => {
    console.error(`browser_study_test: ${e.stack || e}\nchromium said:\n${chromeLog}`);
    chrome.kill('SIGKILL');
    process.exit(1);
  });
