import { Type, type TSchema } from 'typebox';

/** Shared request/response building blocks; every route composes its schema from these. */
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const DateTime = Type.String({ format: 'date-time' });
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export function pageWindow(q: { page?: number | undefined; pageSize?: number | undefined }) {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return { page, pageSize, offset: (page - 1) * pageSize, limit: pageSize };
}

const ProblemRef = Type.Ref('Problem');

/** Declares the success response and the problem responses a route can give, for validation and OpenAPI. */
export function responses<T extends Record<number, TSchema>>(ok: T, errors: number[] = [400, 401, 403, 404]) {
  const out: Record<number, TSchema> = { ...ok };
  for (const code of errors) out[code] = ProblemRef;
  out[500] = ProblemRef;
  return out as T;
}

export const Ok = Type.Object({ ok: Type.Literal(true) });
