import type { REST } from 'discord.js';
import type { ChannelPacer } from './channel-pacer.js';

/** `/channels/<id>/messages...` -> the channel id, for pacing. */
function channelOfPath(path: string): string | undefined {
  return /^\/channels\/(\d+)\/messages/.exec(path)?.[1];
}

/** Holds a channel's sends when Discord answers 429 or says its bucket is empty; every 429 is told to `onRateLimited`. */
export function backOffOnRateLimits(rest: REST, pacer: ChannelPacer, onRateLimited?: () => void): void {
  rest.on('response', (request, response) => {
    if (response.status === 429) onRateLimited?.();
    const channelId = channelOfPath(request.path);
    if (!channelId) return;
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 429 && retryAfter > 0) {
      pacer.backOff(channelId, retryAfter * 1000);
    } else if (response.headers.get('x-ratelimit-remaining') === '0') {
      pacer.backOff(channelId, Number(response.headers.get('x-ratelimit-reset-after') ?? 0) * 1000);
    }
  });
}
