/**
 * Every error the API can answer with: a stable code, its HTTP status, and what the caller reads
 * in Chinese and English. Codes are part of the API contract — never rename one.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  MULTIPART_MALFORMED: {
    status: 400,
    zh: '上传的内容不完整或格式有误，请重新上传文件',
    en: 'The upload is not a well-formed multipart/form-data body; upload the file again',
  },
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
  INVALID_STATE: {
    status: 409,
    zh: '当前状态下不能执行此操作',
    en: 'This cannot be done in the current state',
  },
  DEADLINE_PASSED: { status: 409, zh: '已过截止时间（北京时间）', en: 'The deadline (Beijing time) has passed' },
  SHEET_LOCKED: { status: 409, zh: '评分表已提交并锁定，不能再修改', en: 'The scoring sheet has been submitted and is locked' },
  SHEETS_MISSING: {
    status: 409,
    zh: '尚有评分表未提交；如需结束评审，请说明理由后强制结束',
    en: 'Some scoring sheets are not submitted yet; to close the round anyway, force it with a reason',
  },
  FOUR_EYES_REQUIRED: {
    status: 403,
    zh: '须由起草人和提交人以外的另一位工作人员审核',
    en: 'Another officer than the drafter and the submitter must approve this',
  },
  NOT_ELIGIBLE: { status: 422, zh: '不符合揭榜条件', en: 'The organisation is not eligible for this challenge' },
  INCOMPLETE: { status: 422, zh: '内容不完整，请补全后再提交', en: 'Incomplete; fill in what is missing and submit again' },
  BUDGET_OVER_CAP: { status: 422, zh: '预算合计超过榜单的经费上限', en: 'The budget total exceeds the challenge budget cap' },
  APPLICATION_EXISTS: {
    status: 409,
    zh: '本单位已有一份有效的揭榜申请',
    en: 'Your organisation already has an active application for this challenge',
  },
  OBJECTIONS_OPEN: { status: 409, zh: '尚有未答复的异议', en: 'Some objections have not been answered yet' },
  NOTICE_PERIOD_RUNNING: { status: 409, zh: '公示期尚未结束', en: 'The public notice period has not ended yet' },
  NOTICE_CLOSED: { status: 409, zh: '公示期已结束，不再受理异议', en: 'The notice period has ended; objections are no longer accepted' },
  STATUS_REASON_REQUIRED: {
    status: 400,
    zh: '人工调整项目状态必须填写理由，未作任何修改',
    en: 'A status override needs a reason; nothing was changed',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  SCHEMA_NOT_CURRENT: {
    status: 503,
    zh: '数据库结构版本与程序不一致',
    en: 'The database schema does not match this version',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  CALENDAR_NOT_COVERED: {
    status: 409,
    zh: '工作日历尚未包含该年度的节假日安排，无法计算工作日期限；请联系平台运维人员录入该年度安排',
    en: 'The working-day calendar has no holiday arrangement for that year yet, so the deadline cannot be computed; ask the platform operator to enter that year',
  },
  CALENDAR_ARRANGEMENT_INVALID: {
    status: 400,
    zh: '节假日安排有误，未保存',
    en: 'The holiday arrangement is not valid; nothing was stored',
  },
  MAILBOX_UNAVAILABLE: {
    status: 404,
    zh: '演示邮箱仅在演示模式或未配置 SMTP 时可用',
    en: 'The demo mailbox is available only in demo mode or without SMTP',
  },
  CSV_NOT_UTF8: {
    status: 415,
    zh: 'CSV 文件不是 UTF-8 编码（可能是 GBK）。请在 Excel 中「另存为」→「CSV UTF-8（逗号分隔）」后重新上传，或直接上传 xlsx 文件',
    en: 'The CSV file is not UTF-8 encoded (perhaps GBK). In Excel use Save As → “CSV UTF-8 (Comma delimited)” and upload it again, or upload the xlsx file',
  },
  EXPORT_TOO_LARGE: {
    status: 400,
    zh: '导出的行数超过 Excel 工作表的上限（1,048,575 行）；请缩小筛选范围，或导出 CSV',
    en: 'More rows than an Excel worksheet holds (1,048,575); narrow the filters or export CSV',
  },
  ASSIGNMENT_INFEASIBLE: {
    status: 422,
    zh: '在当前约束下无法完成专家分配（原因见 errors）',
    en: 'No assignment meets every constraint (see errors for why)',
  },
  ASSIGNMENT_CONSTRAINT: {
    status: 409,
    zh: '该调整违反分配约束（违反的约束见 errors）',
    en: 'The change breaks an assignment constraint (see errors for which)',
  },
  EXPERT_UNAVAILABLE: { status: 409, zh: '专家当前不可参加评审', en: 'The expert is not available for review' },
  DRAW_INSUFFICIENT: {
    status: 422,
    zh: '符合条件的候选专家不足，无法完成随机抽取',
    en: 'Not enough qualified candidates for the random draw',
  },
  CONTRACT_NOT_CONFIRMED: { status: 409, zh: '任务书尚未经双方确认，暂不能执行此操作', en: 'The task contract has not been confirmed by both sides yet' },
  CHANGE_REQUEST_OPEN: { status: 409, zh: '该任务书已有一项待审批的变更申请', en: 'This task contract already has a change request awaiting a decision' },
  CHANGE_CONFLICT: { status: 409, zh: '任务书已有更新的版本，请基于最新版本重新提出变更', en: 'The task contract has a newer version; propose the change again against it' },
  MILESTONE_CLOSED: { status: 409, zh: '该里程碑已验收，不再接受佐证材料', en: 'This milestone has been accepted; no more evidence is taken' },
  TRANCHE_NOT_DUE: { status: 409, zh: '该笔经费的拨付条件尚未满足（双方确认、里程碑验收或全部验收）', en: 'The condition of this tranche is not met yet (confirmation, milestone acceptance or final acceptance)' },
  TRANCHE_EXCEEDS_REMAINING: { status: 409, zh: '拨付金额超过该笔经费或任务书的剩余额度，未作任何拨付', en: 'The amount exceeds what remains of the tranche or the contract; nothing was released' },
  EVIDENCE_GATE_CLOSED: { status: 409, zh: '该赛马关卡已截止提交佐证材料', en: 'This race gate no longer takes evidence: its evidence was closed' },
  GATE_EVIDENCE_MISSING: { status: 409, zh: '该队伍尚未提交本关卡要求的佐证材料，不能判定通过', en: 'The team has not submitted the evidence this gate requires, so it cannot pass' },
  GATE_REVIEW_NOT_ADOPTED: { status: 409, zh: '本关卡的专家评审结果尚未采纳，暂不能作出关卡结论', en: 'The gate’s expert review has not been adopted yet' },
  GATE_DECISIONS_MISSING: { status: 409, zh: '仍有在赛队伍没有关卡结论，未作任何处理', en: 'Some racing teams have no decision for this gate yet; nothing was done' },
  RACE_REASON_REQUIRED: { status: 400, zh: '淘汰必须说明理由，未作任何记录', en: 'An elimination needs a reason; nothing was recorded' },
  RACE_CONDITIONS_REQUIRED: { status: 400, zh: '有条件通过须写明条件', en: 'A pass with conditions needs the conditions' },
  RACE_TOO_FEW_TEAMS: { status: 422, zh: '赛马至少需要两支队伍（两份任务书）', en: 'A race needs at least two teams (two task contracts)' },
  RACE_CONTRACT_UNFIT: { status: 409, zh: '有任务书不能参加赛马（已终止或已完成，或里程碑少于关卡数，详见 errors）', en: 'A task contract cannot race (terminated or completed, or fewer milestones than gates; see errors)' },
  RACE_ALREADY_RACING: { status: 409, zh: '该任务书已在另一场赛马中', en: 'A task contract already races' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export interface FieldError {
  path: string;
  message: string;
  /** The same message in Chinese, where the rule gives one. */
  zh?: string;
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
