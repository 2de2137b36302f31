/**
 * Every error the API can answer with: a stable code, its HTTP status, and what the caller reads
 * in Chinese and English. Codes are part of the API contract — never rename one.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    zh: '账号或密码错误，或账号已被暂时锁定',
    en: 'Wrong account or password, or the account is temporarily locked',
  },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  CSRF_ORIGIN_MISMATCH: { status: 403, zh: '请求来源不被允许', en: 'Request origin not allowed' },
  NOT_FOUND: { status: 404, zh: '未找到该资源', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  CONFLICT: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  EMAIL_TAKEN: { status: 409, zh: '该邮箱已被使用', en: 'This e-mail address is already in use' },
  MOBILE_TAKEN: { status: 409, zh: '该手机号已被使用', en: 'This mobile number is already in use' },
  CREDIT_CODE_TAKEN: {
    status: 409,
    zh: '该统一社会信用代码已登记',
    en: 'An organisation with this unified social credit code already exists',
  },
  INVALID_CREDIT_CODE: {
    status: 400,
    zh: '统一社会信用代码无效（18 位，末位校验码须正确）',
    en: 'Invalid unified social credit code (18 characters with a correct check character)',
  },
  PASSWORD_TOO_WEAK: {
    status: 400,
    zh: '密码至少 10 位，且须包含字母和数字',
    en: 'Passwords need at least 10 characters with letters and digits',
  },
  PASSWORD_WRONG: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  TOKEN_INVALID: {
    status: 400,
    zh: '链接无效或已过期',
    en: 'This link is invalid or has expired',
  },
  ACCOUNT_DISABLED: { status: 409, zh: '账号已停用', en: 'The account is disabled' },
  LAST_ADMIN: {
    status: 409,
    zh: '不能移除或停用最后一位管理员',
    en: 'The last administrator cannot be removed or disabled',
  },
  FILE_TOO_LARGE: { status: 413, zh: '文件超过大小限制', en: 'The file exceeds the size limit' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不允许的文件类型（按内容识别）',
    en: 'File type not allowed (detected from its content)',
  },
  IMPORT_NOT_READY: {
    status: 409,
    zh: '文件仍在检查中，检查完成后才能提交',
    en: 'The file is still being checked; commit when the check has finished',
  },
  IMPORT_HAS_ERRORS: {
    status: 409,
    zh: '文件中有错误，未写入任何数据；请修改后重新上传',
    en: 'The file has errors; nothing was written. Fix them and upload the file again',
  },
  IMPORT_ALREADY_COMMITTED: { status: 409, zh: '该导入已提交，不能重复提交', en: 'This import has already been committed' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  SCHEMA_NOT_CURRENT: {
    status: 503,
    zh: '数据库结构版本与程序不一致',
    en: 'The database schema does not match this version',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail?: string, errors?: FieldError[]) {
    super(detail ?? ERROR_CATALOG[code].en);
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.detail = detail;
    this.errors = errors;
  }
}

export const notFound = (what?: string) => new AppError('NOT_FOUND', what ? `${what} not found` : undefined);
export const forbidden = (detail?: string) => new AppError('FORBIDDEN', detail);
