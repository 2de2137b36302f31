import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { CONTENT_TYPES, tableWriter, type ExportFormat, type TableWriter } from './writer.ts';

/** A table file on its way out: the bytes, and what to call it. */
export interface ExportFile {
  stream: Readable;
  filename: string;
  contentType: string;
}

/**
 * Starts writing a table file and answers at once with its stream; `produce` adds the rows (page by
 * page, so nothing is held in memory). A failure while producing ends the download with an error
 * instead of a silently short file.
 */
export function exportFile(format: ExportFormat, name: { sheet: string; file: string }, header: string[], produce: (w: TableWriter) => Promise<void>): ExportFile {
  const w = tableWriter(format, name.sheet, header);
  void produce(w)
    .then(() => w.end())
    .catch((err: unknown) => w.stream.destroy(err instanceof Error ? err : new Error(String(err))));
  return { stream: w.stream, filename: `${name.file}.${format}`, contentType: CONTENT_TYPES[format] };
}

/** A column header in both languages, Chinese first: "姓名 / Name". */
export const bilingual = (zh: string, en: string) => `${zh} / ${en}`;

/** Sends a file as a download, with a file name that survives non-ASCII (RFC 6266 filename*). */
export function sendDownload(reply: FastifyReply, f: { filename: string; contentType: string }, body: Readable | Buffer) {
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  reply.header('content-type', f.contentType);
  reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`);
  reply.header('cache-control', 'private, no-store');
  return reply.send(body);
}
