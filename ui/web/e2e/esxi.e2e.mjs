// A standalone ESXi host added through the portal, without vCenter: the admin fills the ESXi host
// form, reads the certificate the host presents, checks its SHA-256 fingerprint against the one
// known out of band, trusts it and adds the host; once the host is up its VMs show in the one
// instance list with an ESXi badge and its datastore is a storage pool. Run by itests against a
// distribution with the esxi plugin and a (simulated) ESXi host (./ovm backends up esxi prints the
// ESXI_* variables):
//   OVM_URL=http://127.0.0.1:28181 OVM_USER=admin OVM_PASSWORD=... ESXI_URL=https://127.0.0.1:18443/sdk \
//   ESXI_USER=root ESXI_PASSWORD=... ESXI_THUMBPRINT=AA:BB:... SCREENSHOTS=dir node e2e/esxi.e2e.mjs
// Optional: OVM_E2E_ESXI_HOST (the host's name, default esxi-e2e-<time>), OVM_E2E_ESXI_CLUSTER (a
// cluster to put it in), OVM_E2E_ESXI_VM (default ha-host_VM0), OVM_E2E_DATASTORE (default LocalDS_0).
// The host is left in place (the IT goes on with it, or deletes it).
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import { fingerprintDigits } from '../src/esxi.js';
import { apiAs, base, check, launch, logIn, optionValue, reportFailure, steps, watchPolicyViolations } from './lib.mjs';

const user = process.env.OVM_USER;
const password = process.env.OVM_PASSWORD;
const esxiUrl = process.env.ESXI_URL;
const esxiUser = process.env.ESXI_USER;
const esxiPassword = process.env.ESXI_PASSWORD;
const thumbprint = process.env.ESXI_THUMBPRINT;
const host = process.env.OVM_E2E_ESXI_HOST || `esxi-e2e-${Date.now().toString(36)}`;
const cluster = process.env.OVM_E2E_ESXI_CLUSTER;
const vm = process.env.OVM_E2E_ESXI_VM || 'ha-host_VM0';
const datastore = process.env.OVM_E2E_DATASTORE || 'LocalDS_0';
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });
check(base && user && password, 'set OVM_URL, OVM_USER and OVM_PASSWORD (an admin)');
check(esxiUrl && esxiUser && esxiPassword && thumbprint, 'set ESXI_URL, ESXI_USER, ESXI_PASSWORD and ESXI_THUMBPRINT');

const en = MESSAGES.en;
/** The pool the engine makes of the host's datastore, named as it names them (HostPools.poolName). */
const pool = `${host}-${datastore}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
let page;
const { step, current } = steps();
const api = apiAs(user, password);

const hostRow = () => page.locator(`#table-hosts tr[data-row="${host}"]`);

