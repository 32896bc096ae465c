import { describe, expect, it } from 'vitest';
import { instructionForm } from '../../pipeline/index.js';
import {
  EDIT_MODAL_ID,
  INSTRUCTION_ACTION,
  INSTRUCTION_BLOCK,
  editModal,
  instructionFrom,
  parseEditTarget,
  type EditTarget,
} from './slack-modal.js';

const jobTarget: EditTarget = { kind: 'job', jobId: 'job-1', channel: 'C1', team: 'T1', thread: '1.0', replyTs: '2.0' };

describe('the edit modal', () => {
  it("shows the chat core's form words in the presser's language", () => {
    const form = instructionForm('job-1', 'zh');
    const modal = editModal(jobTarget, form);
    expect(modal.callback_id).toBe(EDIT_MODAL_ID);
    expect(modal.title.text).toBe(form.title);
    expect(JSON.stringify(modal.blocks)).toContain(form.label);
    expect(JSON.stringify(modal.blocks)).toContain(form.placeholder);
    expect(modal.submit?.text).toBe('编辑');
  });

  it('carries its target through private_metadata and back', () => {
    const message: EditTarget = {
      kind: 'message',
      channel: 'C1',
      team: 'T1',
      thread: '1.0',
      ts: '1.0',
      images: [{ url: 'https://files.slack.com/a.png', name: 'a.png', contentType: 'image/png' }],
    };
    for (const target of [jobTarget, message]) {
      const modal = editModal(target, instructionForm('job-1', 'en'));
      expect(parseEditTarget(modal.private_metadata ?? '')).toEqual(target);
    }
  });

  it('ignores metadata that is not a target of ours', () => {
    expect(parseEditTarget('')).toBeUndefined();
    expect(parseEditTarget('{"kind":"job","channel":"C1"}')).toBeUndefined();
    expect(parseEditTarget('{"kind":"message","channel":"C1","team":"T1","thread":"1","ts":"1"}')).toBeUndefined();
  });

  it('reads the typed instruction, trimmed, and an empty one as empty', () => {
    const state = (value: string | null) => ({
      values: { [INSTRUCTION_BLOCK]: { [INSTRUCTION_ACTION]: { type: 'plain_text_input', value } } },
    });
    expect(instructionFrom(state('  make it blue \n'))).toBe('make it blue');
    expect(instructionFrom(state(null))).toBe('');
    expect(instructionFrom({ values: {} })).toBe('');
  });
});
