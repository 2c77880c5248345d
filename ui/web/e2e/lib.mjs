// Helpers shared by the browser tests: the browser, logging in and the instance menu.
import { chromium } from 'playwright-core';
import { MESSAGES } from '../src/i18n.js';

export const base = process.env.OVM_URL;

/** The viewports screenshots are taken at: wide (the sidebar open) and 800 px. */
export const WIDE = { width: 1440, height: 900 };
export const NARROW = { width: 800, height: 900 };

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Debian's Chromium, headless, with nothing that would reach the internet. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Named steps: each logs its title and how long it took; {@code current()} names the step that
 * was running when something failed.
 */
export function steps() {
  let current = 'start';
  return {
    current: () => current,
    async step(title, body) {
      current = title;
      const started = Date.now();
      console.log(`step: ${title}`);
      await body();
      console.log(`  ok (${Date.now() - started} ms)`);
    },
  };
}

/**
 * Reports a failed browser test: the step it failed in, a full-page screenshot named after it
 * ({@code <prefix>-FAILED-<step>.png}) and what the page's message areas ({@code selectors}) say;
 * marks the process failed.
 */
export async function reportFailure(error, page, stepName, shots, prefix, selectors) {
  console.error(`FAILED at step "${stepName}": ${error.message}`);
  if (page) {
    const file = `${shots}/${prefix}-FAILED-${stepName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.png`;
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    const said = await page.locator(selectors).allInnerTexts().catch(() => []);
    console.error(`  screenshot: ${file}${said.length ? `\n  the page says: ${said.join(' | ')}` : ''}`);
  }
  process.exitCode = 1;
}

/** OVM's REST API as this user: (method, path) => {status, body}, the body parsed from JSON. */
export function apiAs(user, password) {
  return async (method, path) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method, headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

export async function logIn(page, username, password) {
  await page.goto(base + '/');
  await page.getByLabel(MESSAGES.en['login.username']).fill(username);
  await page.getByLabel(MESSAGES.en['login.password']).fill(password);
  await page.getByRole('button', { name: MESSAGES.en['login.submit'] }).click();
}

/** Collects what the browser refused under the portal's Content-Security-Policy. */
export function watchPolicyViolations(page) {
  const violations = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) {
      violations.push(message.text());
    }
  });
  return violations;
}

/** Picks an action from an instance's row menu (#actions-instances-<name>, then #action-<action>-<name>). */
export async function act(page, name, action) {
  await page.locator(`#actions-instances-${cssId(name)}`).click();
  await page.locator(`#action-${action}-${cssId(name)}`).click();
}

/** Picks an action from a list page's row menu: #actions-<list>-<row>, then #<action>-<row>. */
export async function rowAction(page, list, row, action) {
  await page.locator(`#actions-${list}-${cssId(row)}`).click();
  await page.locator(`#${action}-${cssId(row)}`).click();
}

/** Confirms the open confirmation dialog (#confirm), typing the object's name when it asks for it. */
export async function confirm(page) {
  await page.locator('#confirm').waitFor();
  const typed = page.locator('#confirm-type');
  if (await typed.count()) {
    await typed.fill(await typed.getAttribute('data-expected'));
  }
  await page.locator('#confirm-yes').click();
  await page.locator('#confirm').waitFor({ state: 'detached' });
}

/** A name as part of a CSS id selector (dots and other punctuation escaped). */
export function cssId(name) {
  // punctuation escaped; a leading digit written as its code point (an id selector may not start with one)
  return name.replace(/[^A-Za-z0-9_-]/g, (c) => `\\${c}`).replace(/^(\d)/, (d) => `\\3${d} `);
}

/**
 * The value of the option of a select whose text is `label` or starts with "label (" (hosts and
 * clusters show their type), once the select's options have arrived (10 s at most).
 */
