// Posters: the text from the instruction, a palette, a layout, a background, and the composition.
export { extractPosterCopy, splitPosterLines, allLines, type PosterCopy, type PosterLines } from './poster-text.js';
export {
  choosePalette,
  isKnownStyle,
  styleRequest,
  PALETTES,
  type Palette,
  type PaletteChoice,
  type PaletteName,
} from './palettes.js';
export {
  canvasSize,
  layoutPoster,
  orientationOf,
  DEFAULT_ASPECT,
  DEFAULT_LONG_SIDE,
  type Canvas,
  type PosterLayout,
  type PlacedBlock,
} from './layout.js';
export { plainBackground, plainBackgroundSvg, fittedBackground, type BackgroundPlan } from './background.js';
export { composePoster, type PosterImage, type PlacedText } from './render-poster.js';
export { MIN_CONTRAST, contrastRatio, luminance, worstContrast, luminancesIn, type Box, type Rgb } from './contrast.js';
export { posterFont, type PosterFont, type PosterWeight } from './fonts.js';
