// Type sniffing lives with the engine's codec; the pipeline keeps this name for it.
export { looksLikeHtml, MIME_BY_TYPE, sniffImageType, type SniffedType } from '../../engine/index.js';
