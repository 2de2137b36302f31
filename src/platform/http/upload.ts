import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export interface Upload {
  filename: string;
  data: Buffer;
}

/**
 * busboy reports a garbled body (boundary missing or not the header's, body cut off, part headers that
 * never end) with plain Errors that carry neither a code nor a status; the error handler would answer
 * those 500. Fastify's and @fastify/multipart's own errors (size limits …) keep their mapping there.
 */
function isMalformedBody(err: unknown): err is Error {
  if (!(err instanceof Error) || err instanceof AppError) return false;
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  if (e.code === 'FST_MP_PREMATURE_CLOSE') return true;
  return e.code === undefined && e.statusCode === undefined;
}

/**
 * The one file of a multipart/form-data upload, read into memory. Every upload route goes through here so
 * that a malformed body is 400 MULTIPART_MALFORMED everywhere.
 */
export async function receiveUpload(request: FastifyRequest, opts: { maxBytes?: number } = {}): Promise<Upload> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send multipart/form-data with a "file" field');
  try {
    const part = await request.file(opts.maxBytes === undefined ? undefined : { limits: { fileSize: opts.maxBytes } });
    if (!part) throw new AppError('VALIDATION_FAILED', 'no file in the request', [{ path: 'body.file', message: 'is required', zh: '请选择文件' }]);
    const data = await part.toBuffer();
    if (part.file.truncated) throw new AppError('FILE_TOO_LARGE');
    return { filename: part.filename, data };
  } catch (err) {
    if (isMalformedBody(err)) throw new AppError('MULTIPART_MALFORMED', err.message);
    throw err;
  }
}
