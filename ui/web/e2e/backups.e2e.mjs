// Issue 16's acceptance in the browser: backups (contract §8). Needs an engine with a running
// instance that has one disk and a storage pool its host reaches for the backups; run by an IT:
//   OVM_URL=http://127.0.0.1:52081 OVM_ADMIN_PASSWORD=... OVM_INSTANCE=vm1 OVM_BACKUP_POOL=nfs1 \
//   SCREENSHOTS=dir node e2e/backups.e2e.mjs
// Optional: OVM_RESTORE_POOL (the pool the backup is restored into as a new volume; default
// OVM_BACKUP_POOL).
// The admin opens the instance's Backups tab, backs it up now (the pool picked in the dialog, the
// instance.backup task's bar until it succeeds) and sees one backup per disk listed with its
// consistency; sets a weekly schedule (a bad time shown under its field first), sees it in words
// with its next run, runs it now (a scheduled backup appears); restores the first backup as a new
// volume (over the original is refused with the reason while the instance runs); deletes it
// (asked first); sees the admins' Backups page filtered by the pool; removes the schedule.
// Screenshots: backups-<step>-<en|zh>-<wide|narrow>.png (both languages, 1440 and 800 px).
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import {
  base, check, cssId, deleteQuietly, englishLeft, everyWay, jsonApi, launch, logIn, named, NARROW, optionValue,
  reportFailure, steps, watchPolicyViolations, WIDE,
} from './lib.mjs';

const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
const INSTANCE = process.env.OVM_INSTANCE;
const BACKUP_POOL = process.env.OVM_BACKUP_POOL;
const RESTORE_POOL = process.env.OVM_RESTORE_POOL || BACKUP_POOL;
const suffix = Date.now().toString(36);
const RESTORED = `restored-${suffix}`;
mkdirSync(shots, { recursive: true });
check(base && adminPassword, 'set OVM_URL and OVM_ADMIN_PASSWORD');
check(INSTANCE && BACKUP_POOL, 'set OVM_INSTANCE (a running instance with one disk) and OVM_BACKUP_POOL (the pool the backups go to)');

const en = MESSAGES.en;
const zh = MESSAGES['zh-CN'];
const { step, current } = steps();
const api = jsonApi('admin', adminPassword);
const shot = (name) => page.screenshot({ path: `${shots}/backups-${name}.png`, fullPage: true });

