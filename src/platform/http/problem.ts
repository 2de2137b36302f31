import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError, ERROR_CATALOG, type ErrorCode, type FieldError } from './errors.ts';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    message: Type.Object({ zh: Type.String(), en: Type.String() }),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String(), zh: Type.Optional(Type.String({ description: 'The message in Chinese, where the rule gives one' })) }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details with a stable code and bilingual message' },
);
export type Problem = Static<typeof ProblemSchema>;

export function problemBody(request: FastifyRequest, code: ErrorCode, detail?: string, errors?: FieldError[]): Problem {
  const entry = ERROR_CATALOG[code];
  const body: Problem = {
    type: `urn:kechuang:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: entry.en,
    status: entry.status,
    code,
    message: { zh: entry.zh, en: entry.en },
    requestId: String(request.id),
    instance: request.url.split('?')[0] ?? request.url,
  };
  if (detail && entry.status < 500) body.detail = detail;
  if (errors?.length) body.errors = errors;
  return body;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, detail?: string, errors?: FieldError[]) {
  const body = problemBody(request, code, detail, errors);
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function fieldErrors(err: FastifyError): FieldError[] {
  const list = (err.validation ?? []) as AjvIssue[];
  const ctx = err.validationContext ?? 'body';
  return list.map((v) => {
    let path = `${ctx}${(v.instancePath ?? '').replaceAll('/', '.')}`;
    let message = v.message ?? 'is invalid';
    if (v.keyword === 'additionalProperties' && typeof v.params?.additionalProperty === 'string') {
      path = `${path}.${v.params.additionalProperty}`;
      message = 'unknown field';
    } else if (v.keyword === 'required' && typeof v.params?.missingProperty === 'string') {
      path = `${path}.${v.params.missingProperty}`;
      message = 'is required';
    }
    return { path, message };
  });
}

/** One error handler for the whole API: AppErrors keep their code; 5xx details never leave the server. */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(request, reply, error.code, error.detail, error.errors);
    }
    if (error.validation) {
      const errors = fieldErrors(error);
      return sendProblem(request, reply, 'VALIDATION_FAILED', errors.map((e) => `${e.path} ${e.message}`).join('; '), errors);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, 'MALFORMED_JSON', error.message);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendProblem(request, reply, error.code === 'FST_REQ_FILE_TOO_LARGE' ? 'FILE_TOO_LARGE' : 'BODY_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(request, reply, 'UNSUPPORTED_MEDIA_TYPE', error.message);
      default:
        break;
    }
    if (error.statusCode === 429) return sendProblem(request, reply, 'RATE_LIMITED');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, 'VALIDATION_FAILED', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'INTERNAL');
  });
}
