import { describe, expect, it } from 'vitest';
import { extractPosterCopy, splitPosterLines, type PosterLines } from './poster-text.js';

type Case = [instruction: string, expected: Partial<PosterLines> | undefined];

const CASES: Case[] = [
  [
    'make a poster that says 春季骑行节 Spring Ride Festival',
    { headline: '春季骑行节', subtitles: ['Spring Ride Festival'], details: [] },
  ],
  ['make a poster that says "Grand Opening"', { headline: 'Grand Opening', subtitles: [], details: [] }],
  ["a poster saying 'Bake Sale Today'", { headline: 'Bake Sale Today', subtitles: [] }],
  [
    'poster that reads Summer Jazz Night / July 14, 8pm / Riverside Park',
    { headline: 'Summer Jazz Night', details: ['July 14, 8pm', 'Riverside Park'] },
  ],
  [
    'make a flyer that says Spring Ride Festival, April 12, Central Park',
    { headline: 'Spring Ride Festival', details: ['April 12, Central Park'] },
  ],
  ['make a red poster that says SALE | 50% off everything', { headline: 'SALE', subtitles: ['50% off everything'] }],
  [
    'make a poster that says Grand Opening: free coffee all day',
    { headline: 'Grand Opening', subtitles: ['free coffee all day'] },
  ],
  ['make a poster that says Open Mic Night in a retro style', { headline: 'Open Mic Night', subtitles: [] }],
  ['make a poster that says Weekend Book Club, retro style', { headline: 'Weekend Book Club', subtitles: [] }],
  ['poster that says Winter Sale, make it feel like autumn', { headline: 'Winter Sale', subtitles: [] }],
  [
    '做一张海报，写着周末读书会 每周六下午，要有秋天的感觉',
    { headline: '周末读书会', subtitles: [], details: ['每周六下午'] },
  ],
  ['海报：周末读书会，复古风', { headline: '周末读书会', subtitles: [] }],
  [
    '写着周末黑客马拉松 欢迎所有程序员参加',
    { headline: '周末黑客马拉松', subtitles: ['欢迎所有程序员参加'], details: [] },
  ],
  ['poster that says Spring Fair 🌸🎉 / April 12', { headline: 'Spring Fair 🌸🎉', details: ['April 12'] }],
  ['make a poster that says Hello World in red', { headline: 'Hello World', subtitles: [] }],
  [
    'poster with the text "Save the Date" and subtitle "Anna & Ben"',
    { headline: 'Save the Date', subtitles: ['Anna & Ben'] },
  ],
  ['a poster titled Coding Club, every Friday 5pm', { headline: 'Coding Club', details: ['every Friday 5pm'] }],
  ['make a poster for the bake sale', { headline: 'Bake Sale' }],
  ['design a minimal poster: Less is More', { headline: 'Less is More' }],
  [
    'make a poster that says Spring Ride Festival 春季骑行节',
    { headline: 'Spring Ride Festival', subtitles: ['春季骑行节'] },
  ],
  [
    'make a poster that says Spring Ride Festival on Saturday at 9am',
    { headline: 'Spring Ride Festival', details: ['on Saturday at 9am'] },
  ],
  ['做一张海报，标题是“春季骑行节”', { headline: '春季骑行节', subtitles: [], details: [] }],
  ['做一张写着春季骑行节的海报', { headline: '春季骑行节' }],
  [
    '做一张海报，上面写着：春季骑行节 4月12日 奥林匹克公园',
    { headline: '春季骑行节', details: ['4月12日 奥林匹克公园'] },
  ],
  ['做一张复古风格的海报，写着读书会', { headline: '读书会' }],
  [
    '帮我做一张海报，标题是「夏日音乐节」，副标题「Summer Music Fest」，时间「7月20日 晚上8点」',
    { headline: '夏日音乐节', subtitles: ['Summer Music Fest'], details: ['7月20日 晚上8点'] },
  ],
  ['海报：新年快乐 Happy New Year', { headline: '新年快乐', subtitles: ['Happy New Year'] }],
  ['做一个关于垃圾分类的海报', { headline: '垃圾分类' }],
  ['做一张海报，内容是 开业大吉｜全场八折', { headline: '开业大吉', subtitles: ['全场八折'] }],
  ['做一张红色的海报，上面写着新春快乐', { headline: '新春快乐' }],
  [
    'make a poster with the words 读书会 Book Club, Sunday 3pm',
    { headline: '读书会', subtitles: ['Book Club'], details: ['Sunday 3pm'] },
  ],
  ['做一张海报 that says Spring Ride', { headline: 'Spring Ride' }],
  ['make a poster', undefined],
  ['做一张红色的海报', undefined],
  ['make a poster that says iPhone 15 发布会', { headline: 'iPhone 15 发布会', subtitles: [] }],
  ['make a poster that says "24/7 Gym"', { headline: '24/7 Gym', details: [] }],
];

describe('extractPosterCopy', () => {
  it.each(CASES)('%s', (instruction, expected) => {
    const copy = extractPosterCopy(instruction);
    if (expected === undefined) {
      expect(copy).toBeUndefined();
      return;
    }
    expect(copy).toMatchObject(expected);
  });

  it('keeps style words in the instruction part and out of the text', () => {
    const copy = extractPosterCopy('make a poster that says Open Mic Night in a retro style');
    expect(copy?.instruction).toMatch(/retro/);
    expect(copy?.headline).not.toMatch(/retro/);
    const zh = extractPosterCopy('做一张复古风格的海报，写着读书会');
    expect(zh?.instruction).toMatch(/复古/);
  });
});

describe('splitPosterLines', () => {
  it('splits explicit line breaks; a date line and all after it are details', () => {
    expect(splitPosterLines('Night Market\nFood · Music · Lights\nSat 6pm')).toEqual({
      headline: 'Night Market',
      subtitles: ['Food · Music · Lights'],
      details: ['Sat 6pm'],
    });
    expect(splitPosterLines('Book Fair\nMay 3\nCity Library').details).toEqual(['May 3', 'City Library']);
  });

  it('leaves a one-script headline whole', () => {
    expect(splitPosterLines('Spring Ride Festival')).toEqual({
      headline: 'Spring Ride Festival',
      subtitles: [],
      details: [],
    });
    expect(splitPosterLines('春季骑行节')).toEqual({ headline: '春季骑行节', subtitles: [], details: [] });
  });
});
