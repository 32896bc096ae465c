import { renderTextImage } from '../test/fixtures/text-images.js';

export interface OcrCase {
  name: string;
  png: Buffer;
  truth: string;
}

/** English, Chinese and mixed text images at several sizes, up to 4000 px on the long side. */
export async function makeOcrCases(): Promise<OcrCase[]> {
  const specs: { name: string; lines: string[]; width: number; height: number; fontSize: number }[] = [
    {
      name: 'en-640x480',
      lines: ['OPEN 9:00-18:00', 'Fresh coffee daily', 'No parking'],
      width: 640,
      height: 480,
      fontSize: 40,
    },
    { name: 'zh-800x600', lines: ['欢迎光临', '春季骑行节', '请勿吸烟'], width: 800, height: 600, fontSize: 56 },
    {
      name: 'mixed-1280x720',
      lines: ['出口 EXIT', '欢迎光临 Welcome', 'Tel 010-8888 6666'],
      width: 1280,
      height: 720,
      fontSize: 64,
    },
    {
      name: 'mixed-1920x1080',
      lines: ['Spring Ride Festival 2026', '春季骑行节 报名开始', 'Gate B 入口 →'],
      width: 1920,
      height: 1080,
      fontSize: 80,
    },
    {
      name: 'en-2400x1800',
      lines: ['QUARTERLY REVIEW', 'Revenue up 12 percent', 'Meeting room 4B at 3 pm'],
      width: 2400,
      height: 1800,
      fontSize: 110,
    },
    {
      name: 'mixed-4000x3000',
      lines: ['SCANLINE 扫描线', '图像理解与生成', 'Read me from far away'],
      width: 4000,
      height: 3000,
      fontSize: 200,
    },
  ];
  const cases: OcrCase[] = [];
  for (const s of specs) {
    const { png, truth } = await renderTextImage(s);
    cases.push({ name: s.name, png, truth });
  }
  return cases;
}
