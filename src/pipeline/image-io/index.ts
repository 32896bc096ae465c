// Image I/O for the pipeline: fetch under the attachment policy, decode, resize, encode.
export {
  type AttachmentPolicy,
  type AttachmentPolicyOptions,
  PLATFORM_ATTACHMENT_HOSTS,
  DEFAULT_ATTACHMENT_HOSTS,
  DEFAULT_MAX_ATTACHMENT_BYTES,
  DEFAULT_DOWNLOAD_TIMEOUT_MS,
  DEFAULT_MAX_REDIRECTS,
  createAttachmentPolicy,
  parseHostList,
  isLoopbackHost,
  isUrlAllowed,
  checkAttachmentUrl,
} from './attachment-policy.js';
export { claimsImage } from './claims-image.js';
export { type DownloadOptions, downloadImage, attachmentNameFromUrl } from './download.js';
export { type SniffedType, sniffImageType, looksLikeHtml, MIME_BY_TYPE } from './sniff.js';
export { type DecodedImage, type DecodeOptions, decodeImage } from './decode.js';
export {
  type Size,
  type SmartResizeOptions,
  type ResizeRawOptions,
  SMART_RESIZE_FACTOR,
  SMART_RESIZE_MIN_PIXELS,
  SMART_RESIZE_MAX_PIXELS,
  MAX_ASPECT_RATIO,
  smartResize,
  resizeRaw,
} from './smart-resize.js';
export {
  type PreviewMime,
  type PreviewOptions,
  type FinalOptions,
  DEFAULT_PREVIEW_SIDE,
  DEFAULT_PREVIEW_QUALITY,
  encodePreview,
  encodeFinal,
  withExtension,
} from './encode.js';
