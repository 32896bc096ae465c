import { describe, expect, it } from 'vitest';
import { actionCustomId, JobViewModel, parseActionCustomId } from './job-view.js';
import type { EncodedImage, Plan } from './types.js';

const plan = (task: Plan['task'], locale: Plan['locale'] = 'en'): Plan => ({
  task,
  prompt: 'x',
  steps: [],
  params: {},
  locale,
  hints: [],
});
const image = (name: string): EncodedImage => ({
  data: new Uint8Array([1]),
  mime: 'image/png',
  width: 1,
  height: 1,
  name,
});

describe('JobViewModel', () => {
  it('shows notes given for while the job goes only until it ends (a job taken over after a restart)', () => {
    const going = ['Still being worked on.'];
    const hinted = { ...plan('generate'), hints: ['A hint.'] };
    const done = new JobViewModel('job-1', hinted, going);
    expect(done.apply({ type: 'started' }).notes).toEqual(['A hint.', 'Still being worked on.']);
    expect(done.apply({ type: 'progress', fraction: 0.5 }).notes).toEqual(['A hint.', 'Still being worked on.']);
    expect(done.apply({ type: 'done', images: [image('final')] }).notes).toEqual(['A hint.']);
    const failed = new JobViewModel('job-2', hinted, going);
    expect(failed.apply({ type: 'failed', userMessage: 'No.', code: 'internal' }).notes).toEqual(['A hint.']);
    const cancelled = new JobViewModel('job-3', hinted, going);
    expect(cancelled.apply({ type: 'cancelled' }).notes).toEqual(['A hint.']);
  });

  it('walks a generation from queue to done with the right buttons at each step', () => {
    const vm = new JobViewModel('job-1', plan('generate'));
    expect(vm.apply({ type: 'queued', position: 3 })).toMatchObject({
      state: 'queued',
      status: 'Queued: position 3.',
      actions: [{ id: 'cancel', label: 'Cancel' }],
    });
    const preview = image('frame');
    const running = vm.apply({ type: 'progress', fraction: 0.4, preview });
    expect(running).toMatchObject({ state: 'running', status: 'Drawing: 40%', preview: true, progress: 0.4 });
    expect(running.images).toEqual([preview]);
    // A progress step without a frame keeps the last frame on screen.
    expect(vm.apply({ type: 'progress', fraction: 0.5 }).images).toEqual([preview]);
    const final = image('final');
    const done = vm.apply({ type: 'done', images: [final], timingsMs: { total: 12_345 } });
    expect(done).toMatchObject({ state: 'done', status: 'Done in 12.3 s.', preview: false, images: [final] });
    expect(done.actions.map((a) => a.id)).toEqual(['reroll', 'edit', 'upscale', 'delete']);
  });

  it('speaks the job locale and offers only Delete for a text answer', () => {
    const vm = new JobViewModel('job-2', plan('ocr', 'zh'));
    expect(vm.apply({ type: 'started' }).actions).toEqual([{ id: 'cancel', label: '取消', style: 'danger' }]);
    expect(vm.apply({ type: 'progress', fraction: 0.3, text: '欢迎' }).status).toBe('识别文字：30%');
    const done = vm.apply({ type: 'done', images: [image('boxes')], text: '欢迎光临' });
    expect(done.text).toBe('欢迎光临');
    expect(done.actions.map((a) => a.id)).toEqual(['delete']);
  });

  it('shows the failure sentence and no buttons', () => {
    const vm = new JobViewModel('job-3', plan('edit'));
    vm.apply({ type: 'queued', position: 1 });
    expect(vm.apply({ type: 'failed', userMessage: 'The image is damaged.', code: 'image_corrupt' })).toMatchObject({
      state: 'failed',
      status: 'The image is damaged.',
      actions: [],
    });
    expect(vm.apply({ type: 'cancelled' }).status).toBe('Cancelled.');
  });
});

describe('action custom ids', () => {
  it('round-trips and refuses foreign ids', () => {
    const id = actionCustomId('reroll', '0b7c8d9e-1234-4abc-9def-001122334455');
    expect(id.length).toBeLessThanOrEqual(100); // Discord's custom_id limit
    expect(parseActionCustomId(id)).toEqual({ action: 'reroll', jobId: '0b7c8d9e-1234-4abc-9def-001122334455' });
    expect(parseActionCustomId('scanline:launch:abc')).toBeUndefined();
    expect(parseActionCustomId('other:cancel:abc')).toBeUndefined();
  });
});
