// Containers as instances in the browser: a user creates a container with the wizard on a docker
// host, opens its shell (xterm.js over the engine's terminal websocket), reads its logs and deletes
// it. Run by itests against a distribution with a docker host whose image is already pulled:
//   OVM_URL=http://127.0.0.1:28181 OVM_USER=admin OVM_PASSWORD=... OVM_E2E_DOCKER_HOST=docker1 \
//   SCREENSHOTS=dir node e2e/containers.e2e.mjs
// Listing hosts is for admins: a user of a VDC names a docker cluster instead (OVM_E2E_DOCKER_CLUSTER).
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import { act, apiAs, base, check, confirm, launch, logIn, optionValue, reportFailure, steps, watchPolicyViolations } from './lib.mjs';

const user = process.env.OVM_USER;
const password = process.env.OVM_PASSWORD;
const dockerHost = process.env.OVM_E2E_DOCKER_HOST;
const dockerCluster = process.env.OVM_E2E_DOCKER_CLUSTER;
const image = process.env.OVM_E2E_IMAGE || 'ovm/busybox:latest';
const name = process.env.OVM_E2E_CONTAINER || `ctr-e2e-${Date.now().toString(36)}`;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
const COMMAND = 'sh -c "echo container-says-hi; sleep 3600"';
mkdirSync(shots, { recursive: true });
check(base && user && password, 'set OVM_URL, OVM_USER and OVM_PASSWORD');
check(dockerHost || dockerCluster, 'set OVM_E2E_DOCKER_HOST (an admin names the host) or OVM_E2E_DOCKER_CLUSTER');

const en = MESSAGES.en;
let page;
const { step, current } = steps();
const api = apiAs(user, password);

/** The terminal's screen as lines of text (xterm's DOM renderer: one div per row). */
function screenLines() {
  return page.locator('[data-testid="terminal"] .xterm-rows').evaluate((rows) => [...rows.children]
    .map((row) => row.textContent.replace(/\u00a0/g, ' ').trimEnd()));
}

const next = () => page.getByRole('dialog').getByRole('button', { name: en['wizard.next'], exact: true }).click();
const row = () => page.locator(`#instances tr[data-instance="${name}"]`);

