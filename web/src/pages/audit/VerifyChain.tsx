import { useState } from 'react';
import { Alert, Button, Descriptions, Flex, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { VerifyResult } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useNotifyError } from '../../lib/errors.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';

/** The "verify chain" button and its result, for the audit log and the auditor's home. */
export function useVerifyChain() {
  const notifyError = useNotifyError();
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [running, setRunning] = useState(false);
  const verify = async () => {
    setRunning(true);
    try {
      setResult(await call(api.POST('/api/v1/audit/verify')));
    } catch (err) {
      notifyError(err);
    } finally {
      setRunning(false);
    }
  };
  return { result, running, verify, clear: () => setResult(null) };
}

export function VerifyButton({ running, onClick, type = 'default' }: { running: boolean; onClick: () => void; type?: 'default' | 'primary' }) {
  const { t } = useTranslation();
  return (
    <Button type={type} icon={<SafetyCertificateOutlined />} loading={running} onClick={onClick} data-testid="verify-chain">
      {running ? t('audit.verifying') : t('audit.verify')}
    </Button>
  );
}

export function VerifyResultAlert({ result, onClose }: { result: VerifyResult; onClose?: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const details = (
    <Descriptions
      size="small"
      column={1}
      style={{ marginTop: 8 }}
      items={[
        {
          key: 'head',
          label: t('audit.headHash'),
          children: (
            <Typography.Text className="kc-mono" copyable>
              {result.headHash}
            </Typography.Text>
          ),
        },
        { key: 'at', label: t('audit.verifiedAt'), children: formatDateTime(result.verifiedAt, lang, true) },
      ]}
    />
  );
  if (result.ok) {
    return (
      <Alert
        type="success"
        showIcon
        closable={onClose ? { onClose } : false}
        title={t('audit.verifyOkTitle')}
        description={
          <Flex vertical>
            <span>{t('audit.verifyOkDescription', { events: formatNumber(result.events, lang) })}</span>
            {details}
          </Flex>
        }
        style={{ marginBottom: 16 }}
        data-testid="verify-ok"
      />
    );
  }
  const broken = result.broken;
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose ? { onClose } : false}
      title={t('audit.verifyBrokenTitle')}
      description={
        <Flex vertical>
          {broken ? (
            <Typography.Text strong>
              {t('audit.verifyBrokenDescription', { chainSeq: broken.chainSeq, id: broken.id, reason: t(`brokenReasons.${broken.reason}`) })}
            </Typography.Text>
          ) : null}
          {details}
        </Flex>
      }
      style={{ marginBottom: 16 }}
      data-testid="verify-broken"
    />
  );
}
