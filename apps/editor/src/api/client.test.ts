import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, request } from './client.js';

let server: Server;
let base = '';
const answers: Record<string, unknown> = {
  '/validation': {
    type: 'urn:scoreflow:problem:validation-failed',
    title: 'The request body is not valid',
    status: 400,
    detail: 'The score change has 1 problem(s)',
    errors: [{ pointer: '/note', code: 'invalid_type', message: 'Required' }],
  },
  '/flow': {
    title: 'The flow has errors',
    status: 422,
    detail: 'The flow cannot be published: 1 error(s) must be fixed first',
    errors: [{ pointer: '', code: 'no_trigger', message: 'The flow has no trigger', severity: 'error' }],
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = answers[req.url ?? ''];
    res.statusCode = (body as { status: number }).status;
    res.setHeader('content-type', 'application/problem+json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const fail = (path: string) =>
  request('POST', base + path, null, {}).then(
    () => undefined,
    (e: unknown) => e as ApiError,
  );

describe('API errors as people read them', () => {
  it('says what was wrong and where for body validation errors', async () => {
    const err = await fail('/validation');
    expect(err).toBeInstanceOf(ApiError);
    expect(err?.message).toBe('The score change has 1 problem(s) · /note: Required');
    expect(err?.errors).toEqual([]);
  });

  it('keeps flow diagnostics as diagnostics for the canvas to mark', async () => {
    const err = await fail('/flow');
    expect(err?.status).toBe(422);
    expect(err?.errors).toEqual([expect.objectContaining({ code: 'no_trigger', severity: 'error' })]);
  });
});
