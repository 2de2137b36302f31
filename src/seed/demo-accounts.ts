import type { Role } from '../platform/auth/auth.tables.ts';

/** Demo data: clearly fictitious people with one account per role; shown on the login page in demo mode. */
export const DEMO_PASSWORD = 'Demo2026kechuang';
export const DEMO_TENANT = { slug: 'beijing', nameZh: '北京国际科技创新中心（演示）', nameEn: 'Beijing International S&T Innovation Center (demo)' };

export interface DemoAccount {
  email: string;
  mobile: string;
  displayName: string;
  roles: Role[];
  organization?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.kechuang.cn', mobile: '13800000001', displayName: '张伟', roles: ['admin'] },
  { email: 'officer@demo.kechuang.cn', mobile: '13800000002', displayName: '王芳', roles: ['officer'] },
  { email: 'applicant@demo.kechuang.cn', mobile: '13800000003', displayName: '李强', roles: ['applicant'], organization: '博奥生物集团有限公司' },
  { email: 'expert@demo.kechuang.cn', mobile: '13800000004', displayName: '陈静', roles: ['expert'] },
  { email: 'facility@demo.kechuang.cn', mobile: '13800000005', displayName: '刘洋', roles: ['facility_manager'] },
  { email: 'auditor@demo.kechuang.cn', mobile: '13800000006', displayName: '赵敏', roles: ['auditor'] },
];
