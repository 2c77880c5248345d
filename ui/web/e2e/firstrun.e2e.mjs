// Issue 14's acceptance in the browser: what a new user and an operator do on a fresh install
// (the engine with what `./ovm up` registers: zone 'default', cluster 'kvm', host 'local-kvm',
// pool 'local', template 'tiny'). Run by itests' FirstRunIT:
//   OVM_URL=http://127.0.0.1:49181 OVM_ADMIN_PASSWORD=... SCREENSHOTS=dir node e2e/firstrun.e2e.mjs
// The admin creates a VDC and a user in the portal; the user creates an instance with the wizard
// without choosing a host, sees it on the dashboard and its page, watches its CPU chart, opens its
// console in a new tab and its serial console, shuts it down (ACPI), deletes it after a Cancel;
// then search, sorting, a bulk shutdown of three, Back/Forward, Chinese, narrow screens, audit.
// Screenshots: fr-<page>-<user|admin>-<en|zh>-<wide|narrow>.png and one per step.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import {
  base, check, confirm, createThrough, cssId, englishLeft, finished, jsonApi, launch, logIn, NARROW, optionValue,
  reportFailure, steps, watchPolicyViolations, WIDE,
} from './lib.mjs';

const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });
check(base && adminPassword, 'set OVM_URL and OVM_ADMIN_PASSWORD');

const en = MESSAGES.en;
const VDC = 'team-fr';
const USER = 'fr-user';
const USER_PASSWORD = 'fr-user-password';
const VM = 'first-vm';
const BULK = ['vm1', 'vm2', 'vm3'];
const { step, current } = steps();

const api = jsonApi('admin', adminPassword);
const finishedAs = (reply, user, password) => finished(api, reply, user, password);

const instance = async (name) => (await api('GET', `/instances?name=${name}`)).body.items[0];

