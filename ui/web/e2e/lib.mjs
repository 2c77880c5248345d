// Helpers shared by the browser tests: the browser, logging in and the instance menu.
import { chromium } from 'playwright-core';
import { MESSAGES } from '../src/i18n.js';

export const base = process.env.OVM_URL;

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

/** Picks an action from an instance's row menu. */
export async function act(page, name, action) {
  await page.locator(`#instances tr[data-instance="${name}"] td:last-child button`).click();
  await page.getByRole('menuitem', { name: MESSAGES.en[`action.${action}`] }).click();
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
