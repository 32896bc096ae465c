import { describe, expect, it } from 'vitest';
import type { SafetyScores } from '../../engine/index.js';
import { DEFAULT_SAFETY, type SafetySettings } from '../settings/server-settings.js';
import type { Requester } from '../types.js';
import { adultAllowed, inputRefusal, verdict, type SafetyPlace } from './safety-policy.js';

const scores = (s: Partial<SafetyScores>): SafetyScores => ({
  drawing: 0,
  hentai: 0,
  neutral: 0,
  porn: 0,
  sexy: 0,
  ...s,
});
const channel: SafetyPlace = { adultAllowed: false, spoilers: true };
const slack: SafetyPlace = { adultAllowed: false, spoilers: false };
const adult: SafetyPlace = { adultAllowed: true, spoilers: true };
const from = (r: Partial<Requester>): Requester => ({
  platform: 'discord',
  userId: 'u',
  channelId: 'c',
  isDM: false,
  ...r,
});

describe('safety policy', () => {
  it('withholds porn or hentai at the threshold where adult content is not allowed, and posts it where it is', () => {
    expect(verdict(scores({ porn: 0.6 }), DEFAULT_SAFETY, channel)).toEqual({
      action: 'withhold',
      label: 'porn',
      score: 0.6,
      why: 'adult',
    });
    expect(verdict(scores({ hentai: 0.7, porn: 0.2 }), DEFAULT_SAFETY, slack)).toMatchObject({ label: 'hentai' });
    expect(verdict(scores({ porn: 0.59, neutral: 0.41 }), DEFAULT_SAFETY, channel)).toEqual({ action: 'post' });
    expect(verdict(scores({ porn: 0.99 }), DEFAULT_SAFETY, adult)).toEqual({ action: 'post' });
  });

  it('blurs borderline images where the platform can, withholds them where it cannot, and follows the settings', () => {
    const sexy = scores({ sexy: 0.8, neutral: 0.2 });
    expect(verdict(sexy, DEFAULT_SAFETY, channel)).toEqual({ action: 'spoiler', label: 'sexy', score: 0.8 });
    expect(verdict(sexy, DEFAULT_SAFETY, slack)).toEqual({
      action: 'withhold',
      label: 'sexy',
      score: 0.8,
      why: 'borderline',
    });
    const plain: SafetySettings = { ...DEFAULT_SAFETY, spoilerBorderline: false };
    expect(verdict(sexy, plain, channel)).toEqual({ action: 'post' });
    expect(verdict(sexy, plain, slack)).toEqual({ action: 'post' });
    expect(verdict(sexy, { ...DEFAULT_SAFETY, spoilerAt: 0.9 }, channel)).toEqual({ action: 'post' });
    expect(verdict(sexy, DEFAULT_SAFETY, adult)).toEqual({ action: 'post' });
  });

  it('follows the channel flag on Discord (a thread its parent) and the setting everywhere else', () => {
    expect(adultAllowed(from({ ageRestricted: true }), DEFAULT_SAFETY)).toBe(true);
    expect(adultAllowed(from({}), { ...DEFAULT_SAFETY, adultWithoutFlag: true })).toBe(false);
    expect(adultAllowed(from({ isDM: true }), DEFAULT_SAFETY)).toBe(false);
    expect(adultAllowed(from({ isDM: true }), { ...DEFAULT_SAFETY, adultWithoutFlag: true })).toBe(true);
    expect(adultAllowed(from({ platform: 'slack' }), DEFAULT_SAFETY)).toBe(false);
    expect(adultAllowed(from({ platform: 'slack' }), { ...DEFAULT_SAFETY, adultWithoutFlag: true })).toBe(true);
  });

  it('refuses flagged inputs only where adult content is not allowed', () => {
    expect(inputRefusal(DEFAULT_SAFETY, channel)).toBe(0.6);
    expect(inputRefusal({ ...DEFAULT_SAFETY, withholdAt: 0.8 }, slack)).toBe(0.8);
    expect(inputRefusal(DEFAULT_SAFETY, adult)).toBeUndefined();
  });
});
