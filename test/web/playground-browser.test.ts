import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { pseudoRandomBytes } from '../../src/pipeline/image-io/fixtures/synthetic-images.js';
import { browserSkipReason, launchChromium, platformFonts } from '../helpers/browser.js';
import { characterAccuracy, makeSign, renderTextImage, type TextImage } from '../fixtures/text-images.js';
import { startTestPlayground, type TestPlayground } from './playground-fixture.js';

const ARTIFACTS = 'test-artifacts';
const skipReason = browserSkipReason();
if (skipReason) console.warn(skipReason);

/** A colourful stand-in for a photo: a sky gradient, a sun and hills. */
async function makePhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2563eb"/><stop offset="1" stop-color="#f97316"/></linearGradient></defs>
    <rect width="640" height="480" fill="url(#sky)"/>
    <circle cx="460" cy="190" r="70" fill="#fde047"/>
    <path d="M0 380 Q160 300 320 370 T640 350 V480 H0 Z" fill="#15803d"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Whether the box lies in the part of the window the reader sees: below the sticky header, above the composer. */
async function inView(p: Page, target: Locator): Promise<boolean> {
  const [box, top, composer] = await Promise.all([
    target.boundingBox(),
    p.locator('header.top').boundingBox(),
    p.locator('#composer .composer-inner').boundingBox(),
  ]);
  if (!box || !top || !composer) return false;
  return box.y >= top.y + top.height - 1 && box.y + box.height <= composer.y + 1;
}

/** Run in the page, as text (the tests have no DOM types): how far it is scrolled and how long it is. */
const SCROLL_STATE =
  '({ y: window.scrollY, height: document.scrollingElement.scrollHeight, window: window.innerHeight })';
type ScrollState = { y: number; height: number; window: number };

/** Run in the page: the composer placeholder's one-line width and the room the message box gives it. */
const PLACEHOLDER_FIT = `(() => {
  const box = document.querySelector('#composer-text');
  const style = getComputedStyle(box);
  const probe = document.createElement('span');
  probe.style.font = style.font;
  probe.style.whiteSpace = 'pre';
  probe.style.position = 'absolute';
  probe.textContent = box.placeholder;
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return { text: box.placeholder, width, room, scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
})()`;
type PlaceholderFit = { text: string; width: number; room: number; scrollWidth: number; clientWidth: number };

const FONTS_READY = 'document.fonts.ready.then(() => true)';

/** Runs in the page: the loaded width of an <img>. */
const naturalWidth = (img: unknown): number => (img as { naturalWidth: number }).naturalWidth;

const FINAL = '[data-state="done"], [data-state="failed"], [data-state="cancelled"]';