const browser = await launch();
let created = false;
let deleted = false;
try {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const violations = watchPolicyViolations(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await step(`log in as ${user}`, async () => {
    await logIn(page, user, password);
    await page.locator('#nav-instances').click(); // home is the dashboard
    await page.locator('#create-instance').waitFor();
  });

  await step('wizard: name and kind', async () => {
    await page.locator('#create-instance').click();
    await page.locator('#field-name').fill(name);
    await page.locator('#field-kind').selectOption('container');
    await page.screenshot({ path: `${shots}/c01-wizard-basics.png` });
    await next();
  });

  await step('wizard: limits', async () => {
    await page.getByText(en['wizard.cpuLimit']).waitFor();
    await page.locator('#field-cpus').fill('1');
    await page.locator('#field-memoryMiB').fill('128');
    await next();
  });

  await step(`wizard: placement on the docker ${dockerHost ? 'host' : 'cluster'}`, async () => {
    // a container is offered container engines only: the docker host or cluster, with its free capacity
    await page.locator(dockerHost ? '#placement-host' : '#placement-cluster').check();
    const target = dockerHost || dockerCluster;
    await page.locator('#placement-target').selectOption(await optionValue(page, '#placement-target', target));
    await page.screenshot({ path: `${shots}/c01b-wizard-placement.png` });
    await next();
  });

  await step(`wizard: image ${image} and command`, async () => {
    const choice = page.locator('#field-container-image');
    await choice.or(page.locator('#field-container-imageRef')).first().waitFor();
    if (await choice.count() && await choice.locator(`option[value="${image}"]`).count()) {
      await choice.selectOption(image);
    } else {
      if (await choice.count()) {
        await choice.selectOption({ label: en['wizard.imageOther'] });
      }
      await page.locator('#field-container-imageRef').fill(image);
    }
    await page.locator('#field-container-command').fill(COMMAND);
    await page.locator('#command-preview').getByText('["sh","-c","echo container-says-hi; sleep 3600"]').waitFor();
    await page.locator('#field-restartPolicy').selectOption('no');
    await page.screenshot({ path: `${shots}/c02-wizard-container.png` });
    await next();
  });

  await step('wizard: variables and ports are checked before sending', async () => {
    await page.locator('#env-add').click();
    await page.locator('#env-key-0').fill('1BAD');
    await page.getByText(en['container.envBadName']).waitFor();
    check(await page.getByRole('dialog').getByRole('button', { name: en['wizard.next'], exact: true }).isDisabled(),
      'a bad variable name does not stop the wizard');
    await page.locator('#env-key-0').fill('GREETING');
    await page.locator('#env-value-0').fill('hello from the portal');
    await page.locator('#port-add').click();
    await page.locator('#port-container-0').fill('70000');
    await page.getByText(en['container.portRange']).first().waitFor();
    await page.locator('#port-remove-0').click();
    await page.screenshot({ path: `${shots}/c03-wizard-settings.png` });
    await next();
  });

  await step('wizard: network (none), review and create', async () => {
    await page.locator('#field-networkId').waitFor();
    await next();
    await page.locator('#wizard-review [data-review="image"]').getByText(image).waitFor();
    await page.screenshot({ path: `${shots}/c04-wizard-review.png` });
    await page.getByRole('dialog').getByRole('button', { name: en['wizard.create'], exact: true }).click();
    created = true;
    await page.getByText(`${en['op.instance.create']}: ${en['task.SUCCEEDED']}`).waitFor({ timeout: 180000 });
  });

  await step('the list shows it running, as a container of the image', async () => {
    await row().getByText(en['state.RUNNING']).waitFor({ timeout: 60000 });
    await row().locator('[data-type-badge]').getByText(en['type.container']).waitFor();
    await row().locator('[data-source]').getByText(image).waitFor();
    await page.screenshot({ path: `${shots}/c05-instances.png` });
  });

  await step('terminal: a shell answers', async () => {
    await act(page, name, 'terminal');
    await page.locator('#terminal-status[data-status="connected"]').waitFor({ timeout: 30000 });
    const terminal = page.locator('[data-testid="terminal"]');
    await terminal.locator('.xterm-rows').waitFor();
    await terminal.click();
    // the shell's own output line, not the echoed command line: "hello-" and the digits $RANDOM gave
    await page.keyboard.type('echo hello-$RANDOM');
    await page.keyboard.press('Enter');
    let lines = [];
    for (let i = 0; i < 100 && !lines.some((l) => /^hello-\d+$/.test(l.trim())); i++) {
      await page.waitForTimeout(200);
      lines = await screenLines();
    }
    await page.screenshot({ path: `${shots}/c06-terminal.png` });
    const answer = lines.find((l) => /^hello-\d+$/.test(l.trim()));
    check(answer, `no "hello-<digits>" line from the shell; the screen shows:\n${lines.filter(Boolean).join('\n')}`);
    console.log(`  the shell said ${answer.trim()}`);
    await page.locator('#terminal-dialog button[aria-label="Close"]').click();
    await page.locator('#terminal-dialog').waitFor({ state: 'detached' });
  });

  await step('logs: the container\'s output, followed', async () => {
    await act(page, name, 'logs');
    await page.locator('[data-testid="logs"]').getByText('container-says-hi').waitFor({ timeout: 30000 });
    await page.locator('#logs-state[data-state="following"]').waitFor({ timeout: 10000 });
    await page.screenshot({ path: `${shots}/c07-logs.png` });
    await page.locator('#logs-dialog button[aria-label="Close"]').click();
    await page.locator('#logs-dialog').waitFor({ state: 'detached' });
  });

  await step('delete it: it leaves the list', async () => {
    await act(page, name, 'delete');
    await confirm(page);
    await row().waitFor({ state: 'detached', timeout: 120000 });
    deleted = true;
    const left = await api('GET', `/instances?name=${encodeURIComponent(name)}`);
    check(left.status === 200 && left.body.items.length === 0, `the API still lists ${name}: ${JSON.stringify(left.body)}`);
    await page.screenshot({ path: `${shots}/c08-deleted.png` });
  });

  check(errors.length === 0, `the page threw: ${errors.join('; ')}`);
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('containers e2e: all checks passed; screenshots in ' + shots);
} catch (e) {
  await reportFailure(e, page, current(), shots, 'containers', '#wizard-problem, #problem, #notice, #terminal-reason, #logs-state');
} finally {
  if (created && !deleted) { // leave the host as found
    const found = await api('GET', `/instances?name=${encodeURIComponent(name)}`).catch(() => null);
    for (const item of (found && found.body && found.body.items) || []) {
      await api('DELETE', `/instances/${item.id}`).catch(() => {});
      console.error(`  cleanup: deleting ${name} (${item.id}) through the API`);
    }
  }
  await browser.close();
}
