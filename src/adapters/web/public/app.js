// The Scanline playground page: plain JS served as is (no build step, no outside assets).
// The server sends each job's view over Server-Sent Events; this file only draws it.
/* global document, window, navigator, fetch, EventSource, URL, Blob, setTimeout, clearTimeout, requestAnimationFrame, CSS */

const UI = {
  en: {
    skip: 'Skip to the message box',
    playground: 'playground',
    local: 'Runs on this machine. Nothing leaves it.',
    workers: 'Runs on your Scanline workers, through your Redis. Nothing goes anywhere else.',
    conversation: 'Conversation',
    welcomeTitle: 'What shall we try?',
    welcomeText: 'Type an instruction, paste or drop an image, and press Enter. Click any image to reply to it.',
    exSign: 'Read the text on a sample sign',
    exDraw: 'Draw a lighthouse at dusk, watercolor',
    exHelp: 'What can you do?',
    promptSign: 'read the text in this image',
    promptDraw: 'a lighthouse at dusk, watercolor',
    promptHelp: 'what can you do?',
    replyingTo: 'Replying to this image',
    stopReplying: 'Stop replying',
    attached: 'Attached images',
    attach: 'Attach images',
    messageLabel: 'Message',
    placeholder: 'Ask about an image, or describe one to draw…',
    placeholderReply: 'What should change in this image?',
    placeholderShort: 'Type an instruction…',
    placeholderReplyShort: 'What should change?',
    send: 'Send',
    hint: 'Enter sends · Shift+Enter adds a line · paste or drop images',
    dropHere: 'Drop images to attach them',
    remove: 'Remove {name}',
    uploading: 'Uploading {name}…',
    download: 'Download',
    replyTo: 'Reply to this image',
    copy: 'Copy text',
    copied: 'Copied',
    you: 'You',
    bot: 'Scanline',
    reroll: 'Reroll',
    rerollSeed: 'Reroll · seed {seed}',
    newMessages: 'New messages',
    upscale: 'Upscale',
    reconnecting: 'Connection lost. Reconnecting…',
    models: 'Models: {list}.',
    tooMany: 'A message can carry at most {n} images.',
    preview: 'Preview, {percent}% done',
    result: 'Result {n} of {count}: {name}',
    input: 'Attached image {name}',
    failedUpload: 'Upload failed',
  },
  zh: {
    skip: '跳到消息输入框',
    playground: '演示台',
    local: '在本机运行，数据不会离开这台机器。',
    workers: '在你的 Scanline 工作进程上运行，经由你的 Redis，数据不会去往别处。',
    conversation: '对话',
    welcomeTitle: '想试试什么？',
    welcomeText: '输入指令，粘贴或拖入图片，然后按 Enter。点击任意图片即可回复它。',
    exSign: '识别示例招牌上的文字',
    exDraw: '画一座黄昏时的灯塔，水彩风格',
    exHelp: '你能做什么？',
    promptSign: '识别图片中的文字',
    promptDraw: '画一座黄昏时的灯塔，水彩风格',
    promptHelp: '你能做什么？',
    replyingTo: '正在回复这张图片',
    stopReplying: '取消回复',
    attached: '已附加的图片',
    attach: '添加图片',
    messageLabel: '消息',
    placeholder: '问一张图片的问题，或描述想画的画面…',
    placeholderReply: '这张图片要怎么改？',
    placeholderShort: '问图片，或描述想画的…',
    placeholderReplyShort: '要怎么改？',
    send: '发送',
    hint: 'Enter 发送 · Shift+Enter 换行 · 可粘贴或拖入图片',
    dropHere: '松开即可添加图片',
    remove: '移除 {name}',
    uploading: '正在上传 {name}…',
    download: '下载',
    replyTo: '回复这张图片',
    copy: '复制文字',
    copied: '已复制',
    you: '你',
    bot: 'Scanline',
    reroll: '重新生成',
    rerollSeed: '重新生成 · 种子 {seed}',
    newMessages: '有新消息',
    upscale: '放大',
    reconnecting: '连接已断开，正在重连…',
    models: '模型：{list}。',
    tooMany: '一条消息最多附带 {n} 张图片。',
    preview: '预览，已完成 {percent}%',
    result: '结果 {n}/{count}：{name}',
    input: '附加的图片 {name}',
    failedUpload: '上传失败',
  },
};

