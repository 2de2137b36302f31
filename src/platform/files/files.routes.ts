import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../services.ts';
import { requireActor } from '../auth/policy.ts';
import { commandContext } from '../http/request-context.ts';
import { receiveUpload } from '../http/upload.ts';
import { DateTime, IdParams, responses, Uuid } from '../http/schemas.ts';
import type { AttachmentRow } from './files.service.ts';

const AttachmentSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  mimeType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  createdAt: DateTime,
});

function present(a: AttachmentRow) {
  return { id: a.id, name: a.originalName, mimeType: a.mimeType, sizeBytes: a.sizeBytes, sha256: a.sha256, createdAt: a.createdAt.toISOString() };
}

export function fileRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { files } = services;
  return async (app) => {
    app.post(
      '/files',
      {
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['files'],
          summary: 'Upload one file (multipart field "file"); PDF, PNG, JPEG, WebP, XLSX or CSV, checked by content',
          consumes: ['multipart/form-data'],
          response: responses({ 201: AttachmentSchema }, [400, 401, 413, 415, 429]),
        },
      },
      async (request, reply) => {
        requireActor(request.actor);
        const row = await files.upload(commandContext(request), await receiveUpload(request));
        return reply.code(201).send(present(row));
      },
    );

    app.get(
      '/files/:id',
      { schema: { tags: ['files'], summary: 'File metadata', params: IdParams, response: responses({ 200: AttachmentSchema }) } },
      async (request) => {
        requireActor(request.actor);
        return present(await files.get(request.actor, request.params.id));
      },
    );

    app.get(
      '/files/:id/content',
      { schema: { tags: ['files'], summary: 'Download a file (permission-checked)', params: IdParams, response: responses({ 200: Type.Unknown({ description: 'The file bytes' }) }) } },
      async (request, reply) => {
        requireActor(request.actor);
        const { row, stream } = await files.open(request.actor, request.params.id);
        reply.header('content-type', row.mimeType);
        reply.header('content-length', row.sizeBytes);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.originalName)}`);
        reply.header('cache-control', 'private, no-store');
        return reply.send(stream);
      },
    );
  };
}
