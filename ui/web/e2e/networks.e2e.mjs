// Issue 15's acceptance in the browser: VLAN networks and security groups. Needs an engine whose
// network driver of type `vlan` (ovm-plugin-vlan-net) is installed and a KVM host of this machine
// it can realize VLANs on (an Open vSwitch bridge); run by an IT:
//   OVM_URL=http://127.0.0.1:28181 OVM_ADMIN_PASSWORD=... OVM_E2E_CLUSTER=kvm SCREENSHOTS=dir \
//   node e2e/networks.e2e.mjs
// Optional: OVM_E2E_VLAN (100), OVM_E2E_CIDR (10.115.<vlan>.0/24), OVM_E2E_TYPE (vlan),
// OVM_E2E_CLUSTER (the cluster the user places the instance in; automatic placement without it),
// OVM_E2E_TEMPLATE (a template for the boot disk; none: a diskless guest), OVM_E2E_MEMORY (64 MiB).
// The admin creates the network in the form (VLAN 0 and a gateway outside the subnet are shown
// under their fields first), a VDC and a user of it (through the API); the user creates a
// security group with a rule tcp 22 and an instance with the wizard's network picker (that network,
// a fixed address, the group), sees the NIC with its group on the instance page, takes the group
// off and puts it back; the admin sees the network realized on the host with its DHCP server's
// address, cannot delete it while the instance holds an address (409), and deletes it once the
// instance is gone. Screenshots: net-<step>.png.
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import {
  base, check, confirm, createThrough, cssId, englishLeft, finished, jsonApi, launch, logIn, optionValue, reportFailure,
  rowAction, steps, watchPolicyViolations,
} from './lib.mjs';

const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
const suffix = Date.now().toString(36);
const VLAN = Number(process.env.OVM_E2E_VLAN || 100);
const TYPE = process.env.OVM_E2E_TYPE || 'vlan';
const CIDR = process.env.OVM_E2E_CIDR || `10.115.${VLAN % 256}.0/24`;
const PREFIX = CIDR.split('/')[0].split('.').slice(0, 3).join('.');
const GATEWAY = `${PREFIX}.1`;
const FIXED_IP = `${PREFIX}.50`;
const CLUSTER = process.env.OVM_E2E_CLUSTER;
const TEMPLATE = process.env.OVM_E2E_TEMPLATE;
const MEMORY = process.env.OVM_E2E_MEMORY || '64';
const NETWORK = `vlan${VLAN}-${suffix}`;
const GROUP = `ssh-${suffix}`;
const VDC = `net-team-${suffix}`;
const USER = `net-user-${suffix}`;
const USER_PASSWORD = `net-user-password-${suffix}`;
const VM = `net-vm-${suffix}`;
mkdirSync(shots, { recursive: true });
check(base && adminPassword, 'set OVM_URL and OVM_ADMIN_PASSWORD');

const en = MESSAGES.en;
const zh = MESSAGES['zh-CN'];
const { step, current } = steps();
const api = jsonApi('admin', adminPassword);
const asUser = (method, path, body) => api(method, path, body, USER, USER_PASSWORD);
const shot = (name) => page.screenshot({ path: `${shots}/net-${name}.png`, fullPage: true });
const errorUnder = (field) => page.locator(`#field-${field}-error`);

/** Fills the network create form (ids field-<name>); the type is chosen by its value. */
async function fillNetwork(fields) {
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`#field-${name}`);
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
      await field.selectOption(value);
    } else {
      await field.fill(value);
    }
  }
}

/** Switches to Simplified Chinese and back: no English UI string may be left on the page. */
async function noEnglishLeft(where, ready) {
  await page.locator('#lang-zh-CN').click();
  await page.getByText(ready).first().waitFor();
  await page.waitForTimeout(500);
  const left = await englishLeft(page);
  await shot(`${where}-zh`);
  await page.locator('#lang-en').click();
  check(left.length === 0, `English left on the ${where} page in 简体中文: ${left.join(', ')}`);
}

