// The pipeline's public face: the only module adapters and bots import from the pipeline
// (test/boundaries.test.ts fails on any other import of pipeline internals from outside it).
export { ChatCore, instructionForm, makeRequest } from './chat/chat-core.js';
export type {
  ButtonConversation,
  ButtonPress,
  Conversation,
  Inbound,
  InstructionForm,
  NewReply,
} from './chat/chat-core.js';
export { reportInternal } from './internal-error.js';
export { neutraliseSlackMentions, splitText, truncateText } from './chat/index.js';
export { Pipeline } from './pipeline.js';
export type { CancelOutcome, JobHandle, PipelineOptions } from './pipeline.js';
export type { JobJournal, JobRecord, StoredImage } from './job-journal.js';
export { FileJobJournal, MemoryJobJournal } from './job-journal.js';
export { actionCustomId } from './job-view.js';
export { MemorySeenOnce, type SeenOnce } from './redis/seen-once.js';
export type { SharedNotes } from './redis/shared-notes.js';
export {
  type AttachmentPolicy,
  PLATFORM_ATTACHMENT_HOSTS,
  claimsImage,
  createAttachmentPolicy,
  downloadImage,
  MIME_BY_TYPE,
  sniffImageType,
  type SniffedType,
} from './image-io/index.js';
export { detectLocale, parseAspect } from './router/index.js';
export { route } from './router/router.js';
export { describeStep } from './edit/step-names.js';
export { Scheduler } from './scheduler/scheduler.js';
export { ScanlineMetrics } from './metrics/scanline-metrics.js';
export type {
  FrameOutcome,
  JobMeter,
  JobOutcome,
  PipelineMetrics,
  PlatformMetrics,
  SchedulerMetrics,
} from './metrics/scanline-metrics.js';
export { tasksWhere } from './tasks/task-table.js';
export type { SettingChange, SettingOptions } from './settings/setting-changes.js';
export { MAX_PER_USER_CAP } from './settings/settings-schema.js';
export {
  defaultServerSettings,
  serverKey,
  USAGE_DAYS,
  type SafetySettings,
  type ServerKey,
  type ServerSettings,
  type SettingsSource,
  type SettingsStore,
  type UsageEvent,
  type UsageRecorder,
  type UsageReport,
} from './settings/server-settings.js';
export * from './types.js';
