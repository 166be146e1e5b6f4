// Setbook in the crew's own language: a choice in the account menu changes every
// screen at once and stays on the device, and a phone set to Ukrainian opens in
// Ukrainian before anyone chooses anything.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, phone } from './chromium.js';
import { callApi, heading, joinProduction, signInContext, watchCsp } from './helpers.js';
import { setUpFirstUser, startServer, type RunningServer } from './server.js';

const producer = { name: 'Lucía Romero', email: 'lucia@altamesa.test', password: 'golden-hour-on-mesa' };
// Each story has its own person: a language kept on the server for one must not decide how the next one starts.
const grip = { name: 'Mykola Bondar', email: 'mykola@altamesa.test', password: 'dolly-track-at-noon' };
const medic = { name: 'Oksana Shevchuk', email: 'oksana@altamesa.test', password: 'first-aid-kit-ready' };

describe('the language of the app', () => {
  let server: RunningServer;
  let browser: Browser;
  let productionId: string;
  const tokens: Record<string, string> = {};
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const { token } = await setUpFirstUser(server, producer);
    const { production } = await callApi<{ production: { id: string } }>(server.url, token, 'POST', '/api/productions', { name: 'Alta Mesa', timezone: 'America/Denver' });
    productionId = production.id;
    tokens[producer.email] = token;
    tokens[grip.email] = (await joinProduction(server.url, token, productionId, grip, 'crew')).token;
    tokens[medic.email] = (await joinProduction(server.url, token, productionId, medic, 'medic')).token;
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.stop();
  });

  async function open(who: { email: string }, locale: string): Promise<Page> {
    const context = await browser.newContext({ ...phone, timezoneId: 'America/Denver', locale });
    contexts.push(context);
    await signInContext(context, server.url, tokens[who.email]!);
    return context.newPage();
  }

  /** The account menu's button says the person's name in every language. */
  async function chooseLanguage(page: Page, who: { name: string }, language: string): Promise<void> {
    await page.getByRole('button', { name: new RegExp(who.name) }).click();
    await page.getByRole('radio', { name: language }).check();
    await page.keyboard.press('Escape');
  }

  it('the producer chooses Español: the STOP button and the tabs speak Spanish, and still do after a reload', async () => {
    const page = await open(producer, 'en-US');
    const violations = watchCsp(page);
    await page.goto(`${server.url}/productions/${productionId}/stops`);
    await heading(page, 'Stops');
    await page.getByRole('button', { name: 'STOP work' }).waitFor();

    await chooseLanguage(page, producer, 'Español');
    await heading(page, 'Altos');
    await page.getByRole('button', { name: 'ALTO al trabajo' }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Producción' });
    for (const tab of ['Hoy', 'Inicio', 'Altos', 'Armería', 'Miembros', 'Registro']) await tabs.getByRole('link', { name: tab, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.title()).toBe('Altos · Setbook');

    await page.reload();
    await heading(page, 'Altos');
    await page.getByRole('button', { name: 'ALTO al trabajo' }).waitFor();
    await page.getByRole('navigation', { name: 'Producción' }).getByRole('link', { name: 'Miembros', exact: true }).click();
    await heading(page, 'Miembros');
    expect(await page.getByText('Productor/a', { exact: true }).count()).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('choosing Українська turns the same screens Ukrainian', async () => {
    const page = await open(grip, 'en-US');
    await page.goto(`${server.url}/productions/${productionId}`);
    await heading(page, 'Alta Mesa');
    await chooseLanguage(page, grip, 'Українська');
    await page.getByRole('button', { name: 'СТОП — зупинити роботу' }).waitFor();
    await page.getByRole('navigation', { name: 'Проєкт' }).getByRole('link', { name: 'Зупинки', exact: true }).click();
    await heading(page, 'Зупинки');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk');

    // Back to the device's own language, English here.
    await chooseLanguage(page, grip, 'Автоматично мова цього пристрою');
    await heading(page, 'Stops');
  });

  it('a phone set to Ukrainian opens in Ukrainian before anyone chooses anything', async () => {
    const page = await open(medic, 'uk-UA');
    await page.goto(`${server.url}/productions/${productionId}/stops`);
    await heading(page, 'Зупинки');
    await page.getByRole('button', { name: 'СТОП — зупинити роботу' }).waitFor();
    await page.getByRole('button', { name: 'СТОП — зупинити роботу' }).click();
    await page.getByRole('dialog', { name: 'Зупинити роботу: Alta Mesa' }).getByRole('button', { name: 'Скасувати' }).click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk');

    // The set's public page too, where a sentence carries its link inside it.
    const { production } = await callApi<{ production: { setCode: string } }>(server.url, tokens[producer.email]!, 'GET', `/api/productions/${productionId}`);
    await page.goto(`${server.url}/s/${production.setCode}`);
    await page.getByRole('button', { name: 'СТОП РОБОТІ' }).waitFor();
    await page.getByRole('link', { name: 'Повідомте про небезпеку' }).waitFor();
  });
});
