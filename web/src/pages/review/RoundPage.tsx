import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Descriptions, Flex, Form, Input, Modal, Skeleton, Tabs, Tag } from 'antd';
import { PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { fieldErrors, STATUS_COLORS } from './model.ts';
import { SettingsTab } from './SettingsTab.tsx';
import { PanelTab } from './PanelTab.tsx';
import { AssignmentTab } from './AssignmentTab.tsx';
import ProgressTab from './ProgressTab.tsx';
import ResultsTab from './ResultsTab.tsx';

const TABS = ['settings', 'panel', 'assignment', 'progress', 'results'] as const;
type TabKey = (typeof TABS)[number];

/** One review round: settings, panel and draws, assignment, then progress and results once it is open. */
export default function RoundPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const round = useApiData((signal) => call(api.GET('/api/v1/review-rounds/{id}', { params: { path: { id } }, signal })), [id]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');

  const r = round.data;
  if (round.error && !r) return <LoadError error={round.error} onRetry={round.reload} />;
  if (!r) return <Skeleton active />;
  const visible: TabKey[] = r.status === 'draft' || r.status === 'cancelled' ? ['settings', 'panel', 'assignment'] : [...TABS];
  const asked = params.get('tab') as TabKey | null;
  const tab: TabKey = asked && visible.includes(asked) ? asked : 'settings';
  const setTab = (k: string) => setParams((p) => (k === 'settings' ? (p.delete('tab'), p) : (p.set('tab', k), p)), { replace: true });
  const changed = () => round.reload();

  const open = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/open', { params: { path: { id } } }));
      void message.success(t('reviewUi.round.opened'));
      round.reload();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/cancel', { params: { path: { id } }, body: { reason: reason.trim() } }));
      setCancelling(false);
      round.reload();
    } catch (err) {
      void message.error(errorText(err));
    }
  };
  const details = fieldErrors(failure, lang);

  return (
    <>
      <PageHeader
        title={
          <Flex gap={12} align="center" wrap>
            <span data-testid="round-name">{r.name}</span>
            <Tag color={STATUS_COLORS[r.status]} data-testid="round-status">
              {t(`reviewUi.status.${r.status}`)}
            </Tag>
          </Flex>
        }
        subtitle={
          <>
            {r.subject.type === 'race_gate' && r.subject.raceId ? (
              // A race gate's round: back to the race board, where its adopted scores are used.
              <Link to={`/races/${r.subject.raceId}`} data-testid="round-subject">
                <span className="kc-mono">{r.subject.code}</span> {r.subject.title}
              </Link>
            ) : (
              <Link to={`/challenges/${r.challenge.id}`} data-testid="round-subject">
                <span className="kc-mono">{r.challenge.code}</span> {r.challenge.title}
              </Link>
            )}
          </>
        }
        extra={
          <>
            {r.actions.includes('open') ? (
              <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} onClick={() => void open()} data-testid="open-round">
                {t('reviewUi.round.open')}
              </Button>
            ) : null}
            {r.actions.includes('cancel') ? (
              <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="cancel-round">
                {t('reviewUi.round.cancel')}
              </Button>
            ) : null}
          </>
        }
      />
      {failure ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setFailure(null) }}
          style={{ marginBottom: 16 }}
          title={errorText(failure)}
          description={details.length ? <ul style={{ margin: 0, paddingLeft: 20 }}>{details.map((d, i) => <li key={i}>{d.text}</li>)}</ul> : undefined}
          data-testid="round-failure"
        />
      ) : null}
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('reviewUi.settings.deadline')}>{formatDateTime(r.deadline, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('reviewUi.settings.blind')}>{t(`reviewUi.blind.${r.blind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('reviewUi.settings.k')}>{r.expertsPerItem}</Descriptions.Item>
        <Descriptions.Item label={t('reviewUi.round.counts')}>{t('reviewUi.round.countsText', { items: r.counts.items, panel: r.counts.panel, assignments: r.counts.assignments })}</Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={visible.map((k) => ({
          key: k,
          label: <span data-testid={`round-tab-${k}`}>{t(`reviewUi.tabs.${k}`)}</span>,
          children:
            tab !== k ? null : k === 'settings' ? (
              <SettingsTab round={r} onChanged={changed} />
            ) : k === 'panel' ? (
              <PanelTab round={r} onChanged={changed} />
            ) : k === 'assignment' ? (
              <AssignmentTab round={r} onChanged={changed} />
            ) : k === 'progress' ? (
              <ProgressTab roundId={r.id} status={r.status} onChanged={changed} />
            ) : (
              <ResultsTab roundId={r.id} status={r.status} onChanged={changed} />
            ),
        }))}
      />
      <Modal open={cancelling} title={t('reviewUi.round.cancelTitle')} onCancel={() => setCancelling(false)} onOk={() => void cancel()} okButtonProps={{ danger: true, disabled: !reason.trim() }} okText={t('reviewUi.round.cancel')} destroyOnHidden>
        <Form layout="vertical">
          <Form.Item label={t('reviewUi.round.cancelReason')} required>
            <Input.TextArea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
