// What a user does in the console, step by step, as reusable Playwright actions (tests and screenshots).
import type { Page } from 'playwright-core';
import { E2E_SETUP_TOKEN } from './harness.js';

export const ADMIN = { username: 'admin', password: 'correct-horse-battery' };

/** First run: the setup form creates the administrator and signs in. */
export async function firstRunSetup(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('h1', { hasText: 'Welcome to OpenRGS' }).waitFor();
  await page.locator('input[name=setupToken]').fill(E2E_SETUP_TOKEN);
  await page.locator('input[name=username]').fill(ADMIN.username);
  await page.locator('input[name=password]').fill(ADMIN.password);
  await page.locator('input[name=repeat]').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.locator('h1', { hasText: 'Cases' }).waitFor();
}

/** Signs in as the administrator; on a fresh server, runs the first-run setup instead. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const form = page.locator('h1', { hasText: /Welcome to OpenRGS|sign in/ });
  await form.waitFor();
  if ((await form.textContent())?.includes('Welcome')) {
    await firstRunSetup(page, url);
    return;
  }
  await page.locator('input[name=username]').fill(ADMIN.username);
  await page.locator('input[name=password]').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('h1', { hasText: 'Cases' }).waitFor();
}

export async function registerProbe(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/#/admin/probes`);
  await page.locator('input[name=probeName]').fill(name);
  await page.locator('input[name=probeModel]').fill('CsI(Tl) 14 mm collimated (simulated)');
  await page.getByRole('button', { name: 'Register probe' }).click();
  await page.locator('td', { hasText: name }).first().waitFor();
}

/** Creates a case and returns its id (from the page address). */
export async function createCase(
  page: Page,
  url: string,
  label: string,
  indication: string,
): Promise<string> {
  await page.goto(`${url}/#/cases/new`);
  await page.locator('input[name=label]').fill(label);
  await page.locator('input[name=indication]').fill(indication);
  await page.getByRole('button', { name: 'Create case' }).click();
  await page.getByTestId('case-label').filter({ hasText: label }).waitFor();
  const match = /#\/cases\/([^/]+)$/.exec(page.url());
  if (!match?.[1]) throw new Error(`no case id in ${page.url()}`);
  return decodeURIComponent(match[1]);
}

/** On the case page: a new pseudonymous patient, created and linked to the case in one step. */
export async function createPatient(
  page: Page,
  input: { pseudonym: string; sex: 'female' | 'male' | 'other' | 'unknown'; birthYear: number },
): Promise<void> {
  await page.locator('input[name=patientPseudonym]').fill(input.pseudonym);
  await page.locator('select[name=patientSex]').selectOption(input.sex);
  await page.locator('input[name=patientBirthYear]').fill(String(input.birthYear));
  await page.getByRole('button', { name: 'Create and link patient' }).click();
  await page.getByTestId('case-patient').filter({ hasText: input.pseudonym }).waitFor();
}

/** `administeredAt` as the datetime-local value (local time, minutes). */
export function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export async function recordTracer(
  page: Page,
  input: { agent: string; activityMBq: number; at: Date },
): Promise<void> {
  await page.locator('select[name=agent]').selectOption(input.agent);
  await page.locator('input[name=activityMBq]').fill(String(input.activityMBq));
  await page.locator('input[name=administeredAt]').fill(localInput(input.at));
  await page.getByRole('button', { name: 'Save tracer administration' }).click();
  await page.getByTestId('tracer-decay').first().waitFor();
}

/** Adds a lesion on the case page; `siteCode` is the coded tissue site (@openrgs/api LESION_SITES). */
export async function addLesion(
  page: Page,
  input: {
    label: string;
    siteCode: string;
    location: string;
    imaging: 'seen' | 'indeterminate' | 'not seen';
  },
): Promise<void> {
  await page.locator('input[name=lesionLabel]').fill(input.label);
  await page.locator('select[name=lesionSite]').selectOption(input.siteCode);
  await page.locator('input[name=lesionLocation]').fill(input.location);
  await page.getByRole('radio', { name: input.imaging, exact: true }).check();
  await page.getByRole('button', { name: 'Add lesion' }).click();
  await page.locator('td', { hasText: input.label }).first().waitFor();
}

export async function startSession(page: Page): Promise<void> {
  // A freshly registered probe has no QC check today: the server's gate asks for a reason (issue 8).
  const reason = page.locator('textarea[name=qcOverrideReason]');
  await reason.waitFor({ timeout: 10_000 });
  await reason.fill('E2E: simulated probe, no check source in the test rig');
  await page.getByTestId('start-session').click();
  await page.getByTestId('session-active').waitFor();
}

export async function openLive(page: Page): Promise<void> {
  await page.getByTestId('open-live').click();
  await page.getByTestId('probe-status').filter({ hasText: 'PROBE CONNECTED' }).waitFor({ timeout: 15_000 });
}

/**
 * Moves the simulated probe by hovering the body map at a point in patient cm, and waits until the server has
 * acknowledged a pose at that point with nothing more on its way. A site started earlier would count the way
 * there too (over a lesion, perhaps). The page may still be laying out (a message line appearing above the
 * map shifts it), so a hover that lands elsewhere is measured again and repeated.
 */
