import { useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors.ts';

/** Asks for a reason (required), then runs the command; the server's refusal is shown in the dialog. */
export function ReasonModal({
  open,
  title,
  description,
  okText,
  danger,
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  description?: string;
  okText: string;
  danger?: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const finish = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await onSubmit(reason.trim());
      form.resetFields();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, loading: busy, 'data-testid': 'reason-ok' }}
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
      {description ? <Typography.Paragraph type="secondary">{description}</Typography.Paragraph> : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy}>
        <Form.Item
          name="reason"
          label={t('challenges.reason')}
          rules={[
            { required: true, whitespace: true, message: t('challenges.reasonRequired') },
            { max: 5000, message: t('challenges.reasonTooLong') },
          ]}
        >
          <Input.TextArea rows={4} showCount maxLength={5000} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
