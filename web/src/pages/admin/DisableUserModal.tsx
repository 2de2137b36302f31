import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { User } from '../../api/types.ts';
import { useErrorText } from '../../lib/errors.ts';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';

export function DisableUserModal({ user, onClose, onDisabled }: { user: User | null; onClose: () => void; onDisabled: (user: User) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const onFinish = async ({ reason }: { reason?: string }) => {
    if (!user) return;
    setSubmitting(true);
    setFailure(null);
    try {
      const trimmed = reason?.trim();
      const saved = await call(api.POST('/api/v1/users/{id}/disable', { params: { path: { id: user.id } }, body: trimmed ? { reason: trimmed } : {} }));
      onDisabled(saved);
    } catch (err) {
      setFailure(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={t('users.disableTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.disableConfirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          form.resetFields();
          setFailure(null);
        }
      }}
    >
      {user ? <Typography.Paragraph>{t('users.disableDescription', { name: user.displayName, email: user.email })}</Typography.Paragraph> : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={submitting}>
        <Form.Item name="reason" label={<OptionalLabel label={t('users.disableReason')} />} rules={[{ max: 500, message: t('validation.reasonLength') }]}>
          <Input.TextArea rows={3} showCount maxLength={500} placeholder={t('users.disableReasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
