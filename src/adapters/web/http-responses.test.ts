import { t } from '../../common/messages.js';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import { HttpError, errorAnswer } from './http-responses.js';

function capturingLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('errorAnswer: what a failed playground request is told', () => {
  it('a refusal keeps its status, code, sentence and headers', () => {
    const { log } = capturingLog();
    const answer = errorAnswer(new HttpError(429, 'uploads_busy', 'Wait.', { 'Retry-After': '2' }), 'en', log, '/x');
    expect(answer).toEqual({
      status: 429,
      body: { error: { code: 'uploads_busy', message: 'Wait.' } },
      headers: { 'Retry-After': '2' },
    });
  });

  it('a ScanlineError is a 400 with its sentence in the request language', () => {
    const { log } = capturingLog();
    const answer = errorAnswer(new ScanlineError('job_gone'), 'zh', log, '/x');
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'job_gone', message: t('job_gone', 'zh') } },
    });
  });

  it('anything else is the internal sentence, whose error id is the one in the log line', () => {
    const { log, lines } = capturingLog();
    const answer = errorAnswer(new Error('boom'), 'en', log, '/api/jobs');
    const errorId = /error id (\w+)/.exec(answer.body.error.message)?.[1] ?? '';
    expect(answer.status).toBe(500);
    expect(answer.body.error).toEqual({ code: 'internal', message: t('internal', 'en', { id: errorId }) });
    const logged = lines.find((l) => l.includes(`"errorId":"${errorId}"`)) ?? '';
    expect(logged).toContain('"path":"/api/jobs"');
    expect(logged).toContain('boom');
  });
});
