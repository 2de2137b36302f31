import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];
export type FieldError = NonNullable<Problem['errors']>[number];

export type Lang = 'zh-CN' | 'en';

/** Codes the web app itself produces when no problem+json reached it. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/** A failed API call, carrying the server's bilingual message so the UI can show it in the current language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messages: { zh: string; en: string } | null;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | null;
  readonly detail: string | null;

  constructor(init: { status: number; code: string; messages: { zh: string; en: string } | null; fieldErrors?: FieldError[]; requestId?: string | null; detail?: string | null }) {
    super(init.messages?.en ?? init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.messages = init.messages;
    this.fieldErrors = init.fieldErrors ?? [];
    this.requestId = init.requestId ?? null;
    this.detail = init.detail ?? null;
  }

  /** The server's message in the given language, or null when the error came from the client side. */
  localized(lang: Lang): string | null {
    if (!this.messages) return null;
    return lang === 'en' ? this.messages.en : this.messages.zh;
  }

  get isAuth(): boolean {
    return this.status === 401;
  }
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const m = v.message as Record<string, unknown> | undefined;
  return typeof v.code === 'string' && typeof m === 'object' && m !== null && typeof m.zh === 'string' && typeof m.en === 'string';
}

export function toApiError(error: unknown, response: Response | undefined): ApiError {
  if (error instanceof ApiError) return error;
  if (isProblem(error)) {
    return new ApiError({
      status: error.status,
      code: error.code,
      messages: error.message,
      fieldErrors: error.errors ?? [],
      requestId: error.requestId,
      detail: error.detail ?? null,
    });
  }
  if (!response) return new ApiError({ status: 0, code: 'NETWORK_ERROR', messages: null });
  return new ApiError({ status: response.status, code: 'UNEXPECTED_RESPONSE', messages: null, requestId: response.headers.get('x-request-id') });
}

type UnauthorizedListener = (code: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever an API call answers 401 (other than a failed sign-in), so the session can end. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const PUBLIC_AUTH_PATHS = ['/api/v1/auth/login', '/api/v1/auth/me'];

const unauthorizedMiddleware: Middleware = {
  async onResponse({ request, response }) {
    if (response.status !== 401) return undefined;
    const path = new URL(request.url, window.location.origin).pathname;
    if (PUBLIC_AUTH_PATHS.includes(path)) return undefined;
    let code = 'AUTH_REQUIRED';
    try {
      const body: unknown = await response.clone().json();
      if (isProblem(body)) code = body.code;
    } catch {
      // not problem+json; treat as "sign in required"
    }
    for (const l of unauthorizedListeners) l(code);
    return undefined;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(unauthorizedMiddleware);

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Await an openapi-fetch call and return its data, or throw an ApiError built from the
 * problem+json body (or from the network failure).
 */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', messages: null });
  }
  if (result.response.ok && result.error === undefined) return result.data as T;
  throw toApiError(result.error, result.response);
}