/** Waits (90 s at most) until the guest's init is up: it listens for the ACPI power button from then on. */
async function booted(name) {
  const log = (await instance(name)).details.serialLog;
  const ready = () => existsSync(log) && readFileSync(log, 'latin1').includes('OVM-GUEST-READY');
  for (let i = 0; i < 180 && !ready(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  check(ready(), `guest ${name} did not boot within 90 s: its serial log ${log} has no OVM-GUEST-READY`);
}

/** The names of the instance rows, top to bottom. */
const rowNames = (page) => page.locator('#instances tbody tr[data-instance]').evaluateAll((rows) => rows
  .map((row) => row.getAttribute('data-instance')));

/** Opens a page through the navigation (on a narrow screen through the masthead's toggle first). */
async function open(page, id, narrow) {
  const link = page.locator(`#nav-${id}`);
  const sidebar = page.locator('.pf-v6-c-page__sidebar');
  const settled = () => sidebar.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  for (let attempt = 1; ; attempt++) {
    if (narrow) {
      // below 1200 px the navigation is closed (a click on a link closes it again): the masthead's
      // toggle opens it; a resize or a toggle moves the sidebar for a while
      await settled();
      if (!(await sidebar.evaluate((el) => el.classList.contains('pf-m-expanded')))) {
        await page.locator('#nav-toggle').click();
        await settled();
      }
    }
    // a click only counts when it reaches the link itself (Playwright checks what is under the pointer)
    if (await link.click({ timeout: 2000 }).then(() => true, () => false)) break;
    if (attempt === 5) await link.click({ timeout: 5000 }); // fails with Playwright's own account of why
    await page.waitForTimeout(300);
  }
  await page.waitForFunction((wanted) => location.hash.startsWith(`#/${wanted}`), id);
  await page.locator('main h1, main [data-ouia-component-type="PF6/Title"]').first().waitFor();
  await page.waitForTimeout(300);
}

/** Every page this user has, in both languages, wide and narrow: screenshots; each reachable at 800 px. */
async function everyPage(page, who) {
  const pages = await page.locator('#nav a[id^="nav-"], #nav [id^="nav-"]').evaluateAll((items) => [...new Set(items
    .map((item) => item.id.replace(/^nav-/, '')).filter((id) => !id.startsWith('group-') && id !== 'toggle'))]);
  check(pages.length > 2, `the navigation shows pages: ${pages.join(', ')}`);
  for (const language of ['en', 'zh-CN']) {
    await page.locator(`#lang-${language}`).click();
    for (const [width, size] of [['wide', WIDE], ['narrow', NARROW]]) {
      await page.setViewportSize(size);
      for (const id of pages) {
        await open(page, id, width === 'narrow');
        await page.screenshot({ path: `${shots}/fr-${id}-${who}-${language === 'en' ? 'en' : 'zh'}-${width}.png` });
      }
    }
  }
  await page.locator('#lang-en').click();
  await page.setViewportSize(WIDE);
  return pages;
}

const browser = await launch();
let page;
try {
  const context = await browser.newContext({ viewport: WIDE });
  page = await context.newPage();
  const violations = watchPolicyViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await step('the admin logs in and lands on the dashboard', async () => {
    await logIn(page, 'admin', adminPassword);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
    await page.locator('#dash-hosts-UP[data-count="1"]').waitFor({ timeout: 30000 });
    await page.screenshot({ path: `${shots}/fr-01-dashboard-admin.png` });
  });

  await step('the admin creates a VDC and a user in the portal', async () => {
    await createThrough(page, 'vdcs', { name: VDC, 'quota.instances': '8', 'quota.cpus': '8', 'quota.diskGiB': '10' }, VDC);
    await createThrough(page, 'users', { username: USER, password: USER_PASSWORD, role: en['role.user'], vdcId: VDC }, USER);
    await page.screenshot({ path: `${shots}/fr-02-users.png` });
  });

  await step('no Delete on the admin\'s own account; deleting a user asks first and Cancel keeps it', async () => {
    await page.locator(`#actions-users-admin`).click();
    check(await page.locator('#delete-admin').evaluate((el) => el.disabled || el.getAttribute('aria-disabled') === 'true'),
      'the admin may delete their own account');
    await page.keyboard.press('Escape');
    await page.locator(`#actions-users-${cssId(USER)}`).click();
    await page.locator(`#delete-${cssId(USER)}`).click();
    await page.locator('#confirm').waitFor();
    await page.screenshot({ path: `${shots}/fr-03-confirm-user-delete.png` });
    await page.locator('#confirm-no').click();
    await page.locator('#confirm').waitFor({ state: 'detached' });
    await page.waitForTimeout(500);
    check((await api('GET', `/users?username=${USER}`)).body.total === 1, 'Cancel deleted the user');
  });

  await step('every admin page is reachable at 800 px, in both languages (screenshots)', async () => {
    const pages = await everyPage(page, 'admin');
    check(['zones', 'clusters', 'hosts', 'users', 'vdcs', 'plugins', 'events'].every((p) => pages.includes(p)),
      `admin pages missing from the navigation: ${pages.join(', ')}`);
  });

  await step('the user logs in', async () => {
    await page.locator('#logout').click();
    await logIn(page, USER, USER_PASSWORD);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
  });

  await step('a refusal naming a field the form lacks is shown (the disk quota on a volume)', async () => {
    await page.locator('#nav-volumes').click();
    await page.locator('#create-volumes').click();
    await page.locator('#field-name').fill('too-big');
    await page.locator('#field-poolId').selectOption({ label: 'local' });
    await page.locator('#field-sizeGiB').fill('50');
    await page.locator('#submit').click();
    await page.locator('#form-problem').getByText('quota').waitFor();
    await page.screenshot({ path: `${shots}/fr-04-volume-quota-refused.png` });
    await page.keyboard.press('Escape');
  });

  await step('the user creates an instance with the wizard without choosing a host', async () => {
    await page.locator('#nav-instances').click();
    await page.locator('#create-instance').click();
    const dialog = page.getByRole('dialog');
    const next = () => dialog.getByRole('button', { name: en['wizard.next'], exact: true }).click();
    await page.locator('#field-name').fill(VM);
    await next();
    await page.locator('#field-cpus').fill('1');
    await page.locator('#field-memoryMiB').fill('128');
    await next();
    await page.locator('#placement-auto').waitFor();
    check(await page.locator('#placement-auto').isChecked(), 'automatic placement is the default');
    await page.screenshot({ path: `${shots}/fr-05-wizard-placement.png` });
    await next();
    await page.locator('#field-imageId').selectOption(await optionValue(page, '#field-imageId', 'tiny'));
    await next();
    await page.locator('#field-networkId').waitFor(); // no network chosen: no NIC
    await next();
    await page.screenshot({ path: `${shots}/fr-06-wizard-review.png` });
    await dialog.getByRole('button', { name: en['wizard.create'], exact: true }).click();
    await page.locator(`#instances tr[data-instance="${VM}"] [data-state="RUNNING"]`).waitFor({ timeout: 90000 });
    const created = await instance(VM);
    check(created.hostName === 'local-kvm', `placed on ${created.hostName}, not local-kvm`);
  });

  await step('the dashboard shows it running', async () => {
    await page.locator('#nav-dashboard').click();
    await page.locator('#dash-instances-RUNNING[data-count="1"]').waitFor({ timeout: 30000 });
    await page.screenshot({ path: `${shots}/fr-07-dashboard-user.png` });
  });

  await step('its page: summary, then the CPU chart moves', async () => {
    await page.locator('#nav-instances').click();
    await page.locator(`[data-instance-link="${VM}"]`).click();
    await page.locator('#instance-page[data-state="RUNNING"]').waitFor();
    await page.locator('#instance-summary').waitFor();
    await page.screenshot({ path: `${shots}/fr-08-instance-summary.png` });
    // an idle guest's CPU reads the same every sample: give it 40 s of work through its serial
    // console (its init runs a shell there), so the chart has something to show while it is watched
    // (waiting for the samples and watching take up to 50 s; the change from busy to idle counts too)
    await booted(VM);
    await page.locator('#instance-tabs button[data-tab="serial"]').click();
    await page.locator('#terminal-status[data-status="connected"]').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type("timeout 40 sh -c 'while :; do :; done' &");
    await page.keyboard.press('Enter');
    await page.locator('#instance-tabs button[data-tab="metrics"]').click();
    await page.waitForFunction(() => Number(document.querySelector('#chart-cpu')?.getAttribute('data-samples')) >= 4,
      null, { timeout: 30000 });
    const values = new Set();
    for (let i = 0; i < 6 && values.size < 2; i++) {
      values.add(await page.locator('#chart-cpu').getAttribute('data-last'));
      await page.waitForTimeout(3200);
    }
    check(values.size >= 2, `the CPU chart did not move: ${[...values].join(', ')}`);
    await page.screenshot({ path: `${shots}/fr-09-instance-metrics.png` });
  });

  await step('the console opens in a new tab, logged in', async () => {
    await page.locator('#instance-tabs button[data-tab="console"]').click();
    const [tab] = await Promise.all([context.waitForEvent('page'), page.locator('#console-open-tab').click()]);
    await tab.locator('#console-status[data-status="connected"]').waitFor({ timeout: 30000 });
    await tab.waitForTimeout(1000);
    await tab.screenshot({ path: `${shots}/fr-10-console-tab.png` });
    await tab.close();
  });

  await step('the serial console connects', async () => {
    await page.locator('#instance-tabs button[data-tab="serial"]').click();
    await page.locator('#terminal-status[data-status="connected"]').waitFor({ timeout: 30000 });
    await page.screenshot({ path: `${shots}/fr-11-serial-console.png` });
  });

  await step('Back and Forward move between tabs and pages', async () => {
    await page.goBack();
    await page.waitForFunction(() => location.hash.endsWith('/console'));
    await page.locator('#console-open-tab').waitFor();
    await page.goForward();
    await page.locator('#terminal-status').waitFor();
    await page.locator('#nav-tasks').click();
    await page.waitForFunction(() => location.hash.startsWith('#/tasks'));
    await page.goBack();
    await page.locator('#instance-page').waitFor();
  });

  await step('Power off asks first: Cancel keeps it running', async () => {
    await page.locator('#instance-tabs button[data-tab="summary"]').click();
    await page.locator('#action-poweroff').click();
    await page.locator('#confirm').waitFor();
    await page.locator('#confirm-no').click();
    await page.locator('#confirm').waitFor({ state: 'detached' });
    await page.waitForTimeout(1500);
    check((await instance(VM)).state === 'RUNNING', 'Cancel powered the instance off');
  });

  await step('Shut down is the guest\'s own (ACPI) shutdown', async () => {
    // the guest's init listens for the power button once booted: its serial log says when
    await booted(VM);
    await page.locator('#action-shutdown').click();
    if (await page.locator('#confirm').isVisible().catch(() => false)) {
      await confirm(page);
    }
    await page.locator('#instance-page[data-state="STOPPED"]').waitFor({ timeout: 120000 });
    const stopped = await instance(VM);
    check(stopped.details && stopped.details.serialLog, `no serial log in ${JSON.stringify(stopped.details)}`);
    // FirstRunIT reads the guest's serial log: its init prints OVM-GUEST-POWEROFF on the ACPI path only
    writeFileSync(`${shots}/first-vm-serial-log.txt`, stopped.details.serialLog);
  });

  await step('Delete asks first: Cancel keeps it, then it is deleted', async () => {
    await page.locator('#action-delete').click();
    await page.locator('#confirm').waitFor();
    await page.screenshot({ path: `${shots}/fr-12-confirm-delete.png` });
    await page.locator('#confirm-no').click();
    await page.locator('#confirm').waitFor({ state: 'detached' });
    await page.waitForTimeout(1000);
    check(await instance(VM), 'Cancel deleted the instance');
    await page.locator('#action-delete').click();
    await confirm(page);
    for (let i = 0; i < 60 && await instance(VM); i++) {
      await page.waitForTimeout(1000);
    }
    check(!(await instance(VM)), 'the instance is still there');
  });

  await step('three more instances; search "vm" finds vm1; sorting by name and by creation', async () => {
    const image = (await api('GET', '/images?name=tiny')).body.items[0].id;
    for (const name of BULK) {
      await finishedAs(await api('POST', '/instances', { name, cpus: 1, memoryMiB: 96, imageId: image, start: true },
        USER, USER_PASSWORD), USER, USER_PASSWORD);
    }
    await page.locator('#nav-instances').click();
    await page.locator('#search-instances').fill('vm');
    await page.locator('#instances tr[data-instance="vm1"]').waitFor();
    await page.screenshot({ path: `${shots}/fr-13-search.png` });
    await page.locator('#search-instances').fill('VM2');
    await page.waitForFunction(() => [...document.querySelectorAll('#instances tbody tr[data-instance]')]
      .map((r) => r.getAttribute('data-instance')).join() === 'vm2');
    await page.locator('#search-instances').fill('');
    const sortBy = async (field, wanted) => {
      await page.locator(`th[data-sort-field="${field}"] button`).click();
      for (let i = 0; i < 50 && (await rowNames(page)).join() !== wanted.join(); i++) {
        await page.waitForTimeout(200);
      }
      check((await rowNames(page)).join() === wanted.join(), `sorted by ${field}: ${(await rowNames(page)).join()}`);
    };
    await sortBy('name', ['vm1', 'vm2', 'vm3']);
    await sortBy('name', ['vm3', 'vm2', 'vm1']);
    // the first click on a date sorts newest first or oldest first; the second reverses it
    await page.locator('th[data-sort-field="createdAt"] button').click();
    await page.waitForTimeout(1000);
    const first = (await rowNames(page)).join();
    check(['vm1,vm2,vm3', 'vm3,vm2,vm1'].includes(first), `sorted by createdAt: ${first}`);
    await sortBy('createdAt', first === 'vm1,vm2,vm3' ? ['vm3', 'vm2', 'vm1'] : ['vm1', 'vm2', 'vm3']);
  });

  await step('a bulk shutdown of three stops three', async () => {
    for (const name of BULK) {
      await booted(name);
      await page.locator(`#instances tr[data-instance="${name}"] [data-state="RUNNING"]`).waitFor({ timeout: 90000 });
      await page.locator(`#select-${name}`).check();
    }
    await page.locator('#bulk-actions[data-selected="3"]').waitFor();
    await page.locator('#bulk-shutdown').click();
    await page.locator('#confirm').waitFor();
    await page.screenshot({ path: `${shots}/fr-14-bulk-confirm.png` });
    await confirm(page);
    for (const name of BULK) {
      await page.locator(`#instances tr[data-instance="${name}"] [data-state="STOPPED"]`).waitFor({ timeout: 120000 });
    }
    check((await api('GET', '/instances?state=STOPPED')).body.total >= 3, 'three instances stopped');
  });

  await step('in 简体中文: dates read 2026/12/6 17:46, no English left on the dashboard, instance page and wizard', async () => {
    await page.locator('#lang-zh-CN').click();
    await page.locator('#nav-dashboard').click();
    await page.locator('#dash-instances-total').waitFor();
    await page.waitForTimeout(500);
    let left = await englishLeft(page);
    check(left.length === 0, `English left on the dashboard: ${left.join(', ')}`);
    await page.locator('#nav-instances').click();
    await page.locator('[data-instance-link="vm1"]').click();
    await page.locator('#instance-summary').waitFor();
    const created = await page.locator('#instance-summary [data-summary="created"]').innerText();
    check(/^\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}/.test(created.trim()), `a date in Chinese reads "${created}"`);
    left = await englishLeft(page);
    check(left.length === 0, `English left on the instance page: ${left.join(', ')}`);
    await page.screenshot({ path: `${shots}/fr-15-instance-zh.png` });
    await page.locator('#nav-instances').click();
    await page.locator('#create-instance').click();
    await page.locator('#field-name').waitFor();
    left = await englishLeft(page);
    check(left.length === 0, `English left in the wizard: ${left.join(', ')}`);
    await page.screenshot({ path: `${shots}/fr-16-wizard-zh.png` });
    await page.keyboard.press('Escape');
    await page.locator('#lang-en').click();
  });

  await step('every page of the user, both languages, wide and narrow (screenshots)', async () => {
    await everyPage(page, 'user');
  });

  await step('every admin change of this test is in the audit log with the admin\'s name', async () => {
    await page.locator('#logout').click();
    await logIn(page, 'admin', adminPassword);
    const events = (await api('GET', '/events?limit=1000')).body.items;
    for (const topic of ['vdc/created', 'user/created']) {
      const found = events.find((e) => e.topic === topic);
      check(found && found.user === 'admin', `no ${topic} event by admin: ${JSON.stringify(found)}`);
    }
    await page.locator('#nav-events').click();
    await page.locator('#table-events').getByText(USER).first().waitFor();
    await page.screenshot({ path: `${shots}/fr-17-audit.png` });
  });

  for (const name of BULK) {
    const left = await instance(name);
    if (left) {
      await finishedAs(await api('DELETE', `/instances/${left.id}`));
    }
  }
  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('first run e2e: all checks passed; screenshots in ' + shots);
} catch (e) {
  await reportFailure(e, page, current(), shots, 'firstrun', '#form-problem, #problem, #notice, #wizard-problem, #instance-notice');
} finally {
  await browser.close();
}
