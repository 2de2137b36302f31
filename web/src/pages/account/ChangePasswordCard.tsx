import { useState } from 'react';
import { App, Alert, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  newPasswordConfirm: string;
}

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const onFinish = async (v: PasswordForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/auth/password', { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }));
      form.resetFields();
      void message.success(t('account.passwordChanged'));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PASSWORD_WRONG') {
        form.setFields([{ name: 'currentPassword', errors: [errorText(err)] }]);
      } else if (err instanceof ApiError && err.code === 'PASSWORD_TOO_WEAK') {
        form.setFields([{ name: 'newPassword', errors: [errorText(err)] }]);
      } else if (!applyFieldErrors(form, err, ['currentPassword', 'newPassword'])) {
        setFailure(err);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card variant="borderless" title={t('account.changePassword')} style={{ height: '100%' }}>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
      <Form<PasswordForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={submitting} requiredMark={false}>
        {/* Lets password managers pair the new password with the account. */}
        <input type="text" name="username" autoComplete="username" hidden readOnly />
        <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true, message: t('validation.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" differentFrom="currentPassword" labels={{ password: t('account.newPassword'), confirm: t('account.confirmPassword') }} />
        <Button type="primary" htmlType="submit" loading={submitting}>
          {t('account.changePasswordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
