import { describe, expect, it } from 'vitest';
import type { EncodedImage, JobView } from '../../pipeline/index.js';
import { MAX_CONTENT, renderReply, replyContent, truncate } from './reply-render.js';

const image = (name: string, mime: EncodedImage['mime'] = 'image/png'): EncodedImage => ({
  data: new Uint8Array([1, 2, 3]),
  mime,
  width: 4,
  height: 4,
  name,
});

const view = (partial: Partial<JobView>): JobView => ({
  jobId: 'job-1',
  task: 'generate',
  state: 'running',
  locale: 'en',
  status: 'Drawing: 40%',
  images: [],
  preview: false,
  notes: [],
  actions: [{ id: 'cancel', label: 'Cancel', style: 'danger' }],
  ...partial,
});

describe('Discord reply rendering', () => {
  it('truncates with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(truncate('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('keeps a long streamed answer within 2000 characters and attaches the whole text when final', () => {
    const long = 'word '.repeat(1000);
    const running = replyContent(view({ text: long }));
    expect(running.content.length).toBeLessThanOrEqual(MAX_CONTENT);
    expect(running.content).toContain('…');
    expect(running.content.endsWith('Drawing: 40%')).toBe(true);
    const done = renderReply(view({ state: 'done', status: 'Done in 1.0 s.', text: long, actions: [] }), []);
    expect(done.files.map((f) => f.name)).toEqual(['answer.txt']);
    expect(done.body.attachments).toEqual([{ id: 0 }]);
  });

  it('uploads a frame only when it changed, replacing the previous attachments', () => {
    const frame = image('scanline', 'image/webp');
    const first = renderReply(view({ images: [frame], preview: true }), []);
    expect(first.files.map((f) => f.name)).toEqual(['scanline-preview.webp']);
    expect(first.body.attachments).toEqual([{ id: 0 }]);
    const same = renderReply(view({ images: [frame], preview: true, status: 'Drawing: 50%' }), [frame]);
    expect(same.files).toHaveLength(0);
    expect(same.body.attachments).toBeUndefined();
    const cleared = renderReply(view({ state: 'failed', status: 'Bad.', actions: [] }), [frame]);
    expect(cleared.body.attachments).toEqual([]);
  });

  it('renders actions as buttons with the job custom ids and never pings anyone', () => {
    const done = renderReply(
      view({
        state: 'done',
        images: [image('final')],
        actions: [
          { id: 'reroll', label: 'Reroll', style: 'primary' },
          { id: 'delete', label: 'Delete', style: 'danger' },
        ],
      }),
      undefined,
    );
    expect(done.body.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: 'Reroll', custom_id: 'scanline:reroll:job-1' },
          { type: 2, style: 4, label: 'Delete', custom_id: 'scanline:delete:job-1' },
        ],
      },
    ]);
    expect(done.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(done.files[0]?.name).toBe('final.png');
  });
});
