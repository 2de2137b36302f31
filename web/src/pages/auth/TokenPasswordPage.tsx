import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Flex, Form, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';

interface TokenForm {
  password: string;
  passwordConfirm: string;
}

/** Setting a password from an e-mailed link: a password reset or an invitation. */
export function TokenPasswordPage({ kind }: { kind: 'reset' | 'invitation' }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [form] = Form.useForm<TokenForm>();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const texts =
    kind === 'reset'
      ? { title: t('reset.title'), description: t('reset.description'), submit: t('reset.submit'), doneTitle: t('reset.doneTitle'), doneDescription: t('reset.doneDescription') }
      : {
          title: t('invitation.title'),
          description: t('invitation.description'),
          submit: t('invitation.submit'),
          doneTitle: t('invitation.doneTitle'),
          doneDescription: t('invitation.doneDescription'),
        };

  if (token.length < 20) {
    return (
      <Result
        status="warning"
        title={t('reset.missingTokenTitle')}
        subTitle={t('reset.missingTokenDescription')}
        extra={
          <Flex gap={16} justify="center" wrap>
            {kind === 'reset' ? <Link to="/forgot-password">{t('reset.requestAgain')}</Link> : null}
            <Link to="/login">{t('common.backToLogin')}</Link>
          </Flex>
        }
      />
    );
  }

  if (done) {
    return (
      <Result
        status="success"
        title={texts.doneTitle}
        subTitle={texts.doneDescription}
        extra={
          <Link to="/login">
            <Button type="primary">{t('login.submit')}</Button>
          </Link>
        }
      />
    );
  }

  const onFinish = async (values: TokenForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const body = { token, password: values.password };
      await call(kind === 'reset' ? api.POST('/api/v1/auth/password-reset/confirm', { body }) : api.POST('/api/v1/auth/invitations/accept', { body }));
      setDone(true);
    } catch (err) {
      applyFieldErrors(form, err, ['password']);
      setFailure(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {texts.title}
        </Typography.Title>
        <Typography.Text type="secondary">{texts.description}</Typography.Text>
      </div>
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={errorText(failure)}
          action={kind === 'reset' ? <Link to="/forgot-password">{t('reset.requestAgain')}</Link> : undefined}
        />
      ) : null}
      <Form<TokenForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void onFinish(v)} disabled={submitting} size="large">
        <NewPasswordFields labels={{ password: t('reset.newPassword'), confirm: t('reset.confirmPassword') }} />
        <Button type="primary" htmlType="submit" block loading={submitting}>
          {texts.submit}
        </Button>
      </Form>
      <Flex justify="center">
        <Link to="/login">{t('common.backToLogin')}</Link>
      </Flex>
    </Flex>
  );
}
