import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JobStatus, OrganizationType, Role, User } from '../api/types.ts';

const ROLE_COLORS: Record<Role, string> = {
  admin: 'magenta',
  officer: 'blue',
  applicant: 'green',
  expert: 'purple',
  facility_manager: 'cyan',
  auditor: 'gold',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <Space size={[4, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLORS[r]} style={{ marginInlineEnd: 0 }}>
          {t(`roles.${r}`)}
        </Tag>
      ))}
    </Space>
  );
}

const STATUS_COLORS: Record<User['status'], string> = { active: 'success', invited: 'processing', disabled: 'default' };

export function UserStatusTag({ user }: { user: Pick<User, 'status' | 'locked'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[user.status]} style={{ marginInlineEnd: 0 }}>
        {t(`userStatus.${user.status}`)}
      </Tag>
      {user.locked ? (
        <Tooltip title={t('users.lockedHint')}>
          <Tag color="error" style={{ marginInlineEnd: 0 }}>
            {t('userStatus.locked')}
          </Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

const ORG_COLORS: Record<OrganizationType, string> = {
  enterprise: 'blue',
  university: 'purple',
  institute: 'geekblue',
  national_lab: 'red',
  new_rd_institute: 'volcano',
  hospital: 'green',
  platform: 'cyan',
  investor: 'gold',
};

export function OrgTypeTag({ type }: { type: OrganizationType }) {
  const { t } = useTranslation();
  return <Tag color={ORG_COLORS[type]}>{t(`orgTypes.${type}`)}</Tag>;
}

const JOB_COLORS: Record<JobStatus, string> = { queued: 'default', running: 'processing', succeeded: 'success', failed: 'error' };

export function JobStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  if (status in JOB_COLORS) {
    const s = status as JobStatus;
    return <Tag color={JOB_COLORS[s]}>{t(`jobStatus.${s}`)}</Tag>;
  }
  return <Tag>{status}</Tag>;
}
