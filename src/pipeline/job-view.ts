import { t } from '../common/messages.js';
import { taskName, tasksWhere } from './tasks/task-table.js';
import type { EncodedImage, JobAction, JobActionId, JobEvent, JobView, Plan, Task } from './types.js';

const ACTION_LABEL = {
  cancel: 'actionCancel',
  reroll: 'actionReroll',
  edit: 'actionEdit',
  upscale: 'actionUpscale',
  delete: 'actionDelete',
} as const satisfies Record<JobActionId, string>;

const ACTION_STYLE: Record<JobActionId, JobAction['style']> = {
  cancel: 'danger',
  reroll: 'primary',
  edit: 'secondary',
  upscale: 'secondary',
  delete: 'danger',
};

/** Tasks whose result is a new picture worth drawing again, editing further or enlarging. */
const PICTURE_TASKS: ReadonlySet<Task> = new Set(tasksWhere('picture'));
const REROLL_TASKS: ReadonlySet<Task> = new Set(tasksWhere('reroll'));

/** The custom id a button carries; enough to act on after a restart. */
export function actionCustomId(action: JobActionId, jobId: string): string {
  return `scanline:${action}:${jobId}`;
}

export function parseActionCustomId(customId: string): { action: JobActionId; jobId: string } | undefined {
  const match = /^scanline:(cancel|reroll|edit|upscale|delete):([\w-]{1,80})$/.exec(customId);
  return match ? { action: match[1] as JobActionId, jobId: match[2] as string } : undefined;
}

/**
 * Folds a job's events into what its reply shows. One per job, in the pipeline,
 * so Discord, Slack and the playground show the same job the same way.
 */
export class JobViewModel {
  private view: JobView;
  private readonly plan: Plan;

  /** `whileGoing`: notes shown only while the job is queued or running (e.g. that another process took it over). */
  constructor(jobId: string, plan: Plan, whileGoing: readonly string[] = []) {
    this.plan = plan;
    this.view = {
      jobId,
      task: plan.task,
      state: 'queued',
      locale: plan.locale,
      status: '',
      images: [],
      preview: false,
      notes: [...plan.hints, ...whileGoing],
      actions: [],
    };
  }

  apply(event: JobEvent): JobView {
    const { locale, task } = this.plan;
    const v = this.view;
    switch (event.type) {
      case 'queued':
        this.view = {
          ...v,
          state: 'queued',
          status: t('queued', locale, { position: event.position }),
          actions: this.actions(['cancel']),
        };
        break;
      case 'started':
        this.view = { ...v, state: 'running', status: t('started', locale), actions: this.actions(['cancel']) };
        break;
      case 'progress': {
        const percent = Math.max(0, Math.min(100, Math.round(event.fraction * 100)));
        this.view = {
          ...v,
          state: 'running',
          status: t('progress', locale, { task: taskName(task, locale), percent }),
          progress: event.fraction,
          images: event.preview ? [event.preview] : v.images,
          preview: event.preview ? true : v.preview,
          ...(event.text !== undefined ? { text: event.text } : {}),
          actions: this.actions(['cancel']),
        };
        break;
      }
      case 'done': {
        const seconds = ((event.timingsMs?.total ?? 0) / 1000).toFixed(1);
        this.view = {
          ...v,
          state: 'done',
          status: t('done', locale, { seconds }),
          progress: undefined,
          images: event.images,
          preview: false,
          ...(event.text !== undefined ? { text: event.text } : {}),
          notes: event.notes ?? [...this.plan.hints],
          actions: this.actions(this.doneActions(event.images)),
        };
        break;
      }
      case 'failed':
        this.view = {
          ...v,
          state: 'failed',
          status: event.userMessage,
          progress: undefined,
          images: [],
          preview: false,
          notes: [...this.plan.hints],
          actions: [],
        };
        break;
      case 'cancelled':
        this.view = {
          ...v,
          state: 'cancelled',
          status: t('cancelled', locale),
          progress: undefined,
          images: [],
          preview: false,
          notes: [...this.plan.hints],
          actions: [],
        };
        break;
    }
    return this.view;
  }

  private doneActions(images: readonly EncodedImage[]): JobActionId[] {
    const task = this.plan.task;
    const ids: JobActionId[] = [];
    if (REROLL_TASKS.has(task)) ids.push('reroll');
    if (PICTURE_TASKS.has(task) && images.length > 0) ids.push('edit', 'upscale');
    ids.push('delete');
    return ids;
  }

  private actions(ids: JobActionId[]): JobAction[] {
    return ids.map((id) => ({ id, label: t(ACTION_LABEL[id], this.plan.locale), style: ACTION_STYLE[id] }));
  }
}