describe.skipIf(skipReason !== undefined)('the playground in headless Chromium', () => {
  let t: TestPlayground;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sign: TextImage;
  let textPage: TextImage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [t, browser, sign, textPage] = await Promise.all([
      startTestPlayground(),
      launchChromium(),
      makeSign(),
      renderTextImage({
        lines: Array.from({ length: 24 }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog`),
        width: 1600,
        height: 1600,
        weight: 'normal',
      }),
    ]);
    await mkdir(ARTIFACTS, { recursive: true });
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The newest turn's bot message. */
  const lastBot = (p: Page = page): Locator => p.locator('.turn').last().locator('.msg.bot');

  async function sendMessage(text: string, files: { name: string; buffer: Buffer }[] = [], p: Page = page) {
    const before = await p.locator('.turn').count();
    if (files.length > 0) {
      await p.setInputFiles(
        '#file-input',
        files.map((f) => ({ ...f, mimeType: 'image/png' })),
      );
      await p
        .locator('.attachment:not(.is-uploading)')
        .nth(files.length - 1)
        .waitFor();
    }
    await p.locator('#composer-text').fill(text);
    await p.locator('#composer-text').press('Enter');
    await p.locator('.turn').nth(before).waitFor();
    return lastBot(p);
  }

  /** When the first preview frame reached the page (a measurement, never asserted). Polled from here: the CSP forbids evaluated predicates. */
  async function firstFrameAfter(bot: Locator, since: number): Promise<number> {
    for (;;) {
      // One read of both attributes, so a job that ends between two reads is not mistaken for one without frames.
      const [frames, state] = await bot.evaluate((el) => {
        const data = (el as unknown as { dataset: Record<string, string | undefined> }).dataset;
        return [Number(data.frames), data.state ?? ''] as const;
      });
      if (frames >= 1) return performance.now() - since;
      if (['done', 'failed', 'cancelled'].includes(state)) return Number.NaN;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits for the turn to end; skips the step when this build cannot do the task yet. */
  async function finished(bot: Locator, ctx: TestContext, task: string): Promise<string> {
    await bot.and(bot.page().locator(FINAL)).waitFor({ timeout: 120_000 });
    const status = await bot.locator('.status-text').innerText();
    if ((await bot.getAttribute('data-state')) === 'failed' && status.includes(`cannot do "${task}" yet`)) {
      ctx.skip(`no ${task} handler is registered in this build yet: ${status}`);
    }
    return status;
  }

  async function fileBytes(url: string): Promise<Buffer> {
    const base64 = await page.evaluate(async (u) => {
      const bytes = new Uint8Array(await (await fetch(u)).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    }, url);
    return Buffer.from(base64, 'base64');
  }

  it('loads the page: labelled controls, the message box focused, no script or CSP errors', async () => {
    await page.goto(t.playground.url);
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('composer-text');
    expect(await page.locator('#send').innerText()).toBe('Send');
    expect(await page.locator('#attach').getAttribute('aria-label')).toBe('Attach images');
    expect(await page.locator('label[for="composer-text"]').innerText()).toBe('Message');
    expect(await page.locator('#welcome').isVisible()).toBe(true);
    await expect.poll(() => page.locator('#packs').innerText()).toMatch(/ocr/);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-welcome.png') });
    // Tab reaches the send button from the message box.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('send');
    expect(pageErrors).toEqual([]);
  });

  it('reads the text of an uploaded sign: progress line, text answer, result image with Download and Delete', async (ctx) => {
    const bot = await sendMessage('read the text in this image', [{ name: 'sign.png', buffer: sign.png }]);
    await finished(bot, ctx, 'ocr');
    expect(await bot.getAttribute('data-state')).toBe('done');
    expect(characterAccuracy(sign.truth, await bot.locator('.answer p').innerText())).toBeGreaterThanOrEqual(0.95);
    const image = bot.locator('.media img');
    await expect.poll(() => image.evaluate(naturalWidth)).toBe(800);
    expect(await bot.locator('a.btn', { hasText: 'Download' }).getAttribute('href')).toMatch(
      /\/files\/.+\?download=1$/,
    );
    expect(await bot.locator('[data-action="delete"]').innerText()).toBe('Delete');
    expect(await page.locator('#live').innerText()).toMatch(/Done in/);
    expect(pageErrors).toEqual([]);
  });

  it('replies to an earlier image when it is clicked: that image is the input of the next request', async (ctx) => {
    await page.locator('.turn').first().locator('.msg.bot .media button').click();
    expect(await page.locator('#reply-chip').isVisible()).toBe(true);
    const bot = await sendMessage('read the text');
    await finished(bot, ctx, 'ocr');
    const turn = page.locator('.turn').last();
    expect(await turn.locator('.reply-ref img').count()).toBe(1);
    expect(await page.locator('#reply-chip').isVisible()).toBe(false);
    expect(characterAccuracy(sign.truth, await bot.locator('.answer p').innerText())).toBeGreaterThanOrEqual(0.9);
  });

  it('cancels a running job from its Cancel button', async () => {
    const bot = await sendMessage('read the text', [{ name: 'page.png', buffer: textPage.png }]);
    await bot.and(page.locator('[data-state="running"]')).waitFor();
    await bot.locator('[data-action="cancel"]').click();
    await bot.and(page.locator(FINAL)).waitFor();
    expect(await bot.getAttribute('data-state')).toBe('cancelled');
    expect(await bot.locator('.status-text').innerText()).toBe('Cancelled.');
    expect(await bot.locator('.actions button').count()).toBe(0);
  });

  it('draws an image: scanline previews arrive before the final image, then Reroll, Edit, Upscale, Delete', async (ctx) => {
    const sentAt = performance.now();
    const bot = await sendMessage('a lighthouse at dusk, watercolor');
    const firstFrame = firstFrameAfter(bot, sentAt);
    await finished(bot, ctx, 'generate');
    expect(await bot.getAttribute('data-state')).toBe('done');
    console.info(`first preview frame ${(await firstFrame).toFixed(0)} ms after Enter (model loads on first use)`);
    expect(Number(await bot.getAttribute('data-frames'))).toBeGreaterThanOrEqual(2);
    await expect.poll(() => bot.locator('.media img').first().evaluate(naturalWidth)).toBeGreaterThan(0);
    const actions = await bot.locator('.actions [data-action]').evaluateAll((els) => els.map((e) => e.dataset.action));
    expect(actions).toEqual(['reroll', 'edit', 'upscale', 'delete']);

    const pressedAt = performance.now();
    await bot.locator('[data-action="reroll"]').click();
    await page.locator('.turn .via', { hasText: 'Reroll' }).waitFor();
    const rerolled = lastBot();
    const warmFrame = firstFrameAfter(rerolled, pressedAt);
    await finished(rerolled, ctx, 'generate');
    console.info(`first preview frame ${(await warmFrame).toFixed(0)} ms after Reroll (model loaded)`);
    expect(await rerolled.getAttribute('data-state')).toBe('done');
    expect(await page.locator('.turn').last().locator('.msg.user .text').innerText()).toBe(
      'a lighthouse at dusk, watercolor',
    );
  });

  it('uploads a photo and edits it, then edits the result again from its Edit button', async (ctx) => {
    const bot = await sendMessage('make it black and white', [{ name: 'photo.png', buffer: await makePhoto() }]);
    await finished(bot, ctx, 'edit');
    expect(await bot.getAttribute('data-state')).toBe('done');
    const url = (await bot.locator('.media img').first().getAttribute('src')) ?? '';
    const stats = await sharp(await fileBytes(url)).stats();
    const [r, g, b] = stats.channels.map((c) => c.mean);
    expect(Math.abs((r ?? 0) - (g ?? 0)) + Math.abs((g ?? 0) - (b ?? 0))).toBeLessThan(3);

    await bot.locator('[data-action="edit"]').click();
    await page.locator('#reply-chip').waitFor();
    expect(await page.locator('#reply-chip img').getAttribute('src')).toBe(url);
    const again = await sendMessage('rotate it 90 degrees');
    await finished(again, ctx, 'edit');
    expect(await again.getAttribute('data-state')).toBe('done');
    expect(await page.locator('.turn').last().locator('.reply-ref img').count()).toBe(1);
  });

  it('keeps a screenshot of the conversation as a test artifact', async () => {
    // What the user sees at the end of the conversation (a full-page shot would paint the sticky bars mid-page).
    const path = join(ARTIFACTS, 'playground-en.png');
    await page.setViewportSize({ width: 1100, height: 1800 });
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await page.screenshot({ path });
    expect((await sharp(path).metadata()).width).toBe(1100);
  });

  it('gives a new user something to try without a file: the sample sign example reads its text', async () => {
    const fresh = await browser.newContext({ locale: 'en-US' });
    const p = await fresh.newPage();
    await p.goto(t.playground.url);
    await p.locator('[data-example="sign"]').click();
    const bot = p.locator('.turn').last().locator('.msg.bot');
    await bot.and(p.locator(FINAL)).waitFor();
    expect(await bot.getAttribute('data-state')).toBe('done');
    expect(await p.locator('.turn .msg.user .text').innerText()).toBe('read the text in this image');
    const answer = await bot.locator('.answer p').innerText();
    expect(answer).toMatch(/OPEN/);
    expect(answer).toMatch(/EXIT/);
    expect(await p.locator('#welcome').isVisible()).toBe(false);
    await fresh.close();
  });

  it('speaks Chinese when the browser does, and says what is wrong with a damaged image in Chinese', async () => {
    const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 900, height: 800 } });
    const zh = await zhContext.newPage();
    await zh.goto(t.playground.url);
    expect(await zh.locator('#send').innerText()).toBe('发送');
    expect(await zh.evaluate('document.documentElement.lang')).toBe('zh-CN');
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(pseudoRandomBytes(4000))]);
    const bot = await sendMessage('read the text', [{ name: 'photo.png', buffer: broken }], zh);
    await bot.and(zh.locator(FINAL)).waitFor();
    expect(await bot.getAttribute('data-state')).toBe('failed');
    expect(await bot.locator('.status-text').innerText()).toContain('图片「photo.png」已损坏');
    await zh.screenshot({ path: join(ARTIFACTS, 'playground-zh.png') });
    await zhContext.close();
  });

  it('shows the seed a Reroll draws with in its bubble, not the seed of the image it rerolls', async (ctx) => {
    const bot = await sendMessage('a lighthouse at dusk, watercolor --seed 7');
    await finished(bot, ctx, 'generate');
    expect(await bot.locator('.notes').innerText()).toContain('Seed 7:');
    await bot.locator('[data-action="reroll"]').click();
    await page.locator('.turn').last().locator('.via', { hasText: 'Reroll' }).waitFor();
    const turn = page.locator('.turn').last();
    const rerolled = turn.locator('.msg.bot');
    await finished(rerolled, ctx, 'generate');
    const seed = /seed (\d+)/.exec(await turn.locator('.via').innerText())?.[1];
    expect(seed).toBeDefined();
    expect(seed).not.toBe('7');
    expect(await turn.locator('.msg.user .text').innerText()).toBe(`a lighthouse at dusk, watercolor --seed ${seed}`);
    // The reply says which seed it drew with: the same one.
    expect(await rerolled.locator('.notes').innerText()).toContain(`Seed ${seed}:`);
  });

  it('follows the conversation: after five image turns the newest message and its reply are in view', async (ctx) => {
    const wide = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const p = await wide.newPage();
    await p.goto(t.playground.url);
    const photo = await makePhoto();
    for (const instruction of [
      'make it sepia',
      'make it black and white',
      'invert the colors',
      'blur it',
      'sharpen it',
    ]) {
      const bot = await sendMessage(instruction, [{ name: 'photo.png', buffer: photo }], p);
      await finished(bot, ctx, 'edit');
    }
    // Final images load after their turn is drawn and make the page longer: the view follows them too.
    for (const img of await p.locator('.turn .msg.bot .media img').all()) {
      await expect.poll(() => img.evaluate(naturalWidth)).toBeGreaterThan(0);
    }
    const turn = p.locator('.turn').last();
    await expect.poll(() => inView(p, turn.locator('.msg.bot .bubble'))).toBe(true);
    expect(await inView(p, turn.locator('.msg.user .bubble'))).toBe(true);
    const long = (await p.evaluate(SCROLL_STATE)) as ScrollState;
    expect(long.height).toBeGreaterThan(3 * long.window);
    await p.screenshot({ path: join(ARTIFACTS, 'playground-1280-en.png') });

    // A reader who scrolled up to read is not pulled down by a new turn (here from a second tab of the same browser).
    await p.evaluate("window.scrollTo({ top: 300, behavior: 'instant' })");
    const other = await wide.newPage();
    await other.goto(t.playground.url);
    const help = await sendMessage('what can you do?', [], other);
    await help.and(other.locator(FINAL)).waitFor();
    const lastTurn = p.locator('.turn').last();
    await lastTurn.locator('.msg.bot[data-state="done"]').waitFor();
    await expect.poll(() => p.locator('#jump').isVisible()).toBe(true);
    expect(((await p.evaluate(SCROLL_STATE)) as ScrollState).y).toBe(300);
    expect(await inView(p, lastTurn.locator('.msg.bot .bubble'))).toBe(false);
    await p.screenshot({ path: join(ARTIFACTS, 'playground-1280-en-new-messages.png') });
    await p.locator('#jump').click();
    await expect.poll(() => inView(p, lastTurn.locator('.msg.bot .bubble'))).toBe(true);
    expect(await p.locator('#jump').isVisible()).toBe(false);
    await wide.close();
  });

  it('answers "what can you do?" once: the answer, not the answer again as a note', async () => {
    const fresh = await browser.newContext({ locale: 'en-US' });
    const p = await fresh.newPage();
    await p.goto(t.playground.url);
    await p.locator('[data-example="help"]').click();
    const bot = p.locator('.turn').last().locator('.msg.bot');
    await bot.and(p.locator(FINAL)).waitFor();
    expect(await bot.getAttribute('data-state')).toBe('done');
    const shown = await bot.locator('.bubble').innerText();
    expect(shown.match(/I can draw/g)).toHaveLength(1);
    expect(await bot.locator('.notes li').count()).toBe(0);
    await fresh.close();
  });

  it('draws Chinese text with the Noto Sans SC the playground serves, not a system font', async () => {
    const zhContext = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const zh = await zhContext.newPage();
    const fonts: { url: string; status: number; type?: string; cache?: string }[] = [];
    zh.on('response', (r) => {
      if (r.url().includes('/fonts/')) {
        fonts.push({
          url: new URL(r.url()).pathname,
          status: r.status(),
          type: r.headers()['content-type'],
          cache: r.headers()['cache-control'],
        });
      }
    });
    await zh.goto(t.playground.url);
    const bot = await sendMessage('你能做什么？', [], zh);
    await bot.and(zh.locator(FINAL)).waitFor();
    const answer = await bot.locator('.answer p').innerText();
    expect(answer).toContain('我可以画图');
    expect((await bot.locator('.bubble').innerText()).match(/我可以画图/g)).toHaveLength(1);
    // A hanzi outside GB 2312 level 1 comes from its block's file, after core says it lacks it.
    const rare = await sendMessage('龘', [], zh);
    await rare.and(zh.locator(FINAL)).waitFor();
    await zh.evaluate(FONTS_READY);

    // All-Chinese messages: every glyph from the served font (the machine's WenQuanYi would say isCustomFont false).
    for (const selector of ['.turn:first-child .msg.user .text', '.turn:last-child .msg.user .text']) {
      const used = await platformFonts(zh, selector);
      expect(used, selector).toEqual([expect.objectContaining({ familyName: 'Noto Sans SC', isCustomFont: true })]);
    }
    // The answer mixes Chinese and Latin ("--ar 16:9"): hanzi from the served font, Latin from the system's.
    const mixed = await platformFonts(zh, '.turn:first-child .answer p');
    const served = mixed.find((f) => f.isCustomFont);
    expect(served).toMatchObject({ familyName: 'Noto Sans SC' });
    expect(served?.glyphCount).toBeGreaterThan(100);
    expect(mixed.filter((f) => /wenquanyi|micro ?hei|cjk/i.test(f.familyName))).toEqual([]);
    const loaded = await zh.evaluate(
      '[...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family} ${f.weight}`)',
    );
    expect(loaded).toContain('Scanline Noto Sans SC 400');

    expect(fonts.map((f) => f.url)).toEqual(
      expect.arrayContaining(['/fonts/noto-sans-sc-400-core.woff', '/fonts/noto-sans-sc-400-u9600.woff']),
    );
    for (const f of fonts) {
      expect(f.status, f.url).toBe(200);
      expect(f.type).toBe('font/woff');
      expect(f.cache).toMatch(/max-age=\d+/);
    }
    await zh.screenshot({ path: join(ARTIFACTS, 'playground-1280-zh.png') });
    await zhContext.close();
  });

  it.each(['en-US', 'zh-CN'])('on a 390 px phone (%s) the composer placeholder is fully visible', async (locale) => {
    const phone = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const p = await phone.newPage();
    await p.goto(t.playground.url);
    await p.evaluate(FONTS_READY);
    const fit = (await p.evaluate(PLACEHOLDER_FIT)) as PlaceholderFit;
    expect(fit.text.length).toBeGreaterThan(0);
    expect(fit.width, fit.text).toBeLessThanOrEqual(fit.room);
    expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
    const name = locale === 'en-US' ? 'en' : 'zh';
    await p.screenshot({ path: join(ARTIFACTS, `playground-390-${name}-welcome.png`) });
    const bot = await sendMessage(locale === 'en-US' ? 'what can you do?' : '你能做什么？', [], p);
    await bot.and(p.locator(FINAL)).waitFor();
    expect(await inView(p, bot.locator('.status'))).toBe(true);
    await p.screenshot({ path: join(ARTIFACTS, `playground-390-${name}.png`) });
    await phone.close();
  });
});