/** Waits for the create task's outcome on the instances page; a failure names the task's error. */
async function created() {
  const succeeded = page.getByText(`${en['op.instance.create']}: ${en['task.SUCCEEDED']}`);
  const failed = page.getByText(new RegExp(`${en['op.instance.create']}: (${en['task.FAILED']}|${en['task.ROLLED_BACK']})`));
  await succeeded.or(failed).first().waitFor({ timeout: 300000 });
  if (await failed.count()) {
    const tasks = (await asUser('GET', '/tasks?limit=5&sort=-createdAt')).body;
    const task = ((tasks && tasks.items) || []).find((x) => x.operation === 'instance.create');
    throw new Error(`creating ${VM} failed: ${task ? task.error : 'no task found'}`);
  }
}

/** After a NIC's groups are saved: the dialog closes, the task's outcome is shown, and it succeeded. */
async function nicChangeSucceeded(what) {
  await page.locator('#nic-groups').waitFor({ state: 'detached' });
  // polled on a timer: an idle page paints no frames, so animation-frame polling would wait for the next repaint
  await page.waitForFunction((ended) => document.querySelector('#problem')
    || ended.some((end) => ((document.querySelector('#nics-notice') || {}).textContent || '').trim().endsWith(end)),
  [en['task.SUCCEEDED'], en['task.FAILED'], en['task.ROLLED_BACK']].map((state) => `: ${state}`), { polling: 250, timeout: 120000 });
  const said = await page.locator('#problem').allInnerTexts(); // no wait: empty when there is no problem
  check(said.length === 0, `${what} failed: ${said.join(' ')}`);
}