/** The instance's backups as the API lists them. */
async function backupsOf(instanceId) {
  const reply = await api('GET', `/backups?instanceId=${instanceId}&limit=1000`);
  check(reply.status === 200, `GET /backups?instanceId=: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.items;
}

/**
 * Clicks `button`, which starts a task (`method path` answers it); waits until that task's bar ends
 * (10 minutes at most); it must have succeeded, else its label says why. The task.
 */
async function clickAndFollow(button, method, pathPart) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && r.url().includes(pathPart), { timeout: 30000 }),
    page.locator(button).click(),
  ]);
  const task = await response.json().catch(() => null);
  check(response.status() === 202 && task && task.id, `${method} ${pathPart} answered ${response.status()} ${JSON.stringify(task)}`);
  const bar = page.locator(`[data-task-progress]:has(#task-progress-${cssId(task.id)})`);
  await bar.waitFor({ timeout: 30000 });
  await page.waitForFunction((id) => {
    const el = document.getElementById(`task-progress-${id}`);
    const wrap = el && el.closest('[data-task-progress]');
    return wrap && !['QUEUED', 'RUNNING'].includes(wrap.getAttribute('data-state'));
  }, task.id, { polling: 500, timeout: 600000 });
  const state = await bar.getAttribute('data-state');
  check(state === 'SUCCEEDED', `${task.operation} ended ${state}: ${await bar.innerText()}`);
  return task;
}

const browser = await launch();
let page;
let instance = null;
let before = new Set();
let scheduleSet = false;
try {
  page = await browser.newPage({ viewport: WIDE });
  const violations = watchPolicyViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let pool;
  let restorePool;
  let disks;
  let made = [];

  await step('the engine has the instance (running, with its disks) and the backup pool (API)', async () => {
    instance = await named(api, '/instances', INSTANCE);
    check(instance, `no instance ${INSTANCE}`);
    check(instance.state === 'RUNNING', `${INSTANCE} is ${instance.state}, not RUNNING`);
    pool = await named(api, '/storage-pools', BACKUP_POOL);
    check(pool, `no storage pool ${BACKUP_POOL}`);
    restorePool = await named(api, '/storage-pools', RESTORE_POOL);
    check(restorePool, `no storage pool ${RESTORE_POOL}`);
    disks = (await api('GET', `/volumes?instanceId=${instance.id}&limit=100`)).body.items.filter((v) => v.instanceId === instance.id);
    check(disks.length > 0, `${INSTANCE} has no disks`);
    before = new Set((await backupsOf(instance.id)).map((b) => b.id));
    const schedule = await api('GET', `/instances/${instance.id}/backup-schedule`);
    check(schedule.status === 404 || schedule.status === 204 || schedule.status === 200,
      `GET /instances/{id}/backup-schedule answered ${schedule.status}`);
  });

  await step(`the admin backs ${INSTANCE} up now into ${BACKUP_POOL}; the task's bar ends SUCCEEDED`, async () => {
    await logIn(page, 'admin', adminPassword);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
    await page.goto(`${base}/#/instances/${instance.id}/backups`);
    await page.locator('#instance-backups').waitFor();
    await page.locator('#backup-schedule #schedule-summary').waitFor();
    await page.locator('#backup-now').click();
    await page.locator('#backup-dialog').waitFor();
    await page.locator('#backup-pool').selectOption(await optionValue(page, '#backup-pool', BACKUP_POOL));
    await everyWay(page, shot, '01-backup-now', zh['backup.pool']);
    const task = await clickAndFollow('#backup-submit', 'POST', `/instances/${instance.id}/backups`);
    check(task.operation === 'instance.backup', `Back up now started ${task.operation}, not instance.backup`);
    await page.locator('#backup-close').click();
    await page.locator('#backup-dialog').waitFor({ state: 'detached' });
  });

  await step('one backup per disk is listed, READY, manual, with its pool and consistency', async () => {
    made = (await backupsOf(instance.id)).filter((b) => !before.has(b.id));
    check(made.length === disks.length, `${made.length} new backups for ${disks.length} disks: ${JSON.stringify(made)}`);
    for (const b of made) {
      check(b.state === 'READY' && b.poolId === pool.id && !b.scheduled, `backup ${JSON.stringify(b)}`);
      check(['quiesced', 'crash'].includes(b.consistency), `a running instance's backup is ${b.consistency}`);
      check(disks.some((d) => d.id === b.volumeId), `backup ${b.name} is of no disk of ${INSTANCE}`);
      const row = page.locator(`#backups tr[data-backup="${b.name}"]`);
      await row.waitFor({ timeout: 30000 });
      check(await row.getAttribute('data-state') === 'READY', `the row of ${b.name} is ${await row.getAttribute('data-state')}`);
      check(await row.getAttribute('data-scheduled') === 'false', `the row of ${b.name} says scheduled`);
      await row.locator(`[data-pool="${BACKUP_POOL}"]`).waitFor();
      await row.locator(`[data-consistency="${b.consistency}"]`).waitFor();
    }
    // the consistency says what it means
    await page.locator(`#backups tr[data-backup="${made[0].name}"] [data-consistency]`).hover();
    await page.locator('[role="tooltip"]').getByText(en[`consistency.${made[0].consistency}.hint`]).waitFor();
    await page.waitForTimeout(400);
    await shot('02-listed-tooltip-en-wide');
    await page.mouse.move(0, 0);
    await everyWay(page, shot, '03-listed', zh['backup.manual']);
  });

  await step('a weekly schedule: a bad time is shown under its field, then saved and shown in words with its next run', async () => {
    await page.locator('#schedule-pool').selectOption(await optionValue(page, '#schedule-pool', BACKUP_POOL));
    await page.locator('#schedule-kind').selectOption('weekly');
    await page.locator('#schedule-day').selectOption('SUNDAY');
    await page.locator('#schedule-at').fill('25:00');
    await page.locator('#schedule-keep').fill('3');
    await page.locator('#schedule-save').click();
    await page.locator('#schedule-at-error').getByText(en['backup.badTime']).waitFor();
    await page.locator('#schedule-at').fill('03:30');
    await page.locator('#schedule-save').click();
    await page.locator('#backups-notice').getByText(en['backup.scheduleSaved']).waitFor();
    scheduleSet = true;
    await page.locator('#schedule-summary[data-kind="weekly"][data-at="03:30"]').waitFor();
    const saved = await api('GET', `/instances/${instance.id}/backup-schedule`);
    check(saved.status === 200 && saved.body.kind === 'weekly' && saved.body.at === '03:30' && saved.body.dayOfWeek === 'SUNDAY'
      && saved.body.keep === 3 && saved.body.poolId === pool.id, `the API has the schedule ${JSON.stringify(saved.body)}`);
    if (saved.body.nextRunAt) {
      await page.locator('#schedule-next').waitFor();
    }
    await everyWay(page, shot, '04-schedule', zh['backup.scheduleSave']);
  });

  await step('Run now makes a scheduled backup', async () => {
    const task = await clickAndFollow('#schedule-run', 'POST', `/instances/${instance.id}/backup-schedule/run`);
    check(task.operation === 'instance.backup', `Run now started ${task.operation}, not instance.backup`);
    const scheduled = (await backupsOf(instance.id)).filter((b) => !before.has(b.id) && b.scheduled);
    check(scheduled.length === disks.length, `${scheduled.length} scheduled backups after Run now: ${JSON.stringify(scheduled)}`);
    made = (await backupsOf(instance.id)).filter((b) => !before.has(b.id));
    for (const b of scheduled) {
      await page.locator(`#backups tr[data-backup="${b.name}"][data-scheduled="true"]`).waitFor({ timeout: 30000 });
    }
    await everyWay(page, shot, '05-run-now', zh['backup.scheduled']);
  });

  await step(`the first backup is restored as a new volume ${RESTORED} in ${RESTORE_POOL}; over the original is refused while it runs`, async () => {
    const first = made.find((b) => !b.scheduled);
    await page.locator(`#backup-restore-${cssId(first.id)}`).click();
    await page.locator('#restore-dialog').waitFor();
    // the instance runs: over the original is disabled and says why
    check(await page.locator('#restore-mode-overwrite').isDisabled(), 'over the original is offered while the instance runs');
    await page.locator('#restore-overwrite-reason[data-reason="backup.instanceRunning"]').waitFor();
    await page.locator('#restore-pool').selectOption(await optionValue(page, '#restore-pool', RESTORE_POOL));
    await page.locator('#restore-name').fill(RESTORED);
    await everyWay(page, shot, '06-restore', zh['backup.restoreNew']);
    const task = await clickAndFollow('#restore-submit', 'POST', `/backups/${first.id}/restore`);
    check(task.operation === 'backup.restore', `Restore started ${task.operation}, not backup.restore`);
    await shot('07-restored-en-wide');
    await page.locator('#restore-close').click();
    await page.locator('#restore-dialog').waitFor({ state: 'detached' });
    const volume = await named(api, '/volumes', RESTORED);
    check(volume && volume.poolId === restorePool.id && !volume.instanceId,
      `the restored volume is ${JSON.stringify(volume)} (expected detached in ${RESTORE_POOL})`);
  });

  await step('the first backup is deleted (asked first) and leaves the list', async () => {
    const first = made.find((b) => !b.scheduled);
    // the question is written when asked: asked once per language
    for (const language of ['zh-CN', 'en']) {
      await page.locator(`#lang-${language}`).click();
      await page.locator(`#backup-delete-${cssId(first.id)}`).click();
      await page.locator('#confirm').waitFor();
      const lang = language === 'en' ? 'en' : 'zh';
      if (lang === 'zh') {
        await page.locator('#confirm-title').getByText(zh['backup.deleteTitle'].replace('{name}', first.name)).waitFor();
        const left = await englishLeft(page);
        check(left.length === 0, `English left on the delete question in 简体中文: ${left.join(', ')}`);
      }
      for (const [width, size] of [['wide', WIDE], ['narrow', NARROW]]) {
        await page.setViewportSize(size);
        await page.waitForTimeout(300);
        await shot(`08-delete-confirm-${lang}-${width}`);
      }
      await page.setViewportSize(WIDE);
      if (lang === 'zh') {
        await page.locator('#confirm-no').click();
        await page.locator('#confirm').waitFor({ state: 'detached' });
      }
    }
    await page.locator('#confirm-yes').click();
    await page.locator(`#backups tr[data-backup="${first.name}"]`).waitFor({ state: 'detached', timeout: 600000 });
    const gone = await api('GET', `/backups/${first.id}`);
    check(gone.status === 404, `GET /backups/{id} of the deleted backup answered ${gone.status}`);
    const said = await page.locator('#problem').allInnerTexts();
    check(said.length === 0, `the page says: ${said.join(' ')}`);
  });

  await step(`the admins' Backups page lists every backup, filtered by ${BACKUP_POOL}`, async () => {
    await page.locator('#nav-backups').click();
    await page.locator('#backups-page').waitFor();
    const left = made.filter((b) => b.id !== made.find((x) => !x.scheduled).id);
    await page.locator(`#backups tr[data-backup="${left[0].name}"]`).waitFor({ timeout: 30000 });
    await page.locator('#backups-pool').selectOption(pool.id);
    await page.locator(`#backups tr[data-backup="${left[0].name}"]`).waitFor();
    const pools = await page.locator('#backups td[data-pool]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-pool')));
    check(pools.every((p) => p === BACKUP_POOL), `the filtered list shows pools ${[...new Set(pools)].join(', ')}`);
    await everyWay(page, shot, '09-backups-page', zh['nav.backups']);
  });

  await step('the volume row offers Back up…', async () => {
    await page.locator('#nav-volumes').click();
    await page.locator(`#actions-volumes-${cssId(disks[0].name)}`).click();
    await page.locator(`#backup-${cssId(disks[0].name)}`).click();
    await page.locator('#prompt').waitFor();
    await page.locator('#prompt-note[data-note="backup"]').waitFor();
    await page.locator('#field-poolId').selectOption(await optionValue(page, '#field-poolId', BACKUP_POOL));
    await everyWay(page, shot, '10-volume-backup', zh['backup.pool']);
    await page.locator('#prompt').getByRole('button', { name: en['form.cancel'], exact: true }).click();
  });

  await step('the schedule is removed (asked first)', async () => {
    await page.goto(`${base}/#/instances/${instance.id}/backups`);
    await page.locator('#backup-schedule[data-scheduled="true"]').waitFor();
    await page.locator('#schedule-remove').click();
    await page.locator('#confirm-yes').click();
    await page.locator('#schedule-summary[data-kind=""]').waitFor();
    const after = await api('GET', `/instances/${instance.id}/backup-schedule`);
    check(after.status === 404 || after.status === 204, `the schedule is still there: ${after.status} ${JSON.stringify(after.body)}`);
    scheduleSet = false;
  });

  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('backups e2e: all checks passed; screenshots in ' + shots);
} catch (e) {
  await reportFailure(e, page, current(), shots, 'backups', '#problem, #backups-notice, #backup-problem, #restore-problem, '
    + '[data-task-progress], [id$="-error"]');
} finally {
  // leave the engine as found: no schedule, no backups or volumes of ours
  if (instance) {
    if (scheduleSet) {
      await api('DELETE', `/instances/${instance.id}/backup-schedule`).catch(() => null);
      console.error('  cleanup: removed the schedule');
    }
    const ours = (await backupsOf(instance.id).catch(() => [])).filter((b) => !before.has(b.id));
    for (const b of ours) {
      await deleteQuietly(api, `/backups/${b.id}`);
      console.error(`  cleanup: deleted backup ${b.name}`);
    }
  }
  const restored = await named(api, '/volumes', RESTORED).catch(() => null);
  if (restored) {
    await deleteQuietly(api, `/volumes/${restored.id}`);
    console.error(`  cleanup: deleted volume ${RESTORED}`);
  }
  await browser.close();
}