const lang = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';

function t(key, params = {}) {
  const text = UI[lang][key] ?? UI.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

const $ = (selector, root = document) => root.querySelector(selector);

/** Builds an element: h('p', { class: 'x', text: 'hi' }, child...). */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') el.textContent = value;
    else if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

const state = {
  info: { maxImages: 10, maxUploadBytes: 0 },
  /** Pending attachments: { key, name, localUrl, uploaded: Promise<image|undefined>, image?, el } */
  attachments: [],
  /** { imageId, jobId, url } */
  replyTo: undefined,
  /** jobId -> { el, lastState, lastPreview, frames } */
  turns: new Map(),
};

const els = {
  chat: $('#chat'),
  turns: $('#turns'),
  welcome: $('#welcome'),
  form: $('#composer'),
  text: $('#composer-text'),
  send: $('#send'),
  attach: $('#attach'),
  fileInput: $('#file-input'),
  attachments: $('#attachments'),
  replyChip: $('#reply-chip'),
  drop: $('#drop'),
  jump: $('#jump'),
  toast: $('#toast'),
  live: $('#live'),
  packs: $('#packs'),
};

// ---- language ---------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = lang === 'zh' ? 'Scanline 演示台' : 'Scanline playground';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
  showPlaceholder();
}

// A narrow composer cuts the long placeholder off, so phones get the short one.
const narrow = window.matchMedia('(max-width: 560px)');

function showPlaceholder() {
  const key = state.replyTo ? 'placeholderReply' : 'placeholder';
  els.text.placeholder = t(narrow.matches ? `${key}Short` : key);
}

// ---- small helpers ----------------------------------------------------------

let toastTimer;
function toast(message) {
  els.toast.textContent = message;
  els.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (els.toast.hidden = true), 7000);
}

function announce(message) {
  els.live.textContent = '';
  requestAnimationFrame(() => (els.live.textContent = message));
}

// ---- following the conversation ----------------------------------------------

/** Whether the view follows new content: true while the reader is at (or near) the end. */
let following = true;

function nearBottom() {
  const doc = document.scrollingElement;
  return doc.scrollHeight - doc.scrollTop - doc.clientHeight < 160;
}

function scrollToEnd() {
  // Instant: a smooth scroll's halfway positions would read as the reader scrolling up.
  window.scrollTo({ top: document.scrollingElement.scrollHeight, behavior: 'instant' });
}

/** Back to the newest message and following again (sending, the jump button). */
function follow() {
  following = true;
  els.jump.hidden = true;
  scrollToEnd();
}

/** Something new was added or changed: follow it, or offer a jump when the reader is further up. */
function contentChanged(el) {
  if (following) scrollToEnd();
  else if (el.getBoundingClientRect().bottom > els.form.getBoundingClientRect().top) els.jump.hidden = false;
}

function wireFollowing() {
  window.addEventListener(
    'scroll',
    () => {
      following = nearBottom();
      if (following) els.jump.hidden = true;
    },
    { passive: true },
  );
  // Images that load later, previews and text that grow: the page gets longer without a scroll event.
  new window.ResizeObserver(() => {
    if (following) scrollToEnd();
  }).observe(els.turns);
  els.jump.addEventListener('click', () => {
    follow();
    els.text.focus();
  });
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body?.error?.message || `HTTP ${response.status}`);
  return body;
}

const postJson = (path, body) =>
  api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

// ---- reply target -----------------------------------------------------------

function setReplyTo(target) {
  state.replyTo = target;
  els.replyChip.hidden = !target;
  if (target) $('img', els.replyChip).src = target.url;
  showPlaceholder();
  for (const el of document.querySelectorAll('.is-reply-target')) el.classList.remove('is-reply-target');
  if (target) {
    for (const el of document.querySelectorAll(`[data-image-id="${CSS.escape(target.imageId)}"]`)) {
      el.classList.add('is-reply-target');
    }
  }
  els.text.focus();
}

