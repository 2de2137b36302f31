import { useEffect, useState } from 'react';
import { Alert, Checkbox, Empty, Flex, Form, Input, Modal, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { formatWan, type Batch } from './model.ts';

interface BatchForm {
  title: string;
  titleEn?: string;
  description?: string;
  challengeIds: string[];
}

/** Publishes approved challenges together as one list (榜单批次): they become public and open for applications. */
export function PublishBatchModal({ open, preselect, onClose, onPublished }: { open: boolean; preselect?: string; onClose: () => void; onPublished: (batch: Batch) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<BatchForm>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const approved = useApiData(
    (signal) => (open ? call(api.GET('/api/v1/challenges', { params: { query: { stage: 'approved', sort: 'deadline', pageSize: 100 } }, signal })) : Promise.resolve(undefined)),
    [open],
  );

  useEffect(() => {
    if (open && preselect) form.setFieldValue('challengeIds', [preselect]);
  }, [open, preselect, form]);

  const finish = async (v: BatchForm) => {
    setBusy(true);
    setFailure(null);
    try {
      const body = { title: v.title.trim(), challengeIds: v.challengeIds ?? [], ...(v.titleEn?.trim() ? { titleEn: v.titleEn.trim() } : {}), ...(v.description?.trim() ? { description: v.description.trim() } : {}) };
      const batch = await call(api.POST('/api/v1/challenge-batches', { body }));
      form.resetFields();
      onPublished(batch);
    } catch (err) {
      if (!applyFieldErrors(form, err, ['title', 'titleEn', 'description', 'challengeIds'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const items = approved.data?.items ?? [];
  return (
    <Modal
      open={open}
      width={640}
      title={t('challenges.publish.title')}
      okText={t('challenges.publish.ok')}
      okButtonProps={{ loading: busy, 'data-testid': 'publish-ok' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) {
          form.resetFields();
          setFailure(null);
        }
      }}
    >
      <Typography.Paragraph type="secondary">{t('challenges.publish.description')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form<BatchForm> form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy} initialValues={{ challengeIds: preselect ? [preselect] : [] }}>
        <Form.Item
          name="title"
          label={t('challenges.publish.batchTitle')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 200, message: t('challenges.editor.tooLong', { max: 200 }) },
          ]}
        >
          <Input placeholder={t('challenges.publish.batchTitlePlaceholder')} data-testid="batch-title" />
        </Form.Item>
        <Form.Item name="titleEn" label={<OptionalLabel label={t('challenges.publish.batchTitleEn')} />} rules={[{ max: 300, message: t('challenges.editor.tooLong', { max: 300 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={<OptionalLabel label={t('challenges.publish.batchDescription')} />}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        {approved.loading && !approved.data ? (
          <Spin />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.publish.noneApproved')} />
        ) : (
          <Form.Item name="challengeIds" label={t('challenges.publish.choose')} rules={[{ required: true, type: 'array', min: 1, message: t('challenges.publish.chooseRequired') }]}>
            <Checkbox.Group style={{ width: '100%' }} data-testid="batch-challenges">
              <Flex vertical gap={8}>
                {items.map((c) => (
                  <Checkbox key={c.id} value={c.id} data-testid={`batch-pick-${c.code}`}>
                    <span className="kc-mono">{c.code}</span> {c.terms.title}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                      {t('challenges.deadlineShort', { time: formatDateTime(c.terms.deadline, lang) })} · {t('challenges.wan', { value: formatWan(c.terms.budgetCapFen) })}
                    </Typography.Text>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