export async function moveProbeTo(page: Page, xCm: number, yCm: number): Promise<void> {
  const map = page.getByTestId('body-map');
  let acknowledged = '(none)';
  for (let attempt = 0; attempt < 5; attempt++) {
    const point = await map.evaluate(
      (svg, target) => {
        const el = svg as SVGSVGElement;
        const minX = Number(el.dataset.minXCm);
        const maxY = Number(el.dataset.maxYCm);
        const pad = Number(el.dataset.padCm);
        const p = el.createSVGPoint();
        p.x = target.xCm - minX + pad;
        p.y = maxY - target.yCm + pad;
        const matrix = el.getScreenCTM();
        if (!matrix) throw new Error('body map not rendered');
        const screen = p.matrixTransform(matrix);
        return { x: screen.x, y: screen.y };
      },
      { xCm, yCm },
    );
    await page.mouse.move(point.x, point.y, { steps: 4 });
    const arrived = await page
      .waitForFunction(
        ({ x, y, tolerance }) => {
          const el = document.querySelector('[data-testid=body-map]') as SVGSVGElement | null;
          if (el?.dataset.poseBusy !== 'false') return false;
          const [ax, ay] = (el.dataset.acknowledgedPose ?? '').split(',').map(Number);
          return (
            ax !== undefined &&
            ay !== undefined &&
            Math.abs(ax - x) <= tolerance &&
            Math.abs(ay - y) <= tolerance
          );
        },
        { x: xCm, y: yCm, tolerance: POSE_TOLERANCE_CM },
        { timeout: 3_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (arrived) return;
    acknowledged = (await map.getAttribute('data-acknowledged-pose')) ?? '(none)';
  }
  throw new Error(
    `the probe never reached (${xCm}, ${yCm}) cm; the server last acknowledged (${acknowledged})`,
  );
}

/** How far (cm) the acknowledged pose may be from the asked point: a screen pixel is a few millimetres. */
const POSE_TOLERANCE_CM = 0.6;

/** Waits until the current site has counted for at least `seconds` (condition, not a sleep). */
export async function holdSite(page: Page, seconds: number): Promise<void> {
  await page.waitForFunction(
    (min) => {
      const text = document.querySelector('[data-testid=site]')?.textContent ?? '';
      const match = /counts · ([\d.]+) s/.exec(text);
      return match !== null && Number(match[1]) >= min;
    },
    seconds,
    { timeout: 30_000 },
  );
}

/** Space: a new site; waits until the server marked it and the site accumulator restarted. */
export async function newSite(page: Page): Promise<void> {
  await page.keyboard.press('Space');
  try {
    await page.getByTestId('live-message').filter({ hasText: 'New site' }).waitFor({ timeout: 20_000 });
  } catch (error) {
    throw new Error(`no new site.\n${await screenTexts(page)}\n${String(error)}`);
  }
}

/** What the live screen says (message, recorded list, probe status), for failure messages. */
async function screenTexts(page: Page): Promise<string> {
  const texts = await page.evaluate(() =>
    ['live-message', 'recorded', 'probe-status', 'site'].map(
      (id) => `${id}: ${document.querySelector(`[data-testid=${id}]`)?.textContent ?? '(none)'}`,
    ),
  );
  return texts.join('\n');
}

export async function waitRecorded(page: Page, siteLabel: string): Promise<void> {
  try {
    await page
      .getByTestId('recorded')
      .locator('li', { hasText: siteLabel })
      .filter({ hasText: 'saved' })
      .waitFor({ timeout: 15_000 });
  } catch (error) {
    // Say what the screen said instead: the server's refusal, or the console's own message.
    throw new Error(`${siteLabel} was not saved.\n${await screenTexts(page)}\n${String(error)}`);
  }
}

/** The body map's lesion positions (as the trainer overlay shows them), in patient cm. */
export async function bodyMapLesions(page: Page): Promise<{ label: string; xCm: number; yCm: number }[]> {
  return page.evaluate(async () => {
    const stations = (await (await fetch('/api/stations', { headers: auth() })).json()) as { id: string }[];
    const id = stations[0]?.id ?? '';
    const map = (await (
      await fetch(`/api/stations/${encodeURIComponent(id)}/body-map`, { headers: auth() })
    ).json()) as {
      lesions: { id: string; label?: string; xCm: number; yCm: number }[];
    };
    return map.lesions.map((l) => ({ label: l.label ?? l.id, xCm: l.xCm, yCm: l.yCm }));
    function auth(): Record<string, string> {
      const token = sessionStorage.getItem('openrgs.token');
      return token ? { authorization: `Bearer ${token}` } : {};
    }
  });
}

/**
 * M opens the measurement picker; the digit chooses the kind; waits until the picker shows that kind's
 * choices (its heading reads "<kind>: which?").
 */
export async function pickKind(page: Page, digit: '1' | '2' | '3' | '4', kindLabel: string): Promise<void> {
  await page.keyboard.press('m');
  await page.locator('dialog[open]').waitFor();
  await page.keyboard.press(digit);
  try {
    await page
      .locator('dialog[open] #picker-title')
      .filter({ hasText: `${kindLabel}: which?` })
      .waitFor({ timeout: 10_000 });
  } catch (error) {
    const state = await page.evaluate(() => ({
      dialogs: [...document.querySelectorAll('dialog')].map(
        (d) => `${d.open}: ${d.textContent?.slice(0, 120)}`,
      ),
      active: `${document.activeElement?.tagName}.${document.activeElement?.className}`,
    }));
    throw new Error(`the picker did not go to ${kindLabel}: ${JSON.stringify(state)}\n${String(error)}`);
  }
}
