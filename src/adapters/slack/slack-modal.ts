// The "what should change?" modal, opened by the Edit button and the "Edit with Scanline" shortcut.
import type { StoredImage } from '../../pipeline/job-journal.js';
import type { Locale } from '../../pipeline/types.js';
import { t } from '../../common/messages.js';

export const EDIT_MODAL_ID = 'scanline_edit_modal';
export const EDIT_SHORTCUT_ID = 'scanline_edit';
export const INSTRUCTION_BLOCK = 'instruction';
export const INSTRUCTION_ACTION = 'instruction';

/** What the modal edits; travels in `private_metadata` (3000 characters at most). */
export type EditTarget =
  | { kind: 'job'; jobId: string; channel: string; team: string; thread?: string; replyTs?: string }
  | { kind: 'message'; channel: string; team: string; thread: string; ts: string; images: StoredImage[] };

export function editModal(target: EditTarget, locale: Locale): Record<string, unknown> {
  const plain = (text: string) => ({ type: 'plain_text', text });
  return {
    type: 'modal',
    callback_id: EDIT_MODAL_ID,
    private_metadata: JSON.stringify(target),
    title: plain(t('modalTitle', locale)),
    submit: plain(t('modalSubmit', locale)),
    close: plain(t('modalCancel', locale)),
    blocks: [
      {
        type: 'input',
        block_id: INSTRUCTION_BLOCK,
        label: plain(t('modalLabel', locale)),
        element: {
          type: 'plain_text_input',
          action_id: INSTRUCTION_ACTION,
          multiline: true,
          max_length: 2000,
          placeholder: plain(t('modalPlaceholder', locale)),
        },
      },
    ],
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function parseEditTarget(metadata: string): EditTarget | undefined {
  try {
    const value: unknown = JSON.parse(metadata);
    if (!isObject(value) || typeof value.channel !== 'string' || typeof value.team !== 'string') return undefined;
    if (value.kind === 'job' && typeof value.jobId === 'string') return value as EditTarget;
    if (value.kind === 'message' && typeof value.ts === 'string' && Array.isArray(value.images)) {
      return value as EditTarget;
    }
  } catch {
    // Not ours.
  }
  return undefined;
}

/** The typed instruction from a view_submission's state. */
export function instructionFrom(state: unknown): string {
  if (!isObject(state) || !isObject(state.values)) return '';
  const block = state.values[INSTRUCTION_BLOCK];
  const input = isObject(block) ? block[INSTRUCTION_ACTION] : undefined;
  return isObject(input) && typeof input.value === 'string' ? input.value.trim() : '';
}
