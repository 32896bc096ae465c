// `/scanline settings [change]` and `/scanline usage` for workspace admins and owners (users.info), answered
// ephemerally through the command's response_url. The chat core checks the right and applies the change.
import type { App } from '@slack/bolt';
import { tValues } from '../../common/messages.js';
import { TASKS } from '../../pipeline/index.js';
import type { SlackScope } from './slack-scope.js';

export function listenForAdminCommand(app: App, scope: SlackScope): void {
  app.command('/scanline', async ({ command, ack, respond }) => {
    await ack();
    const place = { channel: command.channel_id, team: command.team_id || scope.me.team };
    const user = command.user_id;
    await scope.core.guard('scanline', scope.answer(place, user), async () => {
      const by = await scope.requester(user, place);
      const [sub = '', ...words] = (command.text ?? '').trim().split(/\s+/).filter(Boolean);
      let text: string;
      switch (sub.toLowerCase()) {
        case 'settings':
          text = await scope.core.settings(by, { words });
          break;
        case 'usage':
          text = await scope.core.usage(by);
          break;
        default:
          // The help's words are joined lines, so its {tasks} slot is not typed.
          text = tValues('settingsSlackHelp', by.locale ?? 'en', { tasks: TASKS.join(', ') });
      }
      await respond({ response_type: 'ephemeral', text });
    });
  });
}
