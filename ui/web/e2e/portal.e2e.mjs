// End-to-end test of the portal in headless Chromium (Debian's), driven by playwright-core.
// Run by itests' PortalIT against a started distribution:
//   OVM_URL=http://127.0.0.1:28181 OVM_ADMIN_PASSWORD=... SCREENSHOTS=dir node e2e/portal.e2e.mjs
// It seeds what the portal cannot create yet through the API, then works as users do.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { MESSAGES } from '../src/i18n.js';

const base = process.env.OVM_URL;
const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function api(method, path, body, user = 'admin', password = adminPassword) {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64'), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function task(reply) {
  check(reply.status === 202, `expected a task, got ${reply.status} ${JSON.stringify(reply.body)}`);
  for (let i = 0; i < 120; i++) {
    const t = (await api('GET', `/tasks/${reply.body.id}?wait=5`)).body;
    if (!['QUEUED', 'RUNNING'].includes(t.state)) {
      check(t.state === 'SUCCEEDED', `task ${t.operation} ended ${t.state}: ${t.error}`);
      return reply.body.resourceId;
    }
  }
  throw new Error('task did not finish');
}

async function seed() {
  let installed = await api('POST', '/plugins/ovm-plugin-simulator/install');
  check(installed.status < 300, `simulator install: ${installed.status}`);
  let host;
  for (let i = 0; i < 50 && !host; i++) {
    const added = await api('POST', '/hosts', { name: 'portal-sim', type: 'simulator', uri: 'sim://portal?cpus=16&memoryMiB=32768' });
    if (added.status === 503) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    host = await task(added);
  }
  const teamA = (await api('POST', '/vdcs', { name: 'team-a', quota: { instances: 5, cpus: 8 } })).body.id;
  const teamB = (await api('POST', '/vdcs', { name: 'team-b' })).body.id;
  for (const [username, vdcId] of [['alice', teamA], ['bob', teamB]]) {
    const user = await api('POST', '/users', { username, password: `${username}-password`, role: 'user', vdcId });
    check(user.status === 201, `user ${username}: ${user.status}`);
  }
  await task(await api('POST', '/instances', { name: 'web-a', cpus: 1, memoryMiB: 256, hostId: host, start: true }, 'alice', 'alice-password'));
  const webB = await task(await api('POST', '/instances', { name: 'web-b', cpus: 1, memoryMiB: 256, hostId: host }, 'bob', 'bob-password'));
  return { webB };
}

async function logIn(page, username, password) {
  await page.goto(base + '/');
  await page.getByLabel(MESSAGES.en['login.username']).fill(username);
  await page.getByLabel(MESSAGES.en['login.password']).fill(password);
  await page.getByRole('button', { name: MESSAGES.en['login.submit'] }).click();
}

/** English UI strings (those Chinese translates differently) still visible on the page. */
async function englishLeft(page) {
  const text = await page.locator('body').innerText();
  return Object.entries(MESSAGES.en)
    .filter(([key, english]) => MESSAGES['zh-CN'][key] !== english && !english.includes('{'))
    .map(([, english]) => english)
    .filter((english) => text.split('\n').some((line) => line.trim() === english));
}

const { webB } = await seed();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  // login page; a wrong password is refused in the page, without a browser dialog
  await logIn(page, 'alice', 'wrong-password');
  await page.getByText(MESSAGES.en['login.failed']).waitFor();
  await page.screenshot({ path: `${shots}/01-login-refused.png` });

  // alice sees her VDC's instance, never bob's
  await logIn(page, 'alice', 'alice-password');
  await page.locator('#instances tr[data-instance="web-a"]').waitFor();
  await page.getByText(MESSAGES.en['state.RUNNING']).first().waitFor();
  check(await page.locator('tr[data-instance="web-b"]').count() === 0, 'alice sees bob\'s instance');
  check((await api('GET', `/instances/${webB}`, undefined, 'alice', 'alice-password')).status === 404,
    'the API shows alice bob\'s instance');
  check(await page.evaluate(() => JSON.stringify(sessionStorage).includes('alice-password')) === false,
    'the portal kept the password');
  await page.screenshot({ path: `${shots}/02-instances.png` });

  // quota usage of her VDC
  await page.locator('#nav-overview').click();
  await page.locator('#quota-team-a-instances').getByText('1 of 5').waitFor();
  await page.screenshot({ path: `${shots}/03-overview.png` });

  // her tasks
  await page.locator('#nav-tasks').click();
  await page.getByText(MESSAGES.en['task.SUCCEEDED']).first().waitFor();
  await page.screenshot({ path: `${shots}/04-tasks.png` });

  // Simplified Chinese: no English UI string left on the instance list
  await page.locator('#nav-instances').click();
  await page.locator('#instances tr[data-instance="web-a"]').waitFor();
  await page.locator('#lang-zh-CN').click();
  await page.getByText(MESSAGES['zh-CN']['state.RUNNING']).first().waitFor();
  const left = await englishLeft(page);
  check(left.length === 0, `English left after switching to 简体中文: ${left.join(', ')}`);
  await page.screenshot({ path: `${shots}/05-instances-zh.png` });

  // logging out ends the session
  await page.locator('#logout').click();
  await page.getByText(MESSAGES['zh-CN']['login.title']).first().waitFor();
  check(await page.evaluate(() => sessionStorage.getItem('ovm.session')) === null, 'the token outlived logout');
  console.log('portal e2e: all checks passed; screenshots in ' + shots);
} finally {
  await browser.close();
}
