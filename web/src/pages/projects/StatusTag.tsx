import { Flex, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { STATUS_TAG, type Status } from './model.ts';

/** The traffic light of an item; a status set by hand carries its reason beside it, never hidden. */
export function StatusTag({ status, override, withReason = false }: { status: Status; override?: { reason: string } | null; withReason?: boolean }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={STATUS_TAG[status]} icon={override ? <EditOutlined /> : undefined} data-testid="status-tag" data-status={status}>
      {t(`projectsUi.status.${status}`)}
    </Tag>
  );
  if (!override) return tag;
  if (!withReason)
    return (
      <Tooltip title={`${t('projectsUi.list.overridden')}：${override.reason}`}>
        <span>{tag}</span>
      </Tooltip>
    );
  return (
    <Flex gap={6} align="baseline" wrap>
      {tag}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="override-reason">
        {t('projectsUi.list.overridden')}：{override.reason}
      </Typography.Text>
    </Flex>
  );
}

export function StatusCounts({ counts }: { counts: Record<Status, number> }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {(['red', 'amber', 'green', 'done'] as const).map((s) => (
        <Tag key={s} color={STATUS_TAG[s]} style={{ marginInlineEnd: 0 }} data-testid={`count-${s}`}>
          {t(`projectsUi.status.${s}`)} {counts[s]}
        </Tag>
      ))}
    </Flex>
  );
}
