// Slack files both ways: user uploads become lazy ImageRefs (Bearer token, attachment policy),
// our images go up through the upload-URL flow (getUploadURLExternal -> POST -> complete).
import type { WebClient } from '@slack/web-api';
import {
  downloadImage,
  type AttachmentPolicy,
  type EncodedImage,
  type ImageRef,
  type StoredImage,
} from '../../pipeline/index.js';

/** The fields of Slack's file object that we read. */
export interface SlackFileInfo {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
  original_w?: number;
  original_h?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads a file object from an event or API answer; undefined when it is not one. */
export function parseSlackFile(value: unknown): SlackFileInfo | undefined {
  if (!isObject(value)) return undefined;
  const id = str(value.id);
  if (!id) return undefined;
  return {
    id,
    name: str(value.name),
    mimetype: str(value.mimetype),
    size: num(value.size),
    url_private: str(value.url_private),
    url_private_download: str(value.url_private_download),
    original_w: num(value.original_w),
    original_h: num(value.original_h),
  };
}

export function parseSlackFiles(value: unknown): SlackFileInfo[] {
  return Array.isArray(value) ? value.map(parseSlackFile).filter((f): f is SlackFileInfo => f !== undefined) : [];
}

export const isImageFile = (f: SlackFileInfo): boolean => (f.mimetype ?? '').startsWith('image/');

export interface FileAccess {
  botToken: string;
  policy: AttachmentPolicy;
}

/** Downloads with the bot token, only from allowed hosts; an HTML answer is a permission problem (download.ts says so). */
export function imageRefFromStored(image: StoredImage, access: FileAccess): ImageRef {
  const headers = { Authorization: `Bearer ${access.botToken}` };
  return {
    ...image,
    fetch: (signal?: AbortSignal) =>
      downloadImage(image.url, {
        policy: access.policy,
        headers,
        ...(signal ? { signal } : {}),
        ...(image.name ? { name: image.name } : {}),
      }),
  };
}

export function imageRefFromFile(file: SlackFileInfo, access: FileAccess): ImageRef | undefined {
  const url = file.url_private_download ?? file.url_private;
  if (!url) return undefined;
  return {
    ...imageRefFromStored(
      {
        url,
        ...(file.name ? { name: file.name } : {}),
        ...(file.size !== undefined ? { size: file.size } : {}),
        ...(file.mimetype ? { contentType: file.mimetype } : {}),
      },
      access,
    ),
    ...(file.original_w ? { width: file.original_w } : {}),
    ...(file.original_h ? { height: file.original_h } : {}),
  };
}

/**
 * The images of a message as refs. Files without a URL (Slack Connect's `check_file_info`)
 * are looked up with files.info. Non-images are kept only when there is no image, so the
 * user hears why ("not an image I can read") instead of silence.
 */
export async function imageRefsFromFiles(
  files: SlackFileInfo[],
  access: FileAccess,
  client: WebClient,
): Promise<ImageRef[]> {
  const resolved: SlackFileInfo[] = [];
  for (const f of files) {
    if (f.url_private || f.url_private_download) resolved.push(f);
    else {
      const info = await client.files.info({ file: f.id });
      const full = parseSlackFile(info.file);
      if (full) resolved.push(full);
    }
  }
  const images = resolved.filter(isImageFile);
  const chosen = images.length > 0 ? images : resolved;
  return chosen.map((f) => imageRefFromFile(f, access)).filter((r): r is ImageRef => r !== undefined);
}

export interface UploadOptions {
  /** Share into this conversation (a real message with the file); leave out to keep the file private to the app. */
  channel?: string;
  threadTs?: string;
  signal?: AbortSignal;
  title?: string;
}

/** Uploads bytes through Slack's external upload flow; returns the file id. */
export async function uploadImage(client: WebClient, image: EncodedImage, opts: UploadOptions = {}): Promise<string> {
  const ticket = await client.files.getUploadURLExternal({ filename: image.name, length: image.data.byteLength });
  const uploadUrl = ticket.upload_url;
  const fileId = ticket.file_id;
  if (!uploadUrl || !fileId) throw new Error('files.getUploadURLExternal returned no upload_url or file_id');
  opts.signal?.throwIfAborted();
  // The upload URL is pre-signed: it never gets the bot token.
  const response = await fetch(uploadUrl, {
    method: 'POST',
    headers: { 'Content-Type': image.mime },
    body: image.data,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`file upload answered HTTP ${response.status}`);
  opts.signal?.throwIfAborted();
  const files: [{ id: string; title: string }] = [{ id: fileId, title: opts.title ?? image.name }];
  if (opts.channel && opts.threadTs) {
    await client.files.completeUploadExternal({ files, channel_id: opts.channel, thread_ts: opts.threadTs });
  } else if (opts.channel) {
    await client.files.completeUploadExternal({ files, channel_id: opts.channel });
  } else {
    await client.files.completeUploadExternal({ files });
  }
  return fileId;
}

/** The final image a reply shared into its thread (Upscale, Edit), from its journaled location. */
export function sharedFinalRef(
  location: { fileUrl?: string; fileName?: string } | undefined,
  access: FileAccess,
): ImageRef | undefined {
  if (!location?.fileUrl) return undefined;
  return imageRefFromStored(
    { url: location.fileUrl, ...(location.fileName ? { name: location.fileName } : {}) },
    access,
  );
}
