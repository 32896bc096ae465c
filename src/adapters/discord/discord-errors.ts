import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

export function isDiscordError(error: unknown, ...codes: number[]): error is DiscordAPIError {
  return error instanceof DiscordAPIError && codes.includes(Number(error.code));
}

/** The bot token may not act in the channel: an interaction reply falls back to its webhook. */
export const NO_BOT_ACCESS = [
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownChannel,
];

/** No retry and no new reply can land: no access, the channel is gone, the thread is locked. */
export const PERMANENT = [...NO_BOT_ACCESS, RESTJSONErrorCodes.ThreadLocked];
