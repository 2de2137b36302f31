import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  children: ReactNode;
  /** A new key (e.g. the path) clears the error, so navigating away recovers. */
  resetKey?: string;
}

interface State {
  error: Error | null;
  key: string | undefined;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    return this.state.error ? <Crashed /> : this.props.children;
  }
}

function Crashed() {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('errorsPage.crashTitle')}
      subTitle={t('errorsPage.crashDescription')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('errorsPage.reload')}
        </Button>
      }
    />
  );
}
