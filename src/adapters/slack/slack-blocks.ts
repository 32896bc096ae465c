// JobView -> Slack Block Kit. Every echoed string is neutralised; every limit is Slack's documented one.
import {
  actionCustomId,
  neutraliseSlackMentions,
  splitText,
  truncateText,
  type JobView,
} from '../../pipeline/index.js';

/** Block Kit limits: section text 3000, alt_text 2000, 50 blocks, message text 40,000. */
const SECTION_MAX = 3000;
const ALT_MAX = 2000;
const TEXT_SECTIONS_MAX = 10;
const FALLBACK_MAX = 3000;

export interface SlackBlock {
  type: string;
  [key: string]: unknown;
}

export interface RenderOptions {
  /** A preview or final image uploaded to Slack, shown with `slack_file`. */
  imageFileId?: string;
  /** A fresh block id for the image: Slack caches image blocks by block_id. */
  imageBlockId?: string;
  /** Extra lines (Slack-specific), already in the view's locale. */
  extraNotes?: string[];
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** The message for one moment of a job: status, image, text answer, notes, buttons. */
export function renderJobBlocks(view: JobView, opts: RenderOptions = {}): { text: string; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [];
  const status = neutraliseSlackMentions(view.status || ' ');
  blocks.push({ type: 'section', text: mrkdwn(truncateText(status, SECTION_MAX)) });
  if (opts.imageFileId) {
    blocks.push({
      type: 'image',
      block_id: opts.imageBlockId ?? `img-${Date.now()}`,
      slack_file: { id: opts.imageFileId },
      alt_text: truncateText(view.status || 'image', ALT_MAX),
    });
  }
  if (view.text) {
    for (const piece of splitText(neutraliseSlackMentions(view.text), SECTION_MAX, TEXT_SECTIONS_MAX)) {
      blocks.push({ type: 'section', text: mrkdwn(piece) });
    }
  }
  const notes = [...view.notes, ...(opts.extraNotes ?? [])].filter((n) => n.trim().length > 0);
  if (notes.length > 0) {
    const joined = notes.map((n) => neutraliseSlackMentions(n)).join('\n');
    blocks.push({ type: 'context', elements: [mrkdwn(truncateText(joined, SECTION_MAX))] });
  }
  if (view.actions.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: `actions-${view.state}`,
      elements: view.actions.map((a) => ({
        type: 'button',
        text: { type: 'plain_text', text: a.label },
        action_id: actionCustomId(a.id, view.jobId),
        value: view.jobId,
        // Slack buttons know primary and danger; the default look is "secondary".
        ...(a.style === 'secondary' ? {} : { style: a.style }),
      })),
    });
  }
  const fallback = [status, view.text ? neutraliseSlackMentions(view.text) : ''].filter(Boolean).join('\n');
  return { text: truncateText(fallback, FALLBACK_MAX), blocks };
}

/** Channel links (`<#C123>`, "answer in #art") never ping anyone: they stay links after the escaping. */
function keepChannelLinks(escaped: string): string {
  return escaped.replace(/&lt;#([A-Z0-9]{1,32})&gt;/g, '<#$1>');
}

/** A plain one-sentence message (interrupted jobs, errors, help). */
export function sentenceBlocks(
  sentence: string,
  opts: { trusted?: boolean } = {},
): { text: string; blocks: SlackBlock[] } {
  const safe = opts.trusted ? sentence : keepChannelLinks(neutraliseSlackMentions(sentence));
  const text = truncateText(safe, SECTION_MAX);
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