export async function optionValue(page, select, label) {
  let value = null;
  for (let i = 0; i < 50 && !value; i++) {
    if (i > 0) {
      await page.waitForTimeout(200);
    }
    value = await page.locator(select).evaluate((el, wanted) => {
      const option = [...el.options].find((o) => o.text === wanted || o.text.startsWith(`${wanted} (`));
      return option ? option.value : null;
    }, label);
  }
  check(value, `${select} offers no "${label}"`);
  return value;
}

/** English UI strings (those Chinese translates differently) still visible on the page, line by line. */
export async function englishLeft(page) {
  const text = await page.locator('body').innerText();
  const lines = new Set(text.split('\n').map((line) => line.trim()));
  return Object.entries(MESSAGES.en)
    .filter(([key, english]) => MESSAGES['zh-CN'][key] !== english && !english.includes('{'))
    .map(([, english]) => english)
    .filter((english) => lines.has(english));
}

/**
 * OVM's REST API with JSON bodies, as `user` unless a call names another:
 * (method, path, body?, asUser?, asPassword?) => {status, body}, the body parsed from JSON.
 */
export function jsonApi(user, password) {
  return async (method, path, body, asUser = user, asPassword = password) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: 'Basic ' + Buffer.from(`${asUser}:${asPassword}`).toString('base64'),
        'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** Waits (10 minutes at most) for the task an accepted request started; it must succeed. Its resource's id. */
export async function finished(api, reply, user, password) {
  check(reply.status === 202, `expected a task, got ${reply.status} ${JSON.stringify(reply.body)}`);
  for (let i = 0; i < 120; i++) {
    const t = (await api('GET', `/tasks/${reply.body.id}?wait=5`, undefined, user, password)).body;
    if (!['QUEUED', 'RUNNING'].includes(t.state)) {
      check(t.state === 'SUCCEEDED', `task ${t.operation} ended ${t.state}: ${t.error}`);
      return reply.body.resourceId;
    }
  }
  throw new Error('task did not finish');
}

/** Fills and submits an administration page's create form (ids field-<name>, a dot as "-"); the new row appears. */
export async function createThrough(page, list, fields, rowName) {
  await page.locator(`#nav-${list}`).click();
  await page.locator(`#create-${list}`).click();
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`#field-${name.replace('.', '-')}`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
      await field.selectOption({ label: value });
    } else {
      await field.fill(value);
    }
  }
  await page.locator('#submit').click();
  await page.locator(`#table-${list} tr[data-row="${rowName}"]`).waitFor();
}

/** The one item of a list the API (`api`, from {@code jsonApi}) has under this name, or null. */
export async function named(api, path, name) {
  const reply = await api('GET', `${path}?name=${encodeURIComponent(name)}&limit=10`);
  check(reply.status === 200, `GET ${path}?name=${name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.items.find((i) => i.name === name) || null;
}

/**
 * The page as it is, in English and Chinese, wide and at 800 px: `shot(<name>-<en|zh>-<wide|narrow>)`;
 * in Chinese no English string of the portal's may be left. `ready` is a Chinese string the page
 * shows once translated. Ends in English, wide.
 */
export async function everyWay(page, shot, name, ready) {
  for (const language of ['en', 'zh-CN']) {
    // dispatched: an open dialog's backdrop covers the masthead
    await page.locator(`#lang-${language}`).dispatchEvent('click');
    if (language === 'zh-CN') {
      await page.getByText(ready).first().waitFor();
      await page.waitForTimeout(300);
      const left = await englishLeft(page);
      check(left.length === 0, `English left on ${name} in 简体中文: ${left.join(', ')}`);
    }
    for (const [width, size] of [['wide', WIDE], ['narrow', NARROW]]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      await shot(`${name}-${language === 'en' ? 'en' : 'zh'}-${width}`);
    }
  }
  await page.locator('#lang-en').dispatchEvent('click');
  await page.setViewportSize(WIDE);
}

/** Cleanup: deletes `path` through the API (`api`, from {@code jsonApi}) and waits for its task; failures are ignored. */
export async function deleteQuietly(api, path) {
  const reply = await api('DELETE', path).catch(() => null);
  if (reply && reply.status === 202) {
    await finished(api, reply).catch(() => {});
  }
}
