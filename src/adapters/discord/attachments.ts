import type { Attachment, Message } from 'discord.js';
import {
  claimsImage,
  downloadImage,
  type AttachmentPolicy,
  type ImageRef,
  type StoredImage,
} from '../../pipeline/index.js';

/** An attachment as the REST API returns it inside a message. */
export interface RawAttachment {
  url: string;
  filename: string;
  size?: number;
  content_type?: string;
}

/** An attachment URL as a lazy ImageRef: downloaded only when the job runs, under the attachment policy. */
export function imageRef(image: StoredImage, policy: AttachmentPolicy): ImageRef {
  return {
    ...image,
    fetch: (signal) =>
      downloadImage(image.url, { policy, ...(signal ? { signal } : {}), ...(image.name ? { name: image.name } : {}) }),
  };
}

export function attachmentRef(a: Attachment, policy: AttachmentPolicy): ImageRef {
  return {
    ...imageRef(
      {
        url: a.url,
        name: a.name,
        size: a.size,
        ...(a.contentType ? { contentType: a.contentType } : {}),
      },
      policy,
    ),
    ...(a.width ? { width: a.width } : {}),
    ...(a.height ? { height: a.height } : {}),
  };
}

/** Attachments that claim to be images (the bytes are sniffed later anyway). */
export function imageAttachments(message: Pick<Message, 'attachments'>): Attachment[] {
  return [...message.attachments.values()].filter((a) => claimsImage(a));
}

/** The images among a REST message's attachments. */
export function rawImageRefs(attachments: RawAttachment[], policy: AttachmentPolicy): ImageRef[] {
  return attachments
    .filter((a) => claimsImage({ contentType: a.content_type ?? null, name: a.filename }))
    .map((a) =>
      imageRef(
        {
          url: a.url,
          name: a.filename,
          ...(a.size ? { size: a.size } : {}),
          ...(a.content_type ? { contentType: a.content_type } : {}),
        },
        policy,
      ),
    );
}
