import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the server and the CLI read from the environment, in one place. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  cookieSecure: 'auto' | boolean;
  trustProxy: boolean;
  logLevel: string;
  demo: boolean;
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  uploadMaxBytes: number;
  /** Largest registry import file: above the general upload limit, so a 100,000-row CSV fits. */
  importMaxBytes: number;
  bodyLimitBytes: number;
  loginRateLimitPerMinute: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  jobPollMs: number;
  jobsEnabled: boolean;
  nodeEnv: string;
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * The session secret keys the HMAC of session and one-time tokens. When none is given we keep
 * a generated one in DATA_DIR so that sessions survive restarts of a single embedded instance.
 */
function sessionSecret(env: NodeJS.ProcessEnv, dataDir: string, usingPg: boolean): string {
  const given = env.SESSION_SECRET;
  if (given) {
    if (given.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
    return given;
  }
  if (usingPg && env.NODE_ENV === 'production') {
    throw new Error('SESSION_SECRET is required when running on PostgreSQL in production');
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, '.session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  const port = int(env.PORT, 3000, 'PORT');
  const cookieSecureRaw = env.COOKIE_SECURE;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    sessionSecret: sessionSecret(env, dataDir, databaseUrl !== undefined),
    sessionIdleMinutes: int(env.SESSION_IDLE_MINUTES, 30, 'SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: int(env.SESSION_ABSOLUTE_HOURS, 12, 'SESSION_ABSOLUTE_HOURS'),
    cookieSecure: cookieSecureRaw === undefined || cookieSecureRaw === 'auto' ? 'auto' : bool(cookieSecureRaw, false),
    trustProxy: bool(env.TRUST_PROXY, false),
    logLevel: env.LOG_LEVEL ?? 'info',
    demo: bool(env.DEMO, true),
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Kechuang <no-reply@kechuang.local>',
    uploadMaxBytes: int(env.UPLOAD_MAX_BYTES, 20 * 1024 * 1024, 'UPLOAD_MAX_BYTES'),
    importMaxBytes: int(env.IMPORT_MAX_BYTES, 64 * 1024 * 1024, 'IMPORT_MAX_BYTES'),
    bodyLimitBytes: int(env.BODY_LIMIT_BYTES, 1024 * 1024, 'BODY_LIMIT_BYTES'),
    loginRateLimitPerMinute: int(env.LOGIN_RATE_LIMIT, 10, 'LOGIN_RATE_LIMIT'),
    lockoutThreshold: int(env.LOCKOUT_THRESHOLD, 5, 'LOCKOUT_THRESHOLD'),
    lockoutMinutes: int(env.LOCKOUT_MINUTES, 15, 'LOCKOUT_MINUTES'),
    jobPollMs: int(env.JOB_POLL_MS, 2000, 'JOB_POLL_MS'),
    jobsEnabled: bool(env.JOBS_ENABLED, true),
    nodeEnv: env.NODE_ENV ?? 'development',
  };
}
