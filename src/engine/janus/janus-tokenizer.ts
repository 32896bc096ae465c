// The pack's own tokenizer through transformers.js (tokenizer.json + chat
// templates), and Janus's two prompt layouts: text-to-image and image Q&A.
import type { JanusConfig } from './janus-config.js';

/** The role names Janus-Pro's conversations use (DeepSeek's "deepseek" SFT format). */
export const USER_ROLE = '<|User|>';
export const ASSISTANT_ROLE = '<|Assistant|>';
const SYSTEM_PROMPT =
  'You are a helpful language and vision assistant. You are able to understand the visual content that the user ' +
  'provides, and assist the user with a variety of tasks using natural language.';

export interface UnderstandingPrompt {
  ids: number[];
  /** True where an image embedding replaces the token. */
  seqMask: boolean[];
}

export interface JanusTokenizer {
  bosId: number;
  eosId: number;
  padId: number;
  imageStartId: number;
  /** Ids of the text-to-image prompt, ending with `<begin_of_image>`. */
  generationPrompt(prompt: string): number[];
  /** The unconditional row of classifier-free guidance: padding as long as the prompt (transformers.js' layout). */
  unconditional(conditional: readonly number[]): number[];
  understandingPrompt(question: string): UnderstandingPrompt;
  decode(ids: readonly number[]): string;
}

interface ChatTokenizer {
  bos_token_id: number;
  eos_token_id: number;
  chat_template: unknown;
  encode(text: string, opts: { add_special_tokens: boolean }): number[];
  decode(ids: number[], opts: { skip_special_tokens: boolean }): string;
  convert_tokens_to_ids(tokens: string[]): number[];
  apply_chat_template(
    messages: { role: string; content: string }[],
    opts: { tokenize: false; add_generation_prompt: boolean; chat_template?: string },
  ): string;
}

function templateNames(template: unknown): string[] {
  if (typeof template === 'string') return ['default'];
  if (template && typeof template === 'object') return Object.keys(template);
  return [];
}

export async function loadJanusTokenizer(
  tokenizerJson: string,
  tokenizerConfigJson: string,
  config: JanusConfig,
): Promise<JanusTokenizer> {
  const { PreTrainedTokenizer } = await import('@huggingface/transformers');
  const tok = new PreTrainedTokenizer(
    JSON.parse(tokenizerJson) as object,
    JSON.parse(tokenizerConfigJson) as object,
  ) as unknown as ChatTokenizer;
  const { tags } = config;
  const [imageId, imageStartId, imageEndId, padTagId] = tok.convert_tokens_to_ids([
    tags.image,
    tags.imageStart,
    tags.imageEnd,
    tags.pad,
  ]);
  const padId = config.generation.padTokenId ?? padTagId;
  const missing = [
    [tags.image, imageId],
    [tags.imageStart, imageStartId],
    [tags.imageEnd, imageEndId],
    [tags.pad, padId],
  ].filter(([, id]) => typeof id !== 'number' || id < 0);
  if (missing.length > 0) throw new Error(`Janus tokenizer lacks ${missing.map(([t]) => String(t)).join(', ')}`);
  const names = templateNames(tok.chat_template);
  const bos = tok.decode([tok.bos_token_id], { skip_special_tokens: false });
  const encode = (text: string): number[] => tok.encode(text, { add_special_tokens: false });

  function chat(content: string, template: 'default' | 'text_to_image'): string | undefined {
    if (!names.includes(template)) return undefined;
    return tok.apply_chat_template([{ role: USER_ROLE, content }], {
      tokenize: false,
      add_generation_prompt: true,
      ...(typeof tok.chat_template === 'object' ? { chat_template: template } : {}),
    });
  }

  return {
    bosId: tok.bos_token_id,
    eosId: tok.eos_token_id,
    padId: padId!,
    imageStartId: imageStartId!,

    generationPrompt(prompt) {
      // The pack's template when it has one; otherwise DeepSeek's SFT layout written out.
      const text =
        chat(prompt.trim(), 'text_to_image') ??
        `${bos}${USER_ROLE}: ${prompt.trim()}\n\n${ASSISTANT_ROLE}:${tags.imageStart}`;
      const out = encode(text);
      if (out[out.length - 1] !== imageStartId) out.push(imageStartId!);
      return out;
    },

    unconditional(conditional) {
      return conditional.map(() => padId!);
    },

    understandingPrompt(question) {
      // One image per question: a literal tag typed by the user must not ask for a second.
      const content = `${tags.image}\n${question.split(tags.image).join('').trim()}`;
      const text =
        chat(content, 'default') ?? `${bos}${SYSTEM_PROMPT}\n\n${USER_ROLE}: ${content}\n\n${ASSISTANT_ROLE}:`;
      const parts = text.split(tags.image);
      const ids: number[] = [];
      const seqMask: boolean[] = [];
      parts.forEach((part, i) => {
        if (i > 0) {
          ids.push(imageStartId!, ...new Array<number>(config.numImageTokens).fill(imageId!), imageEndId!);
          seqMask.push(false, ...new Array<boolean>(config.numImageTokens).fill(true), false);
        }
        const tokens = encode(part);
        ids.push(...tokens);
        seqMask.push(...tokens.map(() => false));
      });
      return { ids, seqMask };
    },

    decode(ids) {
      return tok.decode([...ids], { skip_special_tokens: true });
    },
  };
}
