// End-to-end test of the portal in headless Chromium (Debian's), driven by playwright-core.
// Run by itests' PortalIT against a started distribution:
//   OVM_URL=http://127.0.0.1:28181 OVM_ADMIN_PASSWORD=... SCREENSHOTS=dir node e2e/portal.e2e.mjs
// The admin builds the inventory through the portal's forms (the plugin install and a second
// tenant go through the API), then a user works through the wizard and the instance actions.
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import {
  act, base, check, confirm, createThrough, englishLeft, finished, jsonApi, launch, logIn, optionValue, rowAction, watchPolicyViolations,
} from './lib.mjs';

const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });

const api = jsonApi('admin', adminPassword);
const task = (reply) => finished(api, reply);

/** Waits until the simulator plugin (installed from the plugins page) provides its services. */
async function simulatorReady() {
  for (let i = 0; i < 50; i++) {
    if ((await api('GET', '/plugins/ovm-plugin-simulator')).body.services.length > 0) {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the simulator plugin did not start');
}

/** Another VDC with its own user and instance, made through the API, that alice must never see. */
async function otherTeam(hostId) {
  const teamB = (await api('POST', '/vdcs', { name: 'team-b' })).body.id;
  const user = await api('POST', '/users', { username: 'bob', password: 'bob-password', role: 'user', vdcId: teamB });
  check(user.status === 201, `user bob: ${user.status}`);
  return task(await api('POST', '/instances', { name: 'web-b', cpus: 1, memoryMiB: 256, hostId }, 'bob', 'bob-password'));
}

/** Fills and submits an administration page's create form (lib.mjs), then a screenshot of the page. */
async function createAndShow(page, nav, fields, rowName) {
  await createThrough(page, nav, fields, rowName);
  await page.screenshot({ path: `${shots}/admin-${nav}.png` });
}

async function quotaShows(page, text) {
  await page.locator('#nav-dashboard').click();
  await page.locator('#quota-team-a-instances').getByText(text).waitFor();
}

async function instanceState(page, name, state) {
  await page.locator(`#instances tr[data-instance="${name}"]`).getByText(MESSAGES.en[`state.${state}`]).waitFor({ timeout: 30000 });
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const violations = watchPolicyViolations(page);

  // a wrong password is refused in the page, without a browser dialog
  await logIn(page, 'admin', 'wrong-password');
  await page.getByText(MESSAGES.en['login.failed']).waitFor();
  await page.screenshot({ path: `${shots}/01-login-refused.png` });

  // the admin builds the inventory and a tenant through the portal's forms
  await logIn(page, 'admin', adminPassword);
  await page.locator('#nav-zones').waitFor();
  // one-click plugin install from the plugins page
  await page.locator('#nav-plugins').click();
  await rowAction(page, 'plugins', 'ovm-plugin-simulator', 'install');
  await page.locator('#table-plugins tr[data-row="ovm-plugin-simulator"]').getByText(MESSAGES.en['managed.yes'], { exact: true })
    .waitFor({ timeout: 60000 });
  // a third-party plugin uploaded as a KAR file installs at once
  if (process.env.HELLO_KAR) {
    await page.locator('#upload-plugins').setInputFiles(process.env.HELLO_KAR);
    await page.locator('#table-plugins tr[data-row="ovm-plugin-hello"]').waitFor({ timeout: 60000 });
  }
  await page.screenshot({ path: `${shots}/admin-plugins.png` });
  await simulatorReady();
  // the form checks what the API would refuse before sending it
  await page.locator('#nav-zones').click();
  await page.locator('#create-zones').click();
  await page.locator('#field-name').fill('-bad name');
  await page.locator('#submit').click();
  await page.getByText(MESSAGES.en['form.badName']).waitFor();
  await page.screenshot({ path: `${shots}/admin-zones-invalid.png` });
  await page.keyboard.press('Escape');
  await createAndShow(page, 'zones', { name: 'z-portal' }, 'z-portal');
  await createAndShow(page, 'clusters', { name: 'c-portal', zoneId: 'z-portal', hypervisorType: 'simulator' }, 'c-portal');
  // a KVM host's form asks for the driver's settings too (type selects offer installed drivers only)
  await task(await api('POST', '/plugins/ovm-plugin-kvm/install'));
  await page.locator('#nav-hosts').click();
  await page.locator('#create-hosts').click();
  await page.locator('#field-type').selectOption({ label: 'kvm' });
  await page.locator('#field-settings-consoleListen').waitFor();
  await page.locator('#field-settings-domainType').waitFor();
  await page.keyboard.press('Escape');
  await createAndShow(page, 'hosts', { name: 'portal-sim', type: 'simulator', uri: 'sim://portal?cpus=16&memoryMiB=32768',
    clusterId: 'c-portal' }, 'portal-sim');
  await page.locator('#table-hosts tr[data-row="portal-sim"]').getByText(MESSAGES.en['hostState.UP'], { exact: true }).waitFor({ timeout: 30000 });
  // maintenance and back: the host reconnects and is up again
  // maintenance asks first: Cancel changes nothing
  await rowAction(page, 'hosts', 'portal-sim', 'maintenance');
  await page.locator('#confirm-no').click();
  await page.locator('#confirm').waitFor({ state: 'detached' });
  check(await page.locator('#table-hosts tr[data-row="portal-sim"]').getByText(MESSAGES.en['hostState.UP'], { exact: true }).count() === 1,
    'Cancel still put the host into maintenance');
  await rowAction(page, 'hosts', 'portal-sim', 'maintenance');
  await confirm(page);
  await page.locator('#table-hosts tr[data-row="portal-sim"]').getByText(MESSAGES.en['hostState.MAINTENANCE'], { exact: true }).waitFor();
  await page.waitForTimeout(500);
  check(!(await page.locator('#problem').count()), 'entering maintenance shows no problem');
  await page.screenshot({ path: `${shots}/admin-hosts-maintenance.png` });
  await rowAction(page, 'hosts', 'portal-sim', 'activate');
  await page.locator('#table-hosts tr[data-row="portal-sim"]').getByText(MESSAGES.en['hostState.UP'], { exact: true }).waitFor({ timeout: 30000 });
  // a host that lost power (the simulator's down marker) is DOWN after two missed probes; confirming that
  // it is off asks first, saying what happens, and starts the HA restart task (nothing HA runs there)
  const lostMarker = `${shots}/portal-lost.down`;
  writeFileSync(lostMarker, 'off');
  const portalCluster = (await api('GET', '/clusters?name=c-portal')).body.items[0].id;
  const lost = (await api('POST', '/hosts', { name: 'portal-lost', type: 'simulator', clusterId: portalCluster,
    uri: `sim://portal-lost?down=${lostMarker}` })).body.resourceId;
  await page.reload();
  await page.locator('#table-hosts tr[data-row="portal-lost"]').getByText(MESSAGES.en['hostState.DOWN'], { exact: true })
    .waitFor({ timeout: 60000 });
  await rowAction(page, 'hosts', 'portal-lost', 'confirmDown');
  check((await page.locator('#confirm-message').textContent()).includes('is powered off'),
    'the confirmation says the admin vouches that the host is off');
  await confirm(page);
  await page.waitForTimeout(500);
  check(!(await page.locator('#problem').count()), 'confirming a DOWN host shows no problem');
  check((await api('GET', `/tasks?resourceId=${lost}&limit=10`)).body.items.some((t) => t.operation === 'host.ha-restart'),
    'the HA restart task started');
  await page.screenshot({ path: `${shots}/admin-hosts-confirm-down.png` });
  unlinkSync(lostMarker);
  check((await api('DELETE', `/hosts/${lost}`)).status === 204, 'the lost host is removed again');
  await page.reload();
  await createAndShow(page, 'pools', { name: 'pool1', type: 'simulator', uri: 'sim://pool1', hostId: 'portal-sim' }, 'pool1');
  await page.locator('#table-pools tr[data-row="pool1"]').getByText(MESSAGES.en['poolState.UP'], { exact: true }).waitFor({ timeout: 30000 });
  await createAndShow(page, 'networks', { name: 'lan', type: 'simulator', cidr: '10.50.0.0/24', gateway: '10.50.0.1' }, 'lan');
  await createAndShow(page, 'policies', { name: 'mem-first', scorers: 'free-memory=2, fewest-instances=1',
    parameters: 'tieBreak=name' }, 'mem-first');
  await page.locator('#table-policies tr[data-row="mem-first"]').getByText('free-memory×2').waitFor();
  // a policy is edited in place, its form filled with what it holds
  await rowAction(page, 'policies', 'mem-first', 'edit');
  check(await page.locator('#field-scorers').inputValue() === 'free-memory=2, fewest-instances=1', 'the edit form is filled');
  await page.locator('#field-scorers').fill('free-memory=3');
  await page.locator('#prompt-submit').click();
  await page.locator('#table-policies tr[data-row="mem-first"]').getByText('free-memory×3').waitFor();
  await page.locator('#actions-policies-performance').click();
  check(!(await page.locator('#edit-performance').count()), 'built-in policies have no edit button');
  // a built-in policy cannot be deleted: its Delete is disabled and says why
  check(await page.locator('#delete-performance').evaluate((el) => el.disabled || el.getAttribute('aria-disabled') === 'true'),
    'a built-in policy offers Delete');
  await page.getByText(MESSAGES.en['safety.builtIn']).waitFor();
  await page.keyboard.press('Escape');
  // an image file uploaded from the browser lands in the pool and the catalogue
  await page.locator('#nav-images').click();
  await page.locator('#upload-open-images').click();
  await page.locator('#field-name').fill('tiny-raw');
  await page.locator('#field-kind').selectOption({ label: MESSAGES.en['imageKind.template'] });
  await page.locator('#field-format').selectOption({ label: 'raw' });
  await page.locator('#field-poolId').selectOption({ label: 'pool1' });
  await page.locator('#upload-file-images').setInputFiles({ name: 'tiny.raw', mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(1 << 20) });
  await page.locator('#upload-submit-images').click();
  await page.locator('#table-images tr[data-row="tiny-raw"]').waitFor({ timeout: 30000 });
  check((await api('GET', '/images?name=tiny-raw')).body.items[0].sizeBytes === 1 << 20, 'the whole file arrived');
  // an ISO (an ISO 9660 volume descriptor at 32 KiB) for installs
  const iso = Buffer.alloc(40 * 1024);
  iso.write('\u0001CD001', 32 * 1024, 'latin1');
  await page.locator('#upload-open-images').click();
  await page.locator('#field-name').fill('tiny-iso');
  await page.locator('#field-kind').selectOption({ label: MESSAGES.en['imageKind.iso'] });
  await page.locator('#field-format').selectOption({ label: 'iso' });
  await page.locator('#field-poolId').selectOption({ label: 'pool1' });
  await page.locator('#upload-file-images').setInputFiles({ name: 'tiny.iso', mimeType: 'application/octet-stream', buffer: iso });
  await page.locator('#upload-submit-images').click();
  await page.locator('#table-images tr[data-row="tiny-iso"]').waitFor({ timeout: 30000 });
  for (const nav of ['images', 'events']) {
    await page.locator(`#nav-${nav}`).click();
    await page.locator(`#table-${nav}`).or(page.getByText(MESSAGES.en['list.empty'])).first().waitFor();
    await page.screenshot({ path: `${shots}/admin-${nav}.png` });
  }
  await createAndShow(page, 'vdcs', { name: 'team-a', 'quota.instances': '4', 'quota.cpus': '8' }, 'team-a');
  // quotas are changed in place; dimensions left empty are unlimited
  await rowAction(page, 'vdcs', 'team-a', 'edit-quota');
  check(await page.locator('#field-instances').inputValue() === '4', 'the quota form shows the quota');
  await page.locator('#field-instances').fill('5');
  await page.locator('#prompt-submit').click();
  await page.locator('#table-vdcs tr[data-row="team-a"]').getByText('/5').waitFor();
  await createAndShow(page, 'users', { username: 'alice', password: 'alice-password', role: MESSAGES.en['role.user'],
    vdcId: 'team-a' }, 'alice');
  // the API's refusal is shown in the form, naming the field
  await page.locator('#create-users').click();
  await page.locator('#field-username').fill('alice');
  await page.locator('#field-password').fill('x');
  await page.locator('#field-role').selectOption({ label: MESSAGES.en['role.user'] });
  await page.locator('#submit').click();
  await page.locator('#form-problem, .pf-m-error').first().waitFor();
  await page.screenshot({ path: `${shots}/admin-users-refused.png` });
  await page.keyboard.press('Escape');
  const hostId = (await api('GET', '/hosts?name=portal-sim')).body.items[0].id;
  const webB = await otherTeam(hostId);
  // long lists come in pages
  for (let i = 0; i < 25; i++) {
    check((await api('POST', '/zones', { name: `bulk-${String(i).padStart(2, '0')}` })).status === 201, 'bulk zone');
  }
  await page.locator('#nav-zones').click();
  await page.locator('#pager-zones').getByText('26').filter({ visible: true }).first().waitFor();
  check(await page.locator('#table-zones tbody tr').count() === 20, 'the first page holds 20 zones');
  await page.locator('#pager-zones').getByRole('button', { name: MESSAGES.en['pager.next'] }).click();
  await page.waitForFunction(() => document.querySelectorAll('#table-zones tbody tr').length === 6);
  await page.screenshot({ path: `${shots}/admin-zones-page2.png` });
  // the audit log filtered by user: only what bob did
  await page.locator('#nav-events').click();
  await page.locator('#filter-user').fill('bob');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#table-events tbody tr')];
    return rows.length > 0 && rows.every((row) => row.querySelector('td[data-label="User"]').innerText.trim() === 'bob');
  });
  await page.screenshot({ path: `${shots}/admin-events-bob.png` });
  await page.locator('#logout').click();

  // alice creates an instance with the wizard and watches its task finish
  await logIn(page, 'alice', 'alice-password');
  await quotaShows(page, '0 of 5');
  await page.locator('#nav-instances').click();
  await page.locator('#create-instance').click();
  await page.locator('#field-name').fill('web-a');
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: MESSAGES.en['wizard.next'], exact: true }).click();
  await page.locator('#field-memoryMiB').fill('256');
  await dialog.getByRole('button', { name: MESSAGES.en['wizard.next'], exact: true }).click();
  // placed in her admin's cluster: the choice offers it with its free capacity
  await page.locator('#placement-cluster').check();
  await page.locator('#placement-target').selectOption(await optionValue(page, '#placement-target', 'c-portal'));
  await page.screenshot({ path: `${shots}/02-wizard-placement.png` });
  await dialog.getByRole('button', { name: MESSAGES.en['wizard.next'], exact: true }).click();
  // installing from an ISO needs a pool and a disk size: the wizard asks for both before going on
  await page.locator('#field-isoImageId').selectOption({ label: 'tiny-iso' });
  check(!(await page.locator('#field-imageId').count()), 'a template and an ISO exclude each other');
  await page.locator('#field-storagePoolId').waitFor();
  check(await dialog.getByRole('button', { name: MESSAGES.en['wizard.next'], exact: true }).isDisabled(),
    'an ISO install without pool and disk cannot go on');
  await page.locator('#field-isoImageId').selectOption({ label: MESSAGES.en['form.none'] });
  await page.locator('#field-imageId').waitFor();
  await page.screenshot({ path: `${shots}/02-wizard-source.png` });
  await dialog.getByRole('button', { name: MESSAGES.en['wizard.next'], exact: true }).click();
  // the network step: each network with its type, subnet and free addresses ("lan (simulator · ...)")
  await page.locator('#field-networkId').selectOption(await optionValue(page, '#field-networkId', 'lan'));
  await page.screenshot({ path: `${shots}/02-wizard-network.png` });
  await dialog.getByRole('button', { name: MESSAGES.en['wizard.next'], exact: true }).click();
  await page.screenshot({ path: `${shots}/03-wizard-review.png` });
  await dialog.getByRole('button', { name: MESSAGES.en['wizard.create'], exact: true }).click();
  await page.getByText(`${MESSAGES.en['op.instance.create']}: ${MESSAGES.en['task.SUCCEEDED']}`)
    .waitFor({ timeout: 60000 });
  await instanceState(page, 'web-a', 'RUNNING');
  await page.locator('#instances tr[data-instance="web-a"]').getByText('10.50.0.2').waitFor();
  check(await page.locator('tr[data-instance="web-b"]').count() === 0, 'alice sees bob\'s instance');
  check((await api('GET', `/instances/${webB}`, undefined, 'alice', 'alice-password')).status === 404,
    'the API shows alice bob\'s instance');
  check(await page.evaluate(() => JSON.stringify(sessionStorage).includes('alice-password')) === false,
    'the portal kept the password');
  await page.screenshot({ path: `${shots}/04-instances.png` });
  await quotaShows(page, '1 of 5');
  await page.screenshot({ path: `${shots}/05-overview.png` });

  // changes made elsewhere reach the page as pushed events, without a reload
  await page.locator('#live-indicator[data-connected="true"]').waitFor();
  await page.locator('#nav-instances').click();
  const eventsBefore = await page.evaluate(() => window.ovmLiveEvents);
  const webA = (await api('GET', '/instances?name=web-a')).body.items[0].id;
  await task(await api('POST', `/instances/${webA}/stop?force=true`));
  await instanceState(page, 'web-a', 'STOPPED');
  check(await page.evaluate(() => window.ovmLiveEvents) > eventsBefore, 'no engine event reached the page');
  await task(await api('POST', `/instances/${webA}/start`));
  await instanceState(page, 'web-a', 'RUNNING');

  // stop and start it from the portal
  await page.locator('#nav-instances').click();
  await act(page, 'web-a', 'shutdown');
  await instanceState(page, 'web-a', 'STOPPED');
  await act(page, 'web-a', 'start');
  await instanceState(page, 'web-a', 'RUNNING');

  // snapshots: take one, revert to it, delete it
  await act(page, 'web-a', 'snapshots');
  await page.locator('#field-name').fill('before');
  await page.locator('#field-description').fill('before the upgrade');
  await page.locator('#take-snapshot').click();
  await page.locator('#snapshots tr[data-snapshot="before"]').waitFor({ timeout: 30000 });
  await page.locator('#snapshots tr[data-snapshot="before"]').getByRole('button', { name: MESSAGES.en['snapshots.revert'] }).click();
  await confirm(page);
  await page.getByText(`${MESSAGES.en['op.instance.revert']}: ${MESSAGES.en['task.SUCCEEDED']}`).waitFor({ timeout: 30000 });
  await page.screenshot({ path: `${shots}/05b-snapshots.png` });
  await page.locator('#snapshots tr[data-snapshot="before"]').getByRole('button', { name: MESSAGES.en['form.delete'] }).click();
  await confirm(page);
  await page.locator('#snapshots tr[data-snapshot="before"]').waitFor({ state: 'detached', timeout: 30000 });
  await page.keyboard.press('Escape');

  // her tasks, with their progress
  await page.locator('#nav-tasks').click();
  await page.locator('#tasks').getByText(MESSAGES.en['task.SUCCEEDED']).first().waitFor();
  await page.screenshot({ path: `${shots}/06-tasks.png` });

  // Simplified Chinese: no English UI string left on the instance list
  await page.locator('#nav-instances').click();
  await page.locator('#instances tr[data-instance="web-a"]').waitFor();
  await page.locator('#lang-zh-CN').click();
  await page.getByText(MESSAGES['zh-CN']['state.RUNNING']).first().waitFor();
  const left = await englishLeft(page);
  check(left.length === 0, `English left after switching to 简体中文: ${left.join(', ')}`);
  await page.screenshot({ path: `${shots}/07-instances-zh.png` });
  await page.locator('#lang-en').click();

  // a volume of her own in a pool she can pick (without seeing where it lives)
  await createAndShow(page, 'volumes', { name: 'data1', poolId: 'pool1', sizeGiB: '1' }, 'data1');
  const volume = page.locator('#table-volumes tr[data-row="data1"]');
  await volume.getByText(MESSAGES.en['volumeState.DETACHED']).waitFor({ timeout: 30000 });
  // attached to her running instance, detached again, grown
  await rowAction(page, 'volumes', 'data1', 'attach');
  await page.locator('#field-instanceId').selectOption({ label: 'web-a' });
  await page.locator('#prompt-submit').click();
  await volume.getByText(MESSAGES.en['volumeState.ATTACHED']).waitFor({ timeout: 30000 });
  await page.screenshot({ path: `${shots}/05c-volumes.png` });
  await rowAction(page, 'volumes', 'data1', 'detach');
  await confirm(page);
  await volume.getByText(MESSAGES.en['volumeState.DETACHED']).waitFor({ timeout: 30000 });
  await rowAction(page, 'volumes', 'data1', 'grow');
  await page.locator('#field-sizeGiB').fill('2');
  await page.locator('#prompt-submit').click();
  await volume.getByText('2.0 GiB').waitFor({ timeout: 30000 });
  await rowAction(page, 'volumes', 'data1', 'delete');
  await confirm(page);
  await page.locator('#table-volumes tr[data-row="data1"]').waitFor({ state: 'detached', timeout: 30000 });
  await page.locator('#nav-instances').click();

  // delete it: the quota bar goes back
  await act(page, 'web-a', 'delete');
  await confirm(page);
  await page.locator('#instances tr[data-instance="web-a"]').waitFor({ state: 'detached', timeout: 30000 });
  await quotaShows(page, '0 of 5');

  // logging out ends the session
  await page.locator('#logout').click();
  await page.getByText(MESSAGES.en['login.title']).first().waitFor();
  check(await page.evaluate(() => sessionStorage.getItem('ovm.session')) === null, 'the token outlived logout');
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('portal e2e: all checks passed; screenshots in ' + shots);
} finally {
  await browser.close();
}
