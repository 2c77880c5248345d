// Issue 16's acceptance in the browser: shared storage. Needs an engine with the nfs storage
// driver (ovm-plugin-nfs-storage), an NFS export, and two KVM hosts of this machine (KVM_URI and
// KVM_URI_2) with an instance whose disks are on a shared pool; run by an IT:
//   OVM_URL=http://127.0.0.1:52081 OVM_ADMIN_PASSWORD=... OVM_NFS_URI=nfs://127.0.0.1/... \
//   OVM_INSTANCE=vm1 OVM_TARGET_HOST=kvm2 SCREENSHOTS=dir node e2e/storage.e2e.mjs
// Optional: OVM_E2E_CLUSTER (the pool is attached to every host of this cluster; without it, to
// the instance's host and the target host, checked one by one), OVM_SOURCE_POOL (the pool the
// volume is made in and moved back to; default: the pool of the instance's first disk),
// OVM_E2E_MIGRATE_BACK (default 1: the instance goes back to its host at the end, through the API).
// The admin creates the NFS pool in the form (a bad uri and a bad overcommit ratio are shown under
// their fields first), sees it UP with its capacity, free space and allocation, and its hosts on
// the pool page; makes a volume (API) in the source pool, copies it to the NFS pool (Copy…, the
// task's progress bar), moves the copy back (Move to pool…, same id), and migrates the instance to
// the target host (Migrate…, "Automatic (placement)" offered first), seeing the host change on the
// instance page. Screenshots: storage-<step>-<en|zh>-<wide|narrow>.png (both languages, 1440 and 800 px).
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import {
  base, check, cssId, deleteQuietly, everyWay, finished, jsonApi, launch, logIn, named, optionValue, reportFailure,
  rowAction, steps, watchPolicyViolations, WIDE,
} from './lib.mjs';

const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
const NFS_URI = process.env.OVM_NFS_URI;
const INSTANCE = process.env.OVM_INSTANCE;
const TARGET_HOST = process.env.OVM_TARGET_HOST;
const CLUSTER = process.env.OVM_E2E_CLUSTER;
const SOURCE_POOL = process.env.OVM_SOURCE_POOL;
const MIGRATE_BACK = (process.env.OVM_E2E_MIGRATE_BACK || '1') !== '0';
const suffix = Date.now().toString(36);
const POOL = `nfs-${suffix}`;
const VOLUME = `i16-e2e-${suffix}`;
const COPY = `${VOLUME}-copy`;
mkdirSync(shots, { recursive: true });
check(base && adminPassword, 'set OVM_URL and OVM_ADMIN_PASSWORD');
check(NFS_URI && INSTANCE && TARGET_HOST, 'set OVM_NFS_URI (an NFS export: ./ovm backends env prints NFS_URI), OVM_INSTANCE '
  + '(a KVM instance on a shared pool) and OVM_TARGET_HOST (the host to migrate it to)');

const en = MESSAGES.en;
const zh = MESSAGES['zh-CN'];
const { step, current } = steps();
const api = jsonApi('admin', adminPassword);
const shot = (name) => page.screenshot({ path: `${shots}/storage-${name}.png`, fullPage: true });

/** Opens a page through the navigation (wide: the sidebar is open). */
async function open(id) {
  await page.locator(`#nav-${id}`).click();
  await page.waitForFunction((wanted) => location.hash.startsWith(`#/${wanted}`), id);
}

/** Waits until the followed task's bar of `operation` ends; it must have succeeded (else its label says why). */
async function progressSucceeds(operation, minutes = 10) {
  const bar = page.locator(`[data-task-progress="${operation}"]`).first();
  await bar.waitFor({ timeout: 30000 });
  await page.waitForFunction((op) => {
    const el = document.querySelector(`[data-task-progress="${op}"]`);
    return el && !['QUEUED', 'RUNNING'].includes(el.getAttribute('data-state'));
  }, operation, { polling: 500, timeout: minutes * 60000 });
  const state = await bar.getAttribute('data-state');
  check(state === 'SUCCEEDED', `${operation} ended ${state}: ${await bar.innerText()}`);
}