// ---- attachments ------------------------------------------------------------

function addFiles(fileList) {
  const files = [...fileList].filter((f) => f.size >= 0);
  for (const file of files) {
    if (state.attachments.length >= state.info.maxImages) {
      toast(t('tooMany', { n: state.info.maxImages }));
      break;
    }
    const localUrl = URL.createObjectURL(file);
    const name = file.name || 'image';
    const item = { name, localUrl, image: undefined, el: undefined, uploaded: undefined };
    const remove = h('button', {
      type: 'button',
      class: 'chip-x',
      'aria-label': t('remove', { name }),
      title: t('remove', { name }),
      text: '×',
      onclick: () => removeAttachment(item),
    });
    item.el = h(
      'li',
      { class: 'attachment is-uploading', title: t('uploading', { name }) },
      picture({ src: localUrl, alt: t('input', { name }), width: 56, height: 56 }, name),
      remove,
    );
    els.attachments.append(item.el);
    item.uploaded = upload(file, name)
      .then((image) => {
        item.image = image;
        item.el.classList.remove('is-uploading');
        item.el.title = name;
        return image;
      })
      .catch((error) => {
        item.el.classList.remove('is-uploading');
        item.el.classList.add('is-failed');
        item.el.title = `${t('failedUpload')}: ${error.message}`;
        toast(error.message);
        removeAttachment(item);
        return undefined;
      });
    state.attachments.push(item);
  }
}

const uploads = { running: 0, waiting: [] };

/** Waits for a free upload: the server reads only a few of one browser's uploads at once. */
function uploadTurn() {
  if (uploads.running < (state.info.maxUploadsAtOnce || 2)) {
    uploads.running += 1;
    return Promise.resolve();
  }
  return new Promise((resolve) => uploads.waiting.push(resolve));
}

