import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="not-found-page">
      <Result
        status="404"
        title={t('errorsPage.notFoundTitle')}
        subTitle={t('errorsPage.notFoundDescription')}
        extra={
          <Button type="primary" onClick={() => void navigate(signedIn ? '/' : '/login')}>
            {signedIn ? t('common.backHome') : t('common.backToLogin')}
          </Button>
        }
      />
    </div>
  );
}
