// The "what should change?" modal, opened by the Edit button and the "Edit with Scanline" shortcut:
// the core's form words as a Block Kit modal, and what its submission carries back.
import type { SlackViewMiddlewareArgs, types } from '@slack/bolt';
import { z } from 'zod';
import type { InstructionForm } from '../../pipeline/index.js';

export const EDIT_MODAL_ID = 'scanline_edit_modal';
export const EDIT_SHORTCUT_ID = 'scanline_edit';
export const INSTRUCTION_BLOCK = 'instruction';
export const INSTRUCTION_ACTION = 'instruction';

const STORED_IMAGE = z.object({
  url: z.string(),
  name: z.string().optional(),
  contentType: z.string().optional(),
  size: z.number().optional(),
});

/** What the modal edits; travels in `private_metadata` (3000 characters at most). */
const EDIT_TARGET = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('job'),
    jobId: z.string(),
    channel: z.string(),
    team: z.string(),
    thread: z.string().optional(),
    replyTs: z.string().optional(),
  }),
  z.object({
    kind: z.literal('message'),
    channel: z.string(),
    team: z.string(),
    thread: z.string(),
    ts: z.string(),
    images: z.array(STORED_IMAGE),
  }),
]);

export type EditTarget = z.infer<typeof EDIT_TARGET>;

/** The form's words (the chat core's, the same on every platform) as a Slack modal. */
export function editModal(target: EditTarget, form: Omit<InstructionForm, 'jobId'>): types.ModalView {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  return {
    type: 'modal',
    callback_id: EDIT_MODAL_ID,
    private_metadata: JSON.stringify(target),
    title: plain(form.title),
    submit: plain(form.submit),
    close: plain(form.cancel),
    blocks: [
      {
        type: 'input',
        block_id: INSTRUCTION_BLOCK,
        label: plain(form.label),
        element: {
          type: 'plain_text_input',
          action_id: INSTRUCTION_ACTION,
          multiline: true,
          max_length: 2000,
          placeholder: plain(form.placeholder),
        },
      },
    ],
  };
}

/** The target of a submitted modal; undefined when the metadata is not ours. */
export function parseEditTarget(metadata: string): EditTarget | undefined {
  try {
    const parsed = EDIT_TARGET.safeParse(JSON.parse(metadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The typed instruction from a view_submission's state. */
export function instructionFrom(state: SlackViewMiddlewareArgs['view']['state']): string {
  return state.values[INSTRUCTION_BLOCK]?.[INSTRUCTION_ACTION]?.value?.trim() ?? '';
}
