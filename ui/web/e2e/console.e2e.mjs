// The browser console of a running KVM guest: noVNC through the engine's websocket proxy.
// Run by itests' PortalIT once the guest runs:
//   OVM_URL=... OVM_USER=... OVM_PASSWORD=... INSTANCE=name SCREENSHOTS=dir node e2e/console.e2e.mjs
// The guest has no disk, so its screen is SeaBIOS saying it found nothing to boot: the check is
// that the page connects, QEMU names the guest, and the canvas shows text on black.
import { mkdirSync } from 'node:fs';
import { MESSAGES } from '../src/i18n.js';
import { act, check, launch, logIn, watchPolicyViolations } from './lib.mjs';

const instance = process.env.INSTANCE;
const shots = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });

/** How many pixels of the console's canvas are not black. */
function litPixels(page) {
  return page.locator('#console-screen canvas').evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) {
      lit += data[i] + data[i + 1] + data[i + 2] > 96 ? 1 : 0;
    }
    return { lit, width: canvas.width, height: canvas.height };
  });
}

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const violations = watchPolicyViolations(page);
  await logIn(page, process.env.OVM_USER, process.env.OVM_PASSWORD);
  await page.locator('#nav-instances').click(); // home is the dashboard
  await page.locator(`#instances tr[data-instance="${instance}"]`).getByText(MESSAGES.en['state.RUNNING'])
    .waitFor({ timeout: 30000 });
  await act(page, instance, 'console');
  await page.locator('#console-status[data-status="connected"]').waitFor({ timeout: 30000 });
  await page.locator('#console-desktop').getByText(instance).waitFor({ timeout: 10000 });
  let screen = await litPixels(page);
  for (let i = 0; i < 60 && screen.lit < 200; i++) {
    await page.waitForTimeout(500);
    screen = await litPixels(page);
  }
  await page.screenshot({ path: `${shots}/08-console.png` });
  check(screen.width >= 640 && screen.height >= 400, `the guest's screen is ${screen.width}x${screen.height}`);
  check(screen.lit >= 200, `the console stays black (${screen.lit} lit pixels): no VNC output reached the page`);
  console.log(`console: connected to ${instance}, ${screen.width}x${screen.height}, ${screen.lit} lit pixels`);

  // closing the dialog closes the connection; opening it again needs (and gets) a new ticket
  await page.locator('#console button[aria-label="Close"]').click();
  await act(page, instance, 'console');
  await page.locator('#console-status[data-status="connected"]').waitFor({ timeout: 30000 });
  await page.locator('#console button[aria-label="Close"]').click();
  check(violations.length === 0, `the page broke its own security policy: ${violations.join('; ')}`);
  console.log('console e2e: all checks passed');
} finally {
  await browser.close();
}
