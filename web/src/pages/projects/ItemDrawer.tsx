import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Flex, Form, Input, List, Modal, Progress, Radio, Skeleton, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { fenToWan, STATUSES, STATUS_COLORS, type ProjectItemDetail, type Status } from './model.ts';
import { StatusTag } from './StatusTag.tsx';
import { ItemFormModal } from './ItemFormModal.tsx';

/** One item: status with its reasons and any override beside it, KPIs, milestones, and the status history. */
export function ItemDrawer({ itemId, onClose, onChanged }: { itemId: string | undefined; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [tick, setTick] = useState(0);
  const [overriding, setOverriding] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [editing, setEditing] = useState(false);
  const d = useApiData((signal) => (itemId ? call(api.GET('/api/v1/project-items/{id}', { params: { path: { id: itemId } }, signal })) : Promise.resolve(undefined)), [itemId, tick]);
  const item = d.data;
  const changed = () => {
    setTick((n) => n + 1);
    onChanged();
  };
  return (
    <Drawer open={itemId !== undefined} onClose={onClose} size="large" title={item ? `${item.code} ${lang === 'en' && item.nameEn ? item.nameEn : item.name}` : ' '} destroyOnHidden data-testid="item-drawer">
      {d.error ? <LoadError error={d.error} onRetry={d.reload} /> : null}
      {!item ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={20}>
          <section data-testid="item-status">
            <Typography.Title level={5}>{t('projectsUi.drawer.status')}</Typography.Title>
            <StatusTag status={item.status} override={item.override} withReason />
            {item.override ? (
              <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 12 }}>
                {t('projectsUi.drawer.overrideBy', { by: item.override.by, at: formatDateTime(item.override.at, lang) })} · {t('projectsUi.drawer.computed', { status: t(`projectsUi.status.${item.computedStatus}`) })}
              </Typography.Paragraph>
            ) : null}
            <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
              {t('projectsUi.drawer.why')}
            </Typography.Text>
            {item.reasons.length ? (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="status-reasons">
                {item.reasons.map((r) => (
                  <li key={r.en} style={{ color: STATUS_COLORS[r.level] }}>
                    {lang === 'en' ? r.en : r.zh}
                  </li>
                ))}
              </ul>
            ) : (
              <Typography.Text type="secondary">{t('projectsUi.drawer.noReasons')}</Typography.Text>
            )}
            {item.actions.length ? (
              <Flex gap={8} style={{ marginTop: 12 }} wrap>
                <Button onClick={() => setEditing(true)} data-testid="edit-item">
                  {t('projectsUi.drawer.edit')}
                </Button>
                <Button onClick={() => setOverriding(true)} data-testid="override-status">
                  {t('projectsUi.drawer.override')}
                </Button>
                {item.actions.includes('clearOverride') ? (
                  <Button onClick={() => setClearing(true)} data-testid="clear-override">
                    {t('projectsUi.drawer.clearOverride')}
                  </Button>
                ) : null}
              </Flex>
            ) : null}
          </section>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('projectsUi.item.category')}>{t(`projectsUi.category.${item.category}`)}</Descriptions.Item>
            <Descriptions.Item label={t('projectsUi.item.unit')}>{item.responsibleUnit}</Descriptions.Item>
            <Descriptions.Item label={t('projectsUi.item.person')}>{[item.responsiblePerson, item.contactPhone].filter(Boolean).join(' · ')}</Descriptions.Item>
            <Descriptions.Item label={t('projectsUi.drawer.period')}>{`${item.startDate} ~ ${item.endDate}`}</Descriptions.Item>
            {item.budgetFen !== null ? <Descriptions.Item label={t('projectsUi.drawer.budget')}>{t('projectsUi.drawer.wan', { value: fenToWan(item.budgetFen) })}</Descriptions.Item> : null}
            {item.description ? <Descriptions.Item label={t('projectsUi.item.description')}>{item.description}</Descriptions.Item> : null}
          </Descriptions>
          {item.kpis.length ? (
            <section>
              <Typography.Title level={5}>{t('projectsUi.item.kpis')}</Typography.Title>
              <List
                size="small"
                dataSource={item.kpis}
                renderItem={(k) => (
                  <List.Item>
                    <Flex vertical style={{ width: '100%' }}>
                      <Flex justify="space-between" wrap>
                        <span>
                          {k.name}
                          {k.direction === 'lower' ? <Tag style={{ marginInlineStart: 6 }}>{t('projectsUi.item.kpiLower')}</Tag> : null}
                        </span>
                        <Typography.Text type="secondary">
                          {`${k.actual ?? '—'} / ${k.target} ${k.unit}`} · {k.dueDate}
                        </Typography.Text>
                      </Flex>
                      <Progress percent={Math.round(Math.max(0, k.attainment) * 100)} success={{ percent: 0 }} status={k.attainment >= 1 ? 'success' : k.attainment < k.expected ? 'exception' : 'active'} size="small" />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('projectsUi.item.expected', { value: Math.round(k.expected * 100) })}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </section>
          ) : null}
          {item.milestones.length ? (
            <section>
              <Typography.Title level={5}>{t('projectsUi.item.milestones')}</Typography.Title>
              <Steps
                orientation="vertical"
                size="small"
                items={item.milestones.map((m) => ({
                  title: m.name,
                  status: m.state === 'done' ? 'finish' : m.state === 'overdue' ? 'error' : m.state === 'due_soon' ? 'process' : 'wait',
                  content: `${m.plannedDate}${m.actualDate ? ` → ${m.actualDate}` : ''} · ${t(`projectsUi.milestoneState.${m.state}`)}${m.daysLate ? ` ${t('projectsUi.list.overdueTag', { count: m.daysLate })}` : ''}`,
                }))}
              />
            </section>
          ) : null}
          <section data-testid="status-history">
            <Typography.Title level={5}>{t('projectsUi.drawer.history')}</Typography.Title>
            <Timeline
              items={item.history.map((h) => ({
                color: STATUS_COLORS[h.toStatus],
                content: (
                  <>
                    <Flex gap={6} align="center" wrap>
                      <Tag>{t(`projectsUi.drawer.sources.${h.source}`)}</Tag>
                      {h.fromStatus ? `${t(`projectsUi.status.${h.fromStatus}`)} → ` : ''}
                      {t(`projectsUi.status.${h.toStatus}`)}
                    </Flex>
                    {h.reason ? <div>{h.reason}</div> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {`${h.actor} · ${formatDateTime(h.at, lang)}`}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          </section>
        </Flex>
      )}
      {item ? <OverrideModal open={overriding} item={item} onClose={() => setOverriding(false)} onDone={() => (setOverriding(false), changed())} /> : null}
      {item ? <ClearModal open={clearing} item={item} onClose={() => setClearing(false)} onDone={() => (setClearing(false), changed())} /> : null}
      {item && editing ? <ItemFormModal listId={item.listId} item={item} onClose={() => setEditing(false)} onSaved={() => (setEditing(false), changed())} /> : null}
    </Drawer>
  );
}

function OverrideModal({ open, item, onClose, onDone }: { open: boolean; item: ProjectItemDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ status: Status; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (v: { status: Status; reason: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/project-items/{id}/status-override', { params: { path: { id: item.id } }, body: { status: v.status, reason: v.reason ?? '' } }));
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('projectsUi.drawer.overrideTitle')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: busy, 'data-testid': 'override-ok' }} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('projectsUi.drawer.overrideHint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} data-testid="override-error" /> : null}
      <Form form={form} layout="vertical" initialValues={{ status: item.status }} onFinish={(v) => void submit(v)}>
        <Form.Item name="status" label={t('projectsUi.drawer.newStatus')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={STATUSES.map((s) => ({ value: s, label: t(`projectsUi.status.${s}`) }))} data-testid="override-choice" />
        </Form.Item>
        <Form.Item name="reason" label={t('projectsUi.drawer.reason')} rules={[{ required: true, whitespace: true, message: t('projectsUi.drawer.reasonRequired') }]} validateTrigger="onChange">
          <Input.TextArea rows={3} maxLength={2000} data-testid="override-reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ClearModal({ open, item, onClose, onDone }: { open: boolean; item: ProjectItemDetail; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/project-items/{id}/status-override/clear', { params: { path: { id: item.id } }, body: { reason: reason.trim() || null } }));
      setReason('');
      onDone();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('projectsUi.drawer.clearTitle')} onOk={() => void submit()} onCancel={onClose} okButtonProps={{ loading: busy }} destroyOnHidden>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Typography.Text>{t('projectsUi.drawer.clearReason')}</Typography.Text>
      <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
    </Modal>
  );
}
