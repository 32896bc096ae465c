import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Weights of Noto Sans SC the poster uses; each one face holds Latin and CJK, so nothing renders as tofu. */
export type PosterWeight = 'regular' | 'medium' | 'bold' | 'black';

const FOLDERS: Record<PosterWeight, { folder: string; file: string; style: string }> = {
  regular: { folder: '400Regular', file: 'NotoSansSC_400Regular.ttf', style: 'Regular' },
  medium: { folder: '500Medium', file: 'NotoSansSC_500Medium.ttf', style: 'Medium' },
  bold: { folder: '700Bold', file: 'NotoSansSC_700Bold.ttf', style: 'Bold' },
  black: { folder: '900Black', file: 'NotoSansSC_900Black.ttf', style: 'Black' },
};

export interface PosterFont {
  /** The TTF (from @expo-google-fonts/noto-sans-sc, installed by `npm ci`). */
  file: string;
  /** Pango font description without a size: family and weight. */
  description: string;
}

/** Found through node's resolver, so no path depends on the machine. */
export function posterFont(weight: PosterWeight): PosterFont {
  const f = FOLDERS[weight];
  const dir = path.dirname(require.resolve(`@expo-google-fonts/noto-sans-sc/${f.folder}/index.js`));
  return { file: path.join(dir, f.file), description: `Noto Sans SC ${f.style}` };
}
