// Reads a REST request body the way Discord documents it: JSON, or multipart
// with `payload_json` plus `files[n]` parts.
import type { IncomingMessage } from 'node:http';
import type { Json } from './api-objects.js';

export interface UploadedFile {
  /** The n of `files[n]`. */
  index: number;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
  multipart: boolean;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(req: IncomingMessage): Promise<ParsedBody> {
  const raw = await readAll(req);
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) {
    // Node's fetch Request parses multipart bodies (FACTS.md).
    const form = await new Request('http://fake.local/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const files: UploadedFile[] = [];
    let json: unknown = {};
    for (const [key, value] of form.entries()) {
      if (key === 'payload_json' && typeof value === 'string') json = JSON.parse(value);
      const match = /^files\[(\d+)\]$/.exec(key);
      if (match && typeof value !== 'string') {
        files.push({
          index: Number(match[1]),
          name: value.name,
          contentType: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        });
      }
    }
    return { json, files, multipart: true };
  }
  if (raw.length === 0) return { json: undefined, files: [], multipart: false };
  return { json: JSON.parse(raw.toString('utf8')) as unknown, files: [], multipart: false };
}

export function asObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
