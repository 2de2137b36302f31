import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { formatYuan } from '../challenges/model.ts';
import { HEALTH_COLORS, type Contract } from './model.ts';
import { useCommand } from './parts.tsx';
import { useMe } from '../../session/SessionContext.ts';
import { MilestonesPanel } from './MilestonesPanel.tsx';
import { LedgerPanel } from './LedgerPanel.tsx';
import { OrdersPanel, ReportsPanel } from './ProgressPanels.tsx';
import { ChangesPanel, TermsPanel } from './TermsPanels.tsx';

/** Both sides' confirmation of the current version, with a button for whichever side the viewer is. */
function ConfirmBox({ contract, onChange }: { contract: Contract; onChange: (c: Contract) => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { run, busy } = useCommand(onChange);
  const me = useMe();
  if (contract.status !== 'pending') return null;
  const office = me.user.roles.some((r) => r === 'officer' || r === 'admin');
  const side = contract.actions.includes('confirm') ? (office ? 'office' : 'organization') : null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      message={t('contractsUi.confirm.pending', { version: contract.version })}
      description={
        <Flex gap={12} wrap align="center">
          {(['office', 'organization'] as const).map((s) => (
            <Tag key={s} color={contract.confirmedSides.includes(s) ? 'green' : 'default'}>
              {contract.confirmedSides.includes(s) ? t('contractsUi.confirm.confirmed', { side: t(`contractsUi.sides.${s}`) }) : t('contractsUi.confirm.waiting', { side: t(`contractsUi.sides.${s}`) })}
            </Tag>
          ))}
          {side ? (
            <Button
              type="primary"
              loading={busy}
              data-testid="contract-confirm"
              onClick={() => {
                modal.confirm({
                  title: t('contractsUi.confirm.ask', { version: contract.version }),
                  onOk: async () => {
                    await run(() => call(api.POST('/api/v1/contracts/{id}/confirm', { params: { path: { id: contract.id } } })));
                  },
                });
              }}
            >
              {t('contractsUi.confirm.button', { side: t(`contractsUi.sides.${side}`) })}
            </Button>
          ) : null}
        </Flex>
      }
    />
  );
}

/** /contracts/:id — one task contract: terms and versions, confirmation, milestones, money, progress and supervision. */
export default function ContractPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const loaded = useApiData((signal) => call(api.GET('/api/v1/contracts/{id}', { params: { path: { id } }, signal })), [id]);
  const [contract, setContract] = useState<Contract | undefined>(undefined);
  useEffect(() => setContract(loaded.data), [loaded.data]);
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!contract) return <Skeleton active />;
  const c = contract;
  const panel = { contract: c, onChange: setContract };
  return (
    <>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            <span>{c.title || c.code}</span>
            <Tag data-testid="contract-status">{t(`contractsUi.status.${c.status}`)}</Tag>
            <Tag color={HEALTH_COLORS[c.health]}>{t(`contractsUi.health.${c.health}`)}</Tag>
          </Flex>
        }
        subtitle={<span className="kc-mono">{c.code}</span>}
        extra={<Link to="/contracts">{t('contractsUi.back')}</Link>}
      />
      <ConfirmBox contract={c} onChange={setContract} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('contractsUi.col.organization')}>{c.organizationName}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.lead')}>{[c.terms.lead.name, c.terms.lead.title].filter(Boolean).join(' · ')}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.team')}>{c.terms.team.map((m) => m.name).join('、') || t('common.empty')}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.period')}>{`${c.startsOn} – ${c.endsOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.fundingMode')}>{t(`contractsUi.summary.fundingModes.${c.fundingMode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.version')}>{c.version}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.total')}>¥{formatYuan(c.totalFen)}</Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.released')}>
            <span data-testid="contract-released">¥{formatYuan(c.releasedFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('contractsUi.summary.remaining')}>
            <Typography.Text strong>¥{formatYuan(c.remainingFen)}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless">
        <Tabs
          items={[
            { key: 'milestones', label: t('contractsUi.tabs.milestones'), children: <MilestonesPanel {...panel} /> },
            { key: 'ledger', label: t('contractsUi.tabs.ledger'), children: <LedgerPanel {...panel} /> },
            { key: 'reports', label: t('contractsUi.tabs.reports'), children: <ReportsPanel {...panel} /> },
            { key: 'orders', label: t('contractsUi.tabs.orders'), children: <OrdersPanel {...panel} /> },
            { key: 'changes', label: t('contractsUi.tabs.changes'), children: <ChangesPanel {...panel} /> },
            { key: 'terms', label: t('contractsUi.tabs.terms'), children: <TermsPanel contract={c} /> },
          ]}
        />
      </Card>
    </>
  );
}
