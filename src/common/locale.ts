/** The languages Scanline answers in. */
export type Locale = 'en' | 'zh';
