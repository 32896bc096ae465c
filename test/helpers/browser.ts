// Headless Chromium for browser tests: Debian's `chromium` driven by playwright-core
// (no browser download). In CI the browser must be there; on a developer machine
// without it, browser tests skip and say why.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, offline, reproducible: no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Why browser tests cannot run here, or undefined when they must. CI never skips: a missing browser fails. */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI) return undefined;
  return `Browser tests skipped: ${CHROMIUM_PATH} is missing. Install it with \`apt-get install -y --no-install-recommends chromium\` (CI installs it and never skips).`;
}

/** Launches headless Chromium; playwright gives every launch a fresh --user-data-dir of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

export interface PlatformFont {
  familyName: string;
  postScriptName?: string;
  /** True for a web font the page loaded, false for a font installed on the machine. */
  isCustomFont: boolean;
  glyphCount: number;
}

/** The fonts Chromium drew the text of the first element matching `selector` with (CDP CSS.getPlatformFontsForNode). */
export async function platformFonts(page: Page, selector: string): Promise<PlatformFont[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no element matches ${selector}`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}