const browser = await launch();
try {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const violations = watchPolicyViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await step(`log in as ${user}`, async () => {
    await logIn(page, user, password);
    await page.locator('#nav-hosts').waitFor();
  });

  await step('the host form asks an ESXi host for credentials and its certificate', async () => {
    await page.locator('#nav-hosts').click();
    await page.locator('#create-hosts').click();
    await page.locator('#field-name').fill(host);
    await page.locator('#field-type').selectOption({ label: 'esxi' });
    await page.locator('#field-username').waitFor();
    check(await page.locator('#field-username').getAttribute('placeholder') === 'root', 'the user name field does not suggest root');
    // without an address there is nothing to read
    check(await page.locator('#read-certificate').isDisabled(), 'Read certificate is enabled before an address is given');
    await page.locator('#field-uri').fill(esxiUrl);
    await page.locator('#field-username').fill(esxiUser);
    await page.locator('#field-password').fill(esxiPassword);
    if (cluster) {
      await page.locator('#field-clusterId').selectOption(await optionValue(page, '#field-clusterId', cluster));
    }
    // left empty, the fingerprint is trusted on first use: the form says so
    await page.locator('#field-settings-thumbprint-hint').getByText(en['host.thumbprintFirstUse']).waitFor();
    await page.locator('#field-settings-insecure-hint').getByText(en['host.insecureWarning']).waitFor();
  });

  await step('read the certificate: its SHA-256 is the one known out of band', async () => {
    await page.locator('#read-certificate').click();
    await page.locator('#certificate-sha256').or(page.locator('#certificate-problem')).first().waitFor({ timeout: 30000 });
    if (await page.locator('#certificate-problem').count()) {
      throw new Error(`reading the certificate was refused: ${await page.locator('#certificate-problem').innerText()}`);
    }
    const shown = (await page.locator('#certificate-sha256').innerText()).trim();
    console.log(`  the host presents ${shown}`);
    check(fingerprintDigits(shown) === fingerprintDigits(thumbprint), `the form shows ${shown}, ESXI_THUMBPRINT is ${thumbprint}`);
    for (const part of ['subject', 'issuer', 'validity']) {
      check((await page.locator(`#certificate [data-certificate-part="${part}"]`).innerText()).trim(), `the certificate's ${part} is empty`);
    }
    await page.screenshot({ path: `${shots}/e01-certificate.png` });
  });

  await step('trust it: the fingerprint goes into the form', async () => {
    await page.locator('#trust-certificate').click();
    await page.locator('#certificate-trusted').waitFor();
    const pinned = await page.locator('#field-settings-thumbprint').inputValue();
    check(fingerprintDigits(pinned) === fingerprintDigits(thumbprint), `the thumbprint field holds ${pinned}`);
    await page.locator('#field-settings-thumbprint-hint').getByText(en['host.thumbprintPinnedHint']).waitFor();
    await page.screenshot({ path: `${shots}/e02-trusted.png` });
  });

  await step('add the host: it comes up with the fingerprint pinned', async () => {
    await page.locator('#submit').click();
    await hostRow().waitFor({ timeout: 30000 });
    await hostRow().getByText(en['hostState.UP'], { exact: true }).or(hostRow().getByText(en['hostState.ERROR'], { exact: true }))
      .first().waitFor({ timeout: 90000 });
    const reason = await hostRow().locator('[data-state-reason]').allInnerTexts();
    check(await hostRow().getByText(en['hostState.UP'], { exact: true }).count(), `the host is in error: ${reason.join(' ')}`);
    const pinned = await hostRow().locator('[data-thumbprint]').getAttribute('title');
    check(fingerprintDigits(pinned) === fingerprintDigits(thumbprint), `the hosts list shows ${pinned} pinned`);
    const stored = (await api('GET', `/hosts?name=${encodeURIComponent(host)}`)).body.items[0];
    check(fingerprintDigits(stored.settings.thumbprint) === fingerprintDigits(thumbprint),
      `the engine pinned ${stored.settings.thumbprint}`);
    await page.screenshot({ path: `${shots}/e03-host-up.png` });
  });

  await step(`the instance list shows ${vm} with an ESXi badge`, async () => {
    await page.locator('#nav-instances').click();
    await page.locator('#search-instances').fill(vm);
    // the simulated ESXi hosts all hold a VM of that name: any of those rows will do
    const row = page.locator(`#instances tr[data-instance="${vm}"]`).first();
    await row.waitFor({ timeout: 60000 });
    await row.locator('[data-type-badge][data-host-type="esxi"]').getByText(en['type.esxiVm']).waitFor();
    await page.screenshot({ path: `${shots}/e04-instances.png` });
    // what the ESXi driver reports of it reads in the details dialog
    await row.locator('td:last-child button').click();
    await page.getByRole('menuitem', { name: en['action.details'] }).click();
    const vmx = page.locator('#instance-details [data-detail="vmx"]');
    await vmx.waitFor();
    check((await vmx.innerText()).includes('.vmx'), `the details name no .vmx file: ${await vmx.innerText()}`);
    await page.screenshot({ path: `${shots}/e05-details.png` });
    await page.locator('#details-dialog button[aria-label="Close"]').click();
    await page.locator('#details-dialog').waitFor({ state: 'detached' });
  });

  await step(`the pools page lists the datastore ${datastore} as pool ${pool}`, async () => {
    await page.locator('#nav-pools').click();
    const row = page.locator(`#table-pools tr[data-row="${pool}"]`);
    await row.waitFor({ timeout: 60000 });
    await row.getByText('datastore', { exact: true }).waitFor();
    await row.getByText(en['poolState.UP'], { exact: true }).waitFor({ timeout: 60000 });
    await page.screenshot({ path: `${shots}/e06-pools.png` });
  });

  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('esxi e2e: all checks passed; screenshots in ' + shots);
} catch (e) {
  await reportFailure(e, page, current(), shots, 'esxi', '#form-problem, #certificate-problem, #problem, #notice');
} finally {
  await browser.close();
}