const browser = await launch();
let page;
let vdcId = null;
let userId = null;
try {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const violations = watchPolicyViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await step('the engine has a vlan network driver; a VDC and its user exist (API)', async () => {
    const drivers = await api('GET', '/drivers');
    check(drivers.status === 200 && drivers.body.network.includes(TYPE),
      `no network driver of type ${TYPE} is installed (GET /drivers: ${JSON.stringify(drivers.body)}); install the feature `
      + 'ovm-plugin-vlan-net (POST /plugins/ovm-plugin-vlan-net/install) first');
    const vdc = await api('POST', '/vdcs', { name: VDC });
    check(vdc.status === 201, `creating VDC ${VDC}: ${vdc.status} ${JSON.stringify(vdc.body)}`);
    vdcId = vdc.body.id;
    const user = await api('POST', '/users', { username: USER, password: USER_PASSWORD, role: 'user', vdcId });
    check(user.status === 201, `creating user ${USER}: ${user.status} ${JSON.stringify(user.body)}`);
    userId = user.body.id;
  });

  await step('the admin opens the network form: only installed types, VLAN required for vlan', async () => {
    await logIn(page, 'admin', adminPassword);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
    await page.locator('#nav-networks').click();
    await page.locator('#create-networks').click();
    // the form's own list until GET /drivers answers, then the installed types only
    const installed = (await api('GET', '/drivers')).body.network;
    let offered = [];
    for (let i = 0; i < 50 && !(offered.length && offered.every((type) => installed.includes(type))); i++) {
      await page.waitForTimeout(i ? 200 : 0);
      offered = await page.locator('#field-type option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
    }
    check(offered.every((type) => installed.includes(type)), `the form offers ${offered.join(', ')}; installed: ${installed.join(', ')}`);
    check(offered.includes(TYPE), `the type select offers ${offered.join(', ')}, not ${TYPE}`);
    await fillNetwork({ name: NETWORK, type: TYPE, cidr: CIDR });
    await page.locator('#submit').click();
    await errorUnder('vlan').getByText(en['form.required']).waitFor(); // empty VLAN on a vlan network
  });

  await step('VLAN 0 is refused under the VLAN field; the engine refuses it too', async () => {
    await fillNetwork({ vlan: '0' });
    await page.locator('#submit').click();
    await errorUnder('vlan').getByText(en['net.vlanRange']).waitFor();
    await shot('01-vlan0-refused');
    check(await page.locator(`#table-networks tr[data-row="${NETWORK}"]`).count() === 0, 'a VLAN 0 network was created');
    const refused = await api('POST', '/networks', { name: NETWORK, type: TYPE, vlan: 0, cidr: CIDR });
    check(refused.status === 400 && refused.body.field === 'vlan',
      `POST /networks with vlan 0: ${refused.status} ${JSON.stringify(refused.body)} (expected 400 naming vlan)`);
  });

  await step('a refusal of the engine shows under the field it names (a gateway outside the subnet)', async () => {
    await fillNetwork({ vlan: String(VLAN), gateway: '192.0.2.1' });
    await page.locator('#submit').click();
    await errorUnder('gateway').waitFor();
    check(!(await page.locator('#form-problem').count()), 'the gateway refusal is shown at the top, not under the field');
    await shot('02-gateway-refused');
  });

  await step(`the VLAN ${VLAN} network is created`, async () => {
    await fillNetwork({ gateway: GATEWAY, dns: GATEWAY });
    await page.locator('#submit').click();
    const row = page.locator(`#table-networks tr[data-row="${NETWORK}"]`);
    await row.waitFor();
    await row.getByText(CIDR).waitFor();
    check((await row.innerText()).includes(String(VLAN)), `the row shows no VLAN ${VLAN}: ${await row.innerText()}`);
    await shot('03-network-created');
    await page.locator('#logout').click();
  });

  await step('the user creates a security group with a rule tcp 22', async () => {
    await logIn(page, USER, USER_PASSWORD);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
    await createThrough(page, 'security-groups', { name: GROUP, description: 'ssh from anywhere' }, GROUP);
    await page.locator(`[data-group-link="${GROUP}"]`).click();
    await page.locator(`#group-page[data-group="${GROUP}"]`).waitFor();
    await page.locator('#group-add-rule').click();
    await page.locator('#field-protocol').selectOption('icmp');
    check(await page.locator('#field-portMin').count() === 0, 'an icmp rule asks for ports');
    await page.locator('#field-protocol').selectOption('tcp');
    await page.locator('#field-portMin').fill('22');
    await page.locator('#field-remote').selectOption('cidr');
    await page.locator('#field-remoteCidr').fill('not-a-subnet');
    await errorUnder('remoteCidr').waitFor();
    await page.locator('#field-remote').selectOption('any');
    await shot('04-rule-form');
    await page.locator('#prompt-submit').click();
    await page.locator('#prompt').waitFor({ state: 'detached' });
    await page.locator('#group-rules tr[data-rule="ingress tcp 22"]').waitFor({ timeout: 60000 });
    await shot('05-group');
    await noEnglishLeft('group', zh['sg.rules']);
  });

  await step('the user creates an instance with the network picker: the network, a fixed address, the group', async () => {
    await page.locator('#nav-instances').click();
    await page.locator('#create-instance').click();
    const dialog = page.getByRole('dialog');
    const next = () => dialog.getByRole('button', { name: en['wizard.next'], exact: true }).click();
    await page.locator('#field-name').fill(VM);
    await next();
    await page.locator('#field-cpus').fill('1');
    await page.locator('#field-memoryMiB').fill(MEMORY);
    await next();
    await page.locator('#placement-auto').waitFor();
    if (CLUSTER) {
      await page.locator('#placement-cluster').check();
      await page.locator('#placement-target').selectOption(await optionValue(page, '#placement-target', CLUSTER));
    }
    await next();
    await page.locator('#field-isoImageId').waitFor();
    if (TEMPLATE) {
      await page.locator('#field-imageId').selectOption(await optionValue(page, '#field-imageId', TEMPLATE));
    }
    await next();
    // the picker: each network with its type, VLAN, subnet and free addresses
    const network = await optionValue(page, '#field-networkId', NETWORK);
    const label = await page.locator(`#field-networkId option[value="${network}"]`).innerText();
    check(label.includes(`VLAN ${VLAN}`) && label.includes(CIDR) && label.includes(TYPE), `the picker says "${label}"`);
    await page.locator('#field-networkId').selectOption(network);
    await page.locator('#field-nicIp').fill('192.0.2.10');
    await errorUnder('nicIp').getByText(en['wizard.ipOutside']).waitFor();
    check(await dialog.getByRole('button', { name: en['wizard.next'], exact: true }).isDisabled(),
      'an address outside the network does not stop the wizard');
    await page.locator('#field-nicIp').fill(FIXED_IP);
    await page.locator(`#field-securityGroupIds-${cssId(GROUP)}`).check();
    await shot('06-wizard-network');
    await next();
    const review = page.locator('#wizard-review');
    await review.locator('[data-review="networkId"]').getByText(NETWORK).waitFor();
    await review.locator('[data-review="nicIp"]').getByText(FIXED_IP).waitFor();
    await review.locator('[data-review="securityGroupIds"]').getByText(GROUP).waitFor();
    await shot('07-wizard-review');
    await dialog.getByRole('button', { name: en['wizard.create'], exact: true }).click();
    await created();
  });

  await step('the instance page shows the NIC: network, fixed address, MAC, its group', async () => {
    await page.locator(`[data-instance-link="${VM}"]`).click();
    await page.locator('#instance-page').waitFor();
    await page.locator('#instance-tabs button[data-tab="nics"]').click();
    const nic = page.locator('#instance-nics tr[data-nic="0"]');
    await nic.waitFor();
    await nic.locator(`[data-network="${NETWORK}"]`).waitFor({ timeout: 10000 })
      .catch(async () => { throw new Error(`NIC 0 is not on ${NETWORK}: ${await nic.innerText()}`); });
    await nic.getByText(FIXED_IP).waitFor();
    await nic.locator(`[data-groups="${GROUP}"]`).waitFor();
    await shot('08-instance-nics');
  });

  await step('the NIC leaves the group and joins it again (each a task)', async () => {
    const nic = page.locator('#instance-nics tr[data-nic="0"]');
    await page.locator('#nic-groups-edit-0').click();
    await page.locator(`#nic-group-${cssId(GROUP)}`).uncheck();
    await page.locator('#nic-groups-save').click();
    await nicChangeSucceeded('taking the group off');
    await nic.locator('[data-groups=""]').waitFor({ timeout: 60000 });
    await page.locator('#nic-groups-edit-0').click();
    await page.locator(`#nic-group-${cssId(GROUP)}`).check();
    await page.locator('#nic-groups-save').click();
    await nicChangeSucceeded('putting the group back');
    await nic.locator(`[data-groups="${GROUP}"]`).waitFor({ timeout: 60000 });
    await noEnglishLeft('instance-nics', zh['sg.editNicGroups']);
  });

  await step('the group lists the NIC as its member', async () => {
    await page.locator('#instance-nics').locator(`a:has-text("${GROUP}")`).click();
    await page.locator(`#group-members tr[data-member="${VM}"]`).waitFor({ timeout: 30000 });
    await shot('09-group-members');
    await page.locator('#logout').click();
  });

  await step('the admin sees the network realized on the host, with its DHCP server\'s address', async () => {
    await logIn(page, 'admin', adminPassword);
    await page.waitForFunction(() => location.hash.startsWith('#/dashboard'));
    await page.locator('#nav-networks').click();
    await page.locator(`[data-network-link="${NETWORK}"]`).click();
    await page.locator(`#network-page[data-network="${NETWORK}"]`).waitFor();
    await page.locator('#network-realizations [data-realization-state="REALIZED"]').first().waitFor({ timeout: 60000 });
    await page.locator('#network-addresses tr[data-role="dhcp"]').first().waitFor({ timeout: 30000 });
    await page.locator(`#network-addresses tr[data-address="${FIXED_IP}"]`).getByText(VM).waitFor();
    await shot('10-network-page');
    await noEnglishLeft('network', zh['net.realizations']);
  });

  await step('deleting the network while the instance holds an address is refused (409), said on the page', async () => {
    await page.locator('#network-delete').click();
    await confirm(page);
    await page.locator('#problem').waitFor({ timeout: 30000 });
    const said = await page.locator('#problem').innerText();
    check(said.includes(NETWORK), `the refusal does not name the network: ${said}`);
    const refused = await api('DELETE', `/networks/${(await api('GET', `/networks?name=${NETWORK}`)).body.items[0].id}`);
    check(refused.status === 409, `DELETE with an instance on it: ${refused.status} ${JSON.stringify(refused.body)}`);
    await shot('11-delete-refused');
  });

  await step('once the instance is gone the network is deleted (its task followed), then the group', async () => {
    const vm = (await asUser('GET', `/instances?name=${VM}`)).body.items[0];
    await finished(api, await asUser('DELETE', `/instances/${vm.id}`), USER, USER_PASSWORD);
    await page.reload();
    await page.locator(`#network-page[data-network="${NETWORK}"]`).waitFor();
    await page.locator('#network-delete').click();
    await confirm(page);
    await page.waitForFunction(() => location.hash === '#/networks', null, { timeout: 180000 });
    await page.locator(`#table-networks tr[data-row="${NETWORK}"]`).waitFor({ state: 'detached', timeout: 30000 });
    check((await api('GET', `/networks?name=${NETWORK}`)).body.items.length === 0, 'the API still lists the network');
    await page.locator('#nav-security-groups').click();
    await rowAction(page, 'security-groups', GROUP, 'delete');
    await confirm(page);
    await page.locator(`#table-security-groups tr[data-row="${GROUP}"]`).waitFor({ state: 'detached', timeout: 60000 });
    await shot('12-cleaned-up');
  });

  await step('Back and Forward follow the network pages', async () => {
    await page.locator('#nav-networks').click();
    await page.waitForFunction(() => location.hash === '#/networks');
    await page.locator('#nav-security-groups').click();
    await page.waitForFunction(() => location.hash === '#/security-groups');
    await page.goBack();
    await page.waitForFunction(() => location.hash === '#/networks');
    await page.locator('#table-networks, #empty-networks').first().waitFor();
    await page.goForward();
    await page.waitForFunction(() => location.hash === '#/security-groups');
    await page.locator('#table-security-groups, #empty-security-groups').first().waitFor();
  });

  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('networks e2e: all checks passed; screenshots in ' + shots);
} catch (e) {
  await reportFailure(e, page, current(), shots, 'net', '#problem, #form-problem, #wizard-problem, #notice, #network-notice, '
    + '#group-notice, #nics-notice, [id$="-error"]');
} finally {
  // leave the engine as found: the instance, the network, the group, the user and the VDC
  const gone = async (path, name, as = api) => {
    const found = await as('GET', `${path}?limit=1000`).catch(() => null);
    for (const item of ((found && found.body && found.body.items) || []).filter((i) => i.name === name)) {
      const reply = await as('DELETE', `${path}/${item.id}`).catch(() => null);
      if (reply && reply.status === 202) {
        await finished(api, reply, ...(as === api ? ['admin', adminPassword] : [USER, USER_PASSWORD])).catch(() => {});
      }
      console.error(`  cleanup: deleted ${path.slice(1)} ${name}`);
    }
  };
  if (userId) {
    await gone('/instances', VM, asUser);
    await gone('/security-groups', GROUP, asUser);
  }
  await gone('/networks', NETWORK);
  if (userId) {
    await api('DELETE', `/users/${userId}`).catch(() => {});
  }
  if (vdcId) {
    await api('DELETE', `/vdcs/${vdcId}`).catch(() => {});
  }
  await browser.close();
}
