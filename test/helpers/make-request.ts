import type { ImageRef, Request, Requester } from '../../src/pipeline/types.js';

// Builds valid Requests for tests. Image stubs refuse to download, so a test
// fails loudly if code that should only plan (the router) touches the bytes.

let counter = 0;

/** A fixed clock base keeps `receivedAt` deterministic and ordered by creation. */
const BASE_TIME = 1_700_000_000_000;

/** An ImageRef whose fetch rejects unless the test supplies its own. */
export function makeImageRef(partial: Partial<ImageRef> = {}): ImageRef {
  counter += 1;
  const name = partial.name ?? `image-${counter}.png`;
  return {
    url: `https://cdn.example.test/attachments/${counter}/${name}`,
    name,
    size: 1024,
    contentType: 'image/png',
    fetch: () => Promise.reject(new Error(`test stub: fetch of ${name} was not expected`)),
    ...partial,
  };
}

export interface RequestOverrides extends Partial<Omit<Request, 'from' | 'images' | 'replyTo'>> {
  from?: Partial<Requester>;
  /** Images, or how many stub images to attach. */
  images?: ImageRef[] | number;
  /** The replied-to bot message; `images` may be a count of stubs. */
  replyTo?: { messageId?: string; images: ImageRef[] | number };
}

const toImages = (images: ImageRef[] | number | undefined): ImageRef[] =>
  typeof images === 'number' ? Array.from({ length: images }, () => makeImageRef()) : (images ?? []);

/** A valid Request from a Discord guild channel, with any field overridden. */
export function makeRequest(partial: RequestOverrides = {}): Request {
  counter += 1;
  const { from, images, replyTo, ...rest } = partial;
  const request: Request = {
    from: {
      platform: 'discord',
      userId: 'user-1',
      userName: 'tester',
      channelId: 'channel-1',
      guildId: 'guild-1',
      messageId: `msg-${counter}`,
      isDM: false,
      ...from,
    },
    text: '',
    images: toImages(images),
    params: {},
    receivedAt: BASE_TIME + counter,
    ...rest,
  };
  if (replyTo) {
    request.replyTo = {
      messageId: replyTo.messageId ?? `bot-msg-${counter}`,
      images: toImages(replyTo.images),
    };
  }
  return request;
}
