// What `/scanline settings` and `/scanline usage` show an admin, the same on every platform: plain lines
// with `<#channel>` and `<@user>` mentions, which Discord and Slack both render (and neither pings in them).
import { t } from '../../common/messages.js';
import type { Locale } from '../types.js';
import type { ServerSettings, UsageReport } from './server-settings.js';
import { USAGE_DAYS } from './server-settings.js';

const score = (value: number): string => value.toFixed(2);

export function settingsView(settings: ServerSettings, locale: Locale): string {
  const s = settings.safety;
  const yesNo = (value: boolean) => t(value ? 'settingsYes' : 'settingsNo', locale);
  return [
    t('settingsTitle', locale),
    settings.channels.length === 0
      ? t('settingsChannelsAll', locale)
      : t('settingsChannels', locale, { channels: settings.channels.map((c) => `<#${c}>`).join(', ') }),
    settings.disabledTasks.length === 0
      ? t('settingsTasksAll', locale)
      : t('settingsTasksOff', locale, { tasks: settings.disabledTasks.join(', ') }),
    settings.perUserCap === undefined
      ? t('settingsCapDefault', locale)
      : t('settingsCap', locale, { cap: settings.perUserCap }),
    settings.language === undefined
      ? t('settingsLanguageAuto', locale)
      : t('settingsLanguage', locale, { language: settings.language === 'zh' ? '中文 (zh)' : 'English (en)' }),
    t('settingsSafety', locale, {
      withhold: score(s.withholdAt),
      spoiler: score(s.spoilerAt),
      borderline: t(s.spoilerBorderline ? 'settingsBorderlineSpoiler' : 'settingsBorderlinePlain', locale),
      adult: yesNo(s.adultWithoutFlag),
    }),
  ].join('\n');
}

const MAX_DAYS_SHOWN = USAGE_DAYS;

export function usageView(report: UsageReport, locale: Locale): string {
  const lines = [
    t('usageTitle', locale, {
      days: USAGE_DAYS,
      from: report.from,
      to: report.to,
      jobs: report.jobs,
      refused: report.refused,
    }),
  ];
  if (report.jobs + report.refused === 0) return [...lines, t('usageNone', locale)].join('\n');
  lines.push(
    t('usageByTask', locale, {
      tasks: report.byTask
        .map((r) =>
          t('usageTaskLine', locale, {
            task: r.task,
            done: r.done,
            failed: r.failed,
            cancelled: r.cancelled,
            refused: r.refused,
          }),
        )
        .join('; '),
    }),
    t('usageTopUsers', locale, {
      users: report.topUsers
        .map((u) => t('usageUserLine', locale, { user: `<@${u.userId}>`, jobs: u.jobs, refused: u.refused }))
        .join(', '),
    }),
    t('usageByDay', locale, {
      days: report.byDay
        .slice(-MAX_DAYS_SHOWN)
        .map((d) => `${d.day.slice(5)}: ${d.jobs}${d.refused > 0 ? ` (+${d.refused})` : ''}`)
        .join(' · '),
    }),
  );
  if (report.refusals.length > 0) {
    lines.push(
      t('usageRefusals', locale, { reasons: report.refusals.map((r) => `${r.reason} ${r.count}`).join(', ') }),
    );
  }
  lines.push(t('usagePrivacy', locale));
  return lines.join('\n');
}
