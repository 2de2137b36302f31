import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from './errors.ts';

describe('error catalogue', () => {
  it('has a Chinese and an English message and a 4xx/5xx status for every code', () => {
    for (const [code, e] of Object.entries(ERROR_CATALOG)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.zh).toMatch(/\p{Script=Han}/u);
      expect(e.en).toMatch(/[A-Za-z]/);
    }
  });
  it('is documented in docs/api.md, code by code', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    for (const [code, e] of Object.entries(ERROR_CATALOG)) {
      expect(doc).toContain(`| \`${code}\` | ${e.status} | ${e.zh} | ${e.en} |`);
    }
  });
});