const browser = await launch();
let page;
let instance = null;
let volumeId = null;
try {
  page = await browser.newPage({ viewport: WIDE });
  const violations = watchPolicyViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let sourceHost;
  let targetHost;
  let sourcePool;

  await step('the engine has the nfs driver, the instance and the target host (API)', async () => {
    const drivers = await api('GET', '/drivers');
    check(drivers.status === 200 && (drivers.body.storage || []).includes('nfs'),
      `no storage driver of type nfs is installed (GET /drivers: ${JSON.stringify(drivers.body)}); install the feature `
      + 'ovm-plugin-nfs-storage (POST /plugins/ovm-plugin-nfs-storage/install) first');
    instance = await named(api, '/instances', INSTANCE);
    check(instance, `no instance ${INSTANCE}`);
    targetHost = await named(api, '/hosts', TARGET_HOST);
    check(targetHost, `no host ${TARGET_HOST}`);
    check(instance.hostId !== targetHost.id, `${INSTANCE} is on ${TARGET_HOST} already`);
    sourceHost = (await api('GET', `/hosts/${instance.hostId}`)).body;
    if (SOURCE_POOL) {
      sourcePool = await named(api, '/storage-pools', SOURCE_POOL);
    } else {
      const disks = (await api('GET', `/volumes?instanceId=${instance.id}&limit=100`)).body.items;
      check(disks.length, `${INSTANCE} has no disks; set OVM_SOURCE_POOL`);
      sourcePool = (await api('GET', `/storage-pools/${disks[0].poolId}`)).body;
    }
    check(sourcePool && sourcePool.id, `no source pool ${SOURCE_POOL || ''}`);
  });

  await step('the admin opens the pool form: nfs offered, a bad uri and a bad ratio shown under their fields', async () => {
    await logIn(page, 'admin', adminPassword);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
    await open('pools');
    await page.locator('#create-pools').click();
    await page.locator('#field-name').fill(POOL);
    await page.locator('#field-type option[value="nfs"]').waitFor({ state: 'attached', timeout: 10000 });
    await page.locator('#field-type').selectOption('nfs');
    await page.locator('#field-uri').fill('127.0.0.1:/export');
    await page.locator('#field-overcommitRatio').fill('0.5');
    await page.locator('#submit').click();
    await page.locator('#field-uri-error').getByText(en['pool.badNfsUri']).waitFor();
    await page.locator('#field-uri').fill(NFS_URI);
    await page.locator('#submit').click();
    await page.locator('#field-overcommitRatio-error').getByText(en['pool.badRatio']).waitFor();
    await page.locator('#field-overcommitRatio').fill('2');
    // the NFS owner hides behind the advanced settings: the engine's defaults stay
    check(await page.locator('#field-settings-nfsUid').count() === 0, 'the NFS owner shows before the advanced settings are opened');
    await page.locator('#field-advanced').click();
    check(await page.locator('#field-settings-nfsUid').getAttribute('placeholder') === '64055', 'the uid placeholder is not 64055');
    check(await page.locator('#field-settings-nfsGid').getAttribute('placeholder') === '107', 'the gid placeholder is not 107');
  });

  await step(CLUSTER ? `the pool is placed on cluster ${CLUSTER}` : `the pool is placed on ${sourceHost.name} and ${TARGET_HOST}`, async () => {
    if (CLUSTER) {
      await page.locator('#field-placement-cluster').check();
      await page.locator('#field-clusterId').selectOption(await optionValue(page, '#field-clusterId', CLUSTER));
    } else {
      await page.locator('#field-placement-hosts').check();
      await page.locator(`#field-hostIds-${cssId(sourceHost.name)}`).check();
      await page.locator(`#field-hostIds-${cssId(TARGET_HOST)}`).check();
    }
    await everyWay(page, shot, '01-form', zh['pool.placement']);
    await page.locator('#submit').click();
    await page.locator(`#table-pools tr[data-row="${POOL}"]`).waitFor();
  });

  await step('the pool comes UP with its capacity, free space and allocation', async () => {
    const row = page.locator(`#table-pools tr[data-row="${POOL}"]`);
    await row.locator('[data-pool-state="UP"]').waitFor({ timeout: 120000 }).catch(async () => {
      throw new Error(`pool ${POOL} is not UP: ${await row.innerText()}`);
    });
    await row.locator('[data-total]').waitFor();
    const total = Number(await row.locator('[data-total]').getAttribute('data-total'));
    const free = Number(await row.locator('[data-free]').getAttribute('data-free'));
    check(total > 0 && free > 0 && free <= total, `the row shows total ${total}, free ${free}`);
    const limit = Number(await row.locator('[data-allocated]').getAttribute('data-limit'));
    check(limit === total * 2, `the allocation limit is ${limit}, not 2 × ${total}`);
    if (!CLUSTER) {
      await row.locator('[data-pool-hosts="2/2"]').waitFor({ timeout: 60000 }).catch(async () => {
        throw new Error(`the row does not show 2 of 2 hosts up: ${await row.innerText()}`);
      });
    }
    await everyWay(page, shot, '02-pools', zh['col.allocated']);
  });

  await step('the pool page lists its hosts, each UP', async () => {
    await page.locator(`[data-pool-link="${POOL}"]`).click();
    await page.locator(`#pool-page[data-pool="${POOL}"]`).waitFor();
    for (const host of CLUSTER ? [] : [sourceHost.name, TARGET_HOST]) {
      await page.locator(`#pool-hosts tr[data-pool-host="${host}"][data-state="UP"]`).waitFor({ timeout: 60000 });
    }
    await page.locator('#pool-hosts tr[data-state="UP"]').first().waitFor({ timeout: 60000 });
    await page.locator('#pool-used').waitFor();
    await everyWay(page, shot, '03-pool-page', zh['pool.hosts']);
  });

  await step(`a volume in ${sourcePool.name} is copied to the NFS pool (Copy…), its progress shown`, async () => {
    const made = await api('POST', '/volumes', { name: VOLUME, poolId: sourcePool.id, sizeGiB: 1 });
    volumeId = await finished(api, made).catch((e) => { throw new Error(`creating ${VOLUME}: ${e.message}`); });
    await open('volumes');
    await rowAction(page, 'volumes', VOLUME, 'copy');
    await page.locator('#prompt').waitFor();
    const pool = await optionValue(page, '#field-poolId', POOL);
    await page.locator('#field-poolId').selectOption(pool);
    check(await page.locator('#field-name').inputValue() === COPY, `the copy is not named ${COPY} by default`);
    await shot('04-copy-dialog-en-wide');
    await page.locator('#prompt-submit').click();
    await page.locator('#prompt').waitFor({ state: 'detached' });
    await progressSucceeds('volume.copy');
    await page.locator(`#table-volumes tr[data-row="${COPY}"]`).waitFor({ timeout: 30000 });
    const copy = await named(api, '/volumes', COPY);
    check(copy && copy.poolId === pool, `${COPY} is not in ${POOL}: ${JSON.stringify(copy)}`);
    await everyWay(page, shot, '05-copied', zh['nav.volumes']);
  });

  await step(`the copy moves back to ${sourcePool.name} (Move to pool…), keeping its id`, async () => {
    const before = await named(api, '/volumes', COPY);
    await rowAction(page, 'volumes', COPY, 'move');
    await page.locator('#prompt').waitFor();
    // a detached volume moves offline; its own pool is not offered
    await page.locator('#prompt-note[data-note="offline"]').getByText(en['volume.moveOfflineHint']).waitFor();
    check(await page.locator(`#field-poolId option[value="${before.poolId}"]`).count() === 0, 'the picker offers the volume\'s own pool');
    await page.locator('#field-poolId').selectOption(await optionValue(page, '#field-poolId', sourcePool.name));
    await shot('06-move-dialog-en-wide');
    await page.locator('#prompt-submit').click();
    await page.locator('#prompt').waitFor({ state: 'detached' });
    await progressSucceeds('volume.migrate');
    const after = await named(api, '/volumes', COPY);
    check(after.id === before.id && after.poolId === sourcePool.id,
      `after the move ${COPY} is ${JSON.stringify(after)} (was ${before.id} in ${before.poolId})`);
    await everyWay(page, shot, '07-moved', zh['nav.volumes']);
  });

  await step(`${INSTANCE} migrates to ${TARGET_HOST} (Migrate…); the instance page shows the new host`, async () => {
    await page.goto(`${base}/#/instances/${instance.id}`);
    await page.locator(`#instance-page[data-instance="${INSTANCE}"]`).waitFor();
    const button = page.locator('#action-migrate');
    check(await button.getAttribute('aria-disabled') !== 'true', `Migrate… is disabled: ${await button.getAttribute('data-reason')}`);
    await button.click();
    await page.locator('#migrate-dialog').waitFor();
    // automatic placement first, then the other hosts of the type
    check(await page.locator('#migrate-host').inputValue() === '', 'the host picker does not start at automatic placement');
    check((await page.locator('#migrate-host option').first().innerText()).trim() === en['migrate.auto'], 'the first choice is not automatic');
    const mode = await page.locator('#migrate-mode').getAttribute('data-mode');
    check(mode === (instance.state === 'RUNNING' ? 'live' : 'offline'), `the dialog says ${mode} for a ${instance.state} instance`);
    await page.locator('#migrate-host').selectOption(await optionValue(page, '#migrate-host', TARGET_HOST));
    await everyWay(page, shot, '08-migrate-dialog', zh['migrate.host']);
    await page.locator('#migrate-submit').click();
    await page.locator('#migrate-dialog [data-task-progress="instance.migrate"]').waitFor({ timeout: 30000 }).catch(() => {});
    await page.locator('#migrate-dialog').waitFor({ state: 'detached', timeout: 600000 });
    const said = await page.locator('#problem').allInnerTexts();
    check(said.length === 0, `the migration failed: ${said.join(' ')}`);
    await page.locator('#instance-notice').getByText(`${en['op.instance.migrate']}: ${en['task.SUCCEEDED']}`).waitFor();
    await page.locator('[data-summary="host"]').getByText(TARGET_HOST).waitFor({ timeout: 30000 }).catch(async () => {
      throw new Error(`the instance page shows host ${await page.locator('[data-summary="host"]').innerText()}`);
    });
    const moved = (await api('GET', `/instances/${instance.id}`)).body;
    check(moved.hostId === targetHost.id, `the API has ${INSTANCE} on ${moved.hostName || moved.hostId}`);
    check(moved.state === instance.state, `${INSTANCE} was ${instance.state}, is ${moved.state} after the migration`);
    await everyWay(page, shot, '09-migrated', zh['action.migrate']);
  });

  await step('the hosts page and the tasks page show the new work', async () => {
    await open('hosts');
    await page.locator(`#table-hosts tr[data-row="${TARGET_HOST}"]`).waitFor();
    await everyWay(page, shot, '10-hosts', zh['nav.hosts']);
    await open('tasks');
    await page.getByText(en['op.instance.migrate']).first().waitFor();
    await everyWay(page, shot, '11-tasks', zh['op.instance.migrate']);
  });

  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('storage e2e: all checks passed; screenshots in ' + shots);
} catch (e) {
  await reportFailure(e, page, current(), shots, 'storage', '#problem, #form-problem, #notice, #pool-notice, #instance-notice, '
    + '#migrate-problem, #migrate-local-disks, [data-task-progress], [id$="-error"]');
} finally {
  // leave the engine as found: the instance on its host, no volumes of ours, no pool
  if (MIGRATE_BACK && instance) {
    const now = (await api('GET', `/instances/${instance.id}`).catch(() => null));
    if (now && now.body && now.body.hostId && now.body.hostId !== instance.hostId) {
      const back = await api('POST', `/instances/${instance.id}/migrate`, { hostId: instance.hostId }).catch(() => null);
      if (back) {
        await finished(api, back).then(() => console.error(`  cleanup: ${INSTANCE} migrated back`),
          (e) => console.error(`  cleanup: migrating ${INSTANCE} back: ${e.message}`));
      }
    }
  }
  for (const name of [COPY, VOLUME]) {
    const volume = await named(api, '/volumes', name).catch(() => null);
    if (volume) {
      await deleteQuietly(api, `/volumes/${volume.id}`);
      console.error(`  cleanup: deleted volume ${name}`);
    }
  }
  const pool = await named(api, '/storage-pools', POOL).catch(() => null);
  if (pool) {
    await deleteQuietly(api, `/storage-pools/${pool.id}`);
    console.error(`  cleanup: removed pool ${POOL}`);
  }
  await browser.close();
}
