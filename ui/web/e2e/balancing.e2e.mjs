// Issue 17, balancing policies, in the browser. Run by itests' BalancingPortalIT:
//   OVM_URL=http://127.0.0.1:52901 OVM_ADMIN_PASSWORD=... SCREENSHOTS=dir node e2e/balancing.e2e.mjs
// The admin creates a cluster with a power-saving policy in the cluster form, sees it in the table,
// is refused (under the field) a low threshold above the high one, previews the balancing of the
// cluster (two simulator hosts with one instance each: the report shows the hosts' loads and why
// nothing can move: the simulator cannot migrate), and reads the page in Chinese.
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import { check, createThrough, finished, jsonApi, launch, logIn, reportFailure, rowAction, steps } from './lib.mjs';

const adminPassword = process.env.OVM_ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });
check(process.env.OVM_URL && adminPassword, 'set OVM_URL and OVM_ADMIN_PASSWORD');

const en = MESSAGES.en;
const zh = MESSAGES['zh-CN'];
const api = jsonApi('admin', adminPassword);
const { step, current } = steps();

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
try {
  await step('fixtures: a zone and the simulator', async () => {
    check((await api('POST', '/zones', { name: 'z-bal' })).status === 201, 'zone');
    await finished(api, await api('POST', '/plugins/ovm-plugin-simulator/install'));
    for (let i = 0; i < 50 && (await api('GET', '/plugins/ovm-plugin-simulator')).body.services.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  await step('create a cluster with power saving in the form', async () => {
    await logIn(page, 'admin', adminPassword);
    await createThrough(page, 'clusters', { name: 'c-bal', zoneId: 'z-bal', hypervisorType: 'simulator',
      'balancing.policy': en['balancing.policy.POWER_SAVING'], 'balancing.lowPercent': '30' }, 'c-bal');
    await page.locator('#table-clusters tr[data-row="c-bal"]').getByText(en['balancing.policy.POWER_SAVING']).waitFor();
    const cluster = (await api('GET', '/clusters?name=c-bal')).body.items[0];
    check(cluster.balancing.policy === 'POWER_SAVING' && cluster.balancing.lowPercent === 30
      && cluster.balancing.highPercent === 80, `balancing saved: ${JSON.stringify(cluster.balancing)}`);
  });

  await step('a low threshold above the high one is refused under its field', async () => {
    await rowAction(page, 'clusters', 'c-bal', 'edit');
    await page.locator('#field-balancing-highPercent').fill('25');
    await page.locator('#prompt-submit').click();
    await page.getByText('balancing.lowPercent must be more than 0 and below highPercent').waitFor();
    await page.screenshot({ path: `${shots}/balancing-refused.png` });
    await page.keyboard.press('Escape');
  });

  await step('preview the balancing: loads and reasons', async () => {
    const cluster = (await api('GET', '/clusters?name=c-bal')).body.items[0].id;
    for (const name of ['bal-sim1', 'bal-sim2']) {
      const host = await finished(api, await api('POST', '/hosts', { name, type: 'simulator',
        uri: `sim://${name}?cpus=8&memoryMiB=16384`, clusterId: cluster }));
      await finished(api, await api('POST', '/instances', { name: `vm-${name}`, cpus: 1, memoryMiB: 512, hostId: host,
        start: true }));
    }
    await page.reload();
    await rowAction(page, 'clusters', 'c-bal', 'balance-preview');
    const report = page.locator('#action-result #balance-report');
    await report.waitFor();
    check(await report.getAttribute('data-dry-run') === 'true', 'a dry run');
    await report.getByText(en['balancing.dryRun']).waitFor();
    await report.locator('#balance-hosts').getByText('bal-sim1').waitFor();
    await report.locator('#balance-notes').getByText('cannot move instances between hosts').first().waitFor();
    await page.screenshot({ path: `${shots}/balancing-preview.png` });
    await page.locator('#action-result-close').click();
    await report.waitFor({ state: 'detached' });
  });

  await step('Balance now asks first; Chinese', async () => {
    await rowAction(page, 'clusters', 'c-bal', 'balance');
    await page.locator('#confirm').getByText(en['balancing.confirm'].replace('{name}', 'c-bal')).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#lang-zh-CN').click();
    await page.locator('#table-clusters tr[data-row="c-bal"]').getByText(zh['balancing.policy.POWER_SAVING']).waitFor();
    await page.screenshot({ path: `${shots}/balancing-zh.png` });
  });
  console.log('balancing e2e: all checks passed; screenshots in ' + shots);
} catch (error) {
  await reportFailure(error, page, current(), shots, 'balancing', '#problem, #form-problem, #prompt, #action-result');
} finally {
  await browser.close();
}
