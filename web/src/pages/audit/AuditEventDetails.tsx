import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../api/types.ts';

export function AuditEventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const hasSummary = Object.keys(event.summary).length > 0;
  const mono = (v: string | number | null) =>
    v === null ? (
      t('common.empty')
    ) : (
      <Typography.Text className="kc-mono" copyable>
        {String(v)}
      </Typography.Text>
    );
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      styles={{ label: { width: 140, whiteSpace: 'nowrap' } }}
      items={[
        {
          key: 'summary',
          label: t('audit.summary'),
          children: hasSummary ? <pre className="kc-json kc-mono">{JSON.stringify(event.summary, null, 2)}</pre> : <Typography.Text type="secondary">{t('audit.noSummary')}</Typography.Text>,
        },
        { key: 'id', label: t('audit.eventId'), children: mono(event.id) },
        { key: 'targetId', label: t('audit.targetId'), children: mono(event.targetId) },
        { key: 'actorId', label: t('audit.actorId'), children: mono(event.actorUserId) },
        { key: 'requestId', label: t('audit.requestId'), children: mono(event.requestId) },
        { key: 'hash', label: t('audit.hash'), children: mono(event.hash) },
        { key: 'prevHash', label: t('audit.prevHash'), children: mono(event.prevHash) },
      ]}
    />
  );
}