function uploadDone() {
  const next = uploads.waiting.shift();
  if (next) next();
  else uploads.running -= 1;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one file; a "busy, retry after" answer (429) is retried a few times before its sentence is shown. */
async function upload(file, name) {
  for (let attempt = 1; ; attempt += 1) {
    await uploadTurn();
    let response;
    try {
      response = await fetch(`/api/uploads?lang=${lang}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': file.type || 'application/octet-stream',
          'X-File-Name': encodeURIComponent(name),
        },
        body: file,
      });
    } finally {
      uploadDone();
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok) return body.image;
    const wait = Number(response.headers.get('Retry-After'));
    if (response.status === 429 && attempt < 4 && wait > 0 && wait <= 30) {
      await sleep(wait * 1000);
      continue;
    }
    throw new Error(body?.error?.message || `HTTP ${response.status}`);
  }
}

function removeAttachment(item) {
  state.attachments = state.attachments.filter((a) => a !== item);
  item.el?.remove();
  URL.revokeObjectURL(item.localUrl);
}

function clearAttachments() {
  for (const item of [...state.attachments]) removeAttachment(item);
}

// ---- sending ----------------------------------------------------------------

let sending = false;
async function send(textOverride) {
  if (sending) return;
  const text = (textOverride ?? els.text.value).trim();
  if (!text && state.attachments.length === 0 && !state.replyTo) {
    els.text.focus();
    return;
  }
  sending = true;
  els.send.disabled = true;
  try {
    const images = await Promise.all(state.attachments.map((a) => a.uploaded));
    const uploads = images.filter(Boolean).map((image) => image.id);
    if (!text && uploads.length === 0 && !state.replyTo) return;
    const body = { text, uploads, locale: lang };
    follow();
    if (state.replyTo) body.replyTo = { imageId: state.replyTo.imageId, jobId: state.replyTo.jobId };
    await postJson('/api/jobs', body);
    els.text.value = '';
    autoSize();
    clearAttachments();
    if (state.replyTo) setReplyTo(undefined);
  } catch (error) {
    toast(error.message);
  } finally {
    sending = false;
    els.send.disabled = false;
  }
}

async function pressAction(jobId, action, button) {
  button.disabled = true;
  try {
    const outcome = await postJson(`/api/jobs/${encodeURIComponent(jobId)}/actions/${action}`, { locale: lang });
    // A Reroll or Upscale adds a turn at the end: show it, as when sending.
    if (outcome.outcome === 'submitted') follow();
    if (outcome.outcome === 'ask_instruction' && outcome.replyTo) {
      setReplyTo({ imageId: outcome.replyTo.image.id, jobId: outcome.replyTo.jobId, url: outcome.replyTo.image.url });
    }
  } catch (error) {
    toast(error.message);
  } finally {
    button.disabled = false;
  }
}

// ---- drawing turns ----------------------------------------------------------

/** An <img> that turns into a named file tile when the bytes are not a picture the browser can show. */
function picture(props, name) {
  const img = h('img', props);
  img.addEventListener('error', () => img.replaceWith(h('span', { class: 'file-tile', title: name, text: name })), {
    once: true,
  });
  return img;
}

function imageButton(image, jobId, alt, className) {
  const img = picture(
    { src: image.url, alt, width: image.width, height: image.height, loading: 'lazy', decoding: 'async' },
    image.name,
  );
  if (!image.id) return h('div', { class: className }, img);
  return h(
    'button',
    {
      type: 'button',
      class: `${className} is-clickable`,
      'data-image-id': image.id,
      title: t('replyTo'),
      'aria-label': `${alt}. ${t('replyTo')}`,
      onclick: () => setReplyTo({ imageId: image.id, jobId, url: image.url }),
    },
    img,
  );
}

function renderJob(job) {
  if (state.turns.has(job.jobId)) return;
  els.welcome.hidden = true;
  const user = h('div', { class: 'msg user' }, h('span', { class: 'who visually-hidden', text: t('you') }));
  const bubble = h('div', { class: 'bubble' });
  if (job.via) {
    const via = job.via === 'reroll' && job.seed !== undefined ? t('rerollSeed', { seed: job.seed }) : t(job.via);
    bubble.append(h('p', { class: 'via', text: via }));
  }
  if (job.replyTo) {
    bubble.append(
      h(
        'div',
        { class: 'reply-ref' },
        h('span', { 'aria-hidden': 'true', text: '↩' }),
        imageButton(job.replyTo, job.jobId, t('input', { name: job.replyTo.name }), 'ref-thumb'),
      ),
    );
  }
  if (job.inputs.length > 0) {
    bubble.append(
      h(
        'div',
        { class: 'thumbs' },
        ...job.inputs.map((image) => imageButton(image, job.jobId, t('input', { name: image.name }), 'thumb')),
      ),
    );
  }
  if (job.text) bubble.append(h('p', { class: 'text', text: job.text }));
  user.append(bubble);

  const bot = h(
    'div',
    { class: 'msg bot', 'data-state': 'queued', 'data-frames': '0' },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, h('img', { src: '/favicon.svg', alt: '' })),
    h('span', { class: 'who visually-hidden', text: t('bot') }),
    h(
      'div',
      { class: 'bubble' },
      h(
        'p',
        { class: 'status' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }),
        h('span', { class: 'status-text' }),
      ),
      h(
        'div',
        { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', hidden: true },
        h('span'),
      ),
      h('div', { class: 'media' }),
      h('div', { class: 'answer', hidden: true }),
      h('ul', { class: 'notes', hidden: true }),
      h('div', { class: 'actions' }),
    ),
  );
  const el = h('li', { class: 'turn', 'data-job': job.jobId }, user, bot);
  els.turns.append(el);
  state.turns.set(job.jobId, { el, bot, lastState: undefined, lastPreview: undefined, frames: 0 });
  contentChanged(el);
}

const PICTURE_TASKS = new Set(['generate', 'poster', 'edit']);

function renderView(view) {
  const turn = state.turns.get(view.jobId);
  if (!turn) return;
  const { bot } = turn;
  bot.dataset.state = view.state;
  bot.dataset.task = view.task;
  bot.lang = view.locale === 'zh' ? 'zh-CN' : 'en';
  $('.status-text', bot).textContent = view.status;

  const bar = $('.bar', bot);
  const running = view.state === 'running' || view.state === 'queued';
  bar.hidden = !(running && typeof view.progress === 'number');
  if (!bar.hidden) {
    const percent = Math.round(view.progress * 100);
    bar.setAttribute('aria-valuenow', String(percent));
    bar.setAttribute('aria-label', view.status);
    $('span', bar).style.width = `${percent}%`;
  }

  const media = $('.media', bot);
  if (view.preview && view.images[0]) {
    const frame = view.images[0];
    if (frame.url !== turn.lastPreview) {
      turn.lastPreview = frame.url;
      turn.frames += 1;
      bot.dataset.frames = String(turn.frames);
      const percent = Math.round((view.progress ?? 0) * 100);
      let img = $('img.preview', media);
      if (!img) {
        media.replaceChildren(h('div', { class: 'frame scanning' }, (img = h('img', { class: 'preview', alt: '' }))));
      }
      img.parentElement.style.setProperty('--scan-at', `${percent}%`);
      img.src = frame.url;
      img.alt = t('preview', { percent });
      if (frame.width && frame.height) img.style.aspectRatio = `${frame.width} / ${frame.height}`;
    }
  } else if (view.state === 'done' && view.images.length > 0) {
    media.replaceChildren(
      ...view.images.map((image, i) =>
        h(
          'figure',
          { class: 'final' },
          imageButton(
            image,
            view.jobId,
            t('result', { n: i + 1, count: view.images.length, name: image.name }),
            'frame',
          ),
          h('figcaption', { class: 'visually-hidden', text: image.name }),
        ),
      ),
    );
  } else if (running && PICTURE_TASKS.has(view.task)) {
    if (!$('.placeholder', media)) media.replaceChildren(h('div', { class: 'placeholder scanning' }));
  } else if (!running) {
    media.replaceChildren();
  }

  const answer = $('.answer', bot);
  answer.hidden = !view.text;
  if (view.text && answer.dataset.text !== view.text) {
    answer.dataset.text = view.text;
    answer.replaceChildren(h('p', { text: view.text }));
    if (view.state === 'done') {
      const copy = h('button', {
        type: 'button',
        class: 'btn ghost small',
        text: t('copy'),
        onclick: () =>
          navigator.clipboard?.writeText(view.text).then(
            () => (copy.textContent = t('copied')),
            () => undefined,
          ),
      });
      answer.append(copy);
    }
  }

  const notes = $('.notes', bot);
  notes.hidden = view.notes.length === 0;
  notes.replaceChildren(...view.notes.map((note) => h('li', { text: note })));

  const actions = $('.actions', bot);
  const buttons = [];
  if (view.state === 'done') {
    for (const image of view.images.filter((i) => i.id)) {
      buttons.push(
        h('a', {
          class: 'btn',
          href: `${image.url}?download=1`,
          download: image.name,
          text: view.images.length > 1 ? `${t('download')} ${view.images.indexOf(image) + 1}` : t('download'),
        }),
      );
    }
  }
  for (const action of view.actions) {
    buttons.push(
      h('button', {
        type: 'button',
        class: `btn ${action.style}`,
        'data-action': action.id,
        text: action.label,
        onclick: (event) => pressAction(view.jobId, action.id, event.currentTarget),
      }),
    );
  }
  const signature = buttons.map((b) => b.textContent).join('|');
  if (actions.dataset.signature !== signature) {
    // Keep the focused button when nothing changed, so keyboard users are not thrown out.
    actions.dataset.signature = signature;
    actions.replaceChildren(...buttons);
  }

  if (turn.lastState !== view.state) {
    turn.lastState = view.state;
    announce(view.state === 'done' && view.text ? `${view.status} ${view.text.slice(0, 300)}` : view.status);
  }
  contentChanged(bot);
}

function removeTurn(jobId) {
  const turn = state.turns.get(jobId);
  if (!turn) return;
  turn.el.remove();
  state.turns.delete(jobId);
  if (state.replyTo?.jobId === jobId) setReplyTo(undefined);
  if (state.turns.size === 0) els.welcome.hidden = false;
}

// ---- events from the server -------------------------------------------------

function connect() {
  const source = new EventSource('/api/events');
  source.addEventListener('job', (event) => renderJob(JSON.parse(event.data).job));
  source.addEventListener('view', (event) => renderView(JSON.parse(event.data).view));
  source.addEventListener('deleted', (event) => removeTurn(JSON.parse(event.data).jobId));
  source.addEventListener('open', () => document.body.classList.remove('is-offline'));
  source.addEventListener('error', () => {
    if (!document.body.classList.contains('is-offline')) {
      document.body.classList.add('is-offline');
      announce(t('reconnecting'));
    }
  });
}

// ---- the sample sign (something to try without a file of your own) --------

function sampleSign() {
  const canvas = h('canvas', { width: 800, height: 500 });
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f4f1e8';
  ctx.fillRect(0, 0, 800, 500);
  ctx.fillStyle = '#141414';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = 'bold 64px sans-serif';
  ctx.fillText('OPEN 9:00-18:00', 400, 140);
  ctx.fillText('WELCOME', 400, 250);
  ctx.fillText('EXIT', 400, 360);
  return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob ?? new Blob()), 'image/png'));
}

async function runExample(kind) {
  if (kind === 'sign') {
    const blob = await sampleSign();
    addFiles([new window.File([blob], 'sample-sign.png', { type: 'image/png' })]);
    await send(t('promptSign'));
  } else if (kind === 'draw') {
    await send(t('promptDraw'));
  } else {
    await send(t('promptHelp'));
  }
}

// ---- composer behaviour -----------------------------------------------------

function autoSize() {
  els.text.style.height = 'auto';
  els.text.style.height = `${Math.min(els.text.scrollHeight, 200)}px`;
}

function wireComposer() {
  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  els.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape' && state.replyTo) {
      setReplyTo(undefined);
    }
  });
  els.text.addEventListener('input', autoSize);
  els.attach.addEventListener('click', () => els.fileInput.click());
  els.fileInput.addEventListener('change', () => {
    addFiles(els.fileInput.files ?? []);
    els.fileInput.value = '';
  });
  $('.chip-x', els.replyChip).addEventListener('click', () => setReplyTo(undefined));
  document.addEventListener('paste', (event) => {
    const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (files.length > 0) {
      event.preventDefault();
      addFiles(files);
    }
  });
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  window.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth += 1;
    els.drop.hidden = false;
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) els.drop.hidden = true;
  });
  window.addEventListener('dragover', (event) => {
    if (hasFiles(event)) event.preventDefault();
  });
  window.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    els.drop.hidden = true;
    addFiles(event.dataTransfer.files);
  });
  for (const button of document.querySelectorAll('[data-example]')) {
    button.addEventListener('click', () => void runExample(button.dataset.example));
  }
}

async function loadInfo() {
  try {
    const info = await api('/api/info');
    state.info = info;
    // With SCANLINE_REDIS_URL the work runs on `scanline worker` processes, maybe other machines.
    const where = document.querySelector('[data-i18n="local"]');
    if (info.runsOn === 'workers' && where) {
      where.dataset.i18n = 'workers';
      where.textContent = t('workers');
    }
    if (info.packs.length > 0) {
      els.packs.textContent = t('models', {
        list: info.packs.map((p) => `${p.name} (${p.tasks.join(', ')})`).join('; '),
      });
      els.packs.parentElement.title = els.packs.parentElement.textContent.trim();
    }
  } catch {
    // The page still works with the defaults; the first request will say what is wrong.
  }
}

applyLanguage();
narrow.addEventListener('change', showPlaceholder);
wireComposer();
wireFollowing();
connect();
void loadInfo();
els.text.focus();
