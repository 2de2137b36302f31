import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Badge, Button, Card, Empty, Flex, Segmented, Spin, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useNotifyError } from '../../lib/errors.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { bodyOf, listNotifications, markAllRead, markRead, titleOf, type Notification } from './notificationsApi.ts';

const PAGE = 20;

type Filter = 'all' | 'unread';

/** All my notifications, newest first, paged by the server's keyset cursor ("load more"). */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const { token } = theme.useToken();
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<Notification[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setItems([]);
    setCursor(null);
    listNotifications({ unread: filter === 'unread' ? true : undefined, limit: PAGE }, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [filter, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await listNotifications({ unread: filter === 'unread' ? true : undefined, limit: PAGE, cursor });
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      notifyError(err);
    } finally {
      setLoading(false);
    }
  };

  const open = async (n: Notification) => {
    try {
      if (!n.readAt) {
        const read = await markRead(n.id);
        setItems((prev) => prev.map((x) => (x.id === n.id ? read : x)));
      }
      if (n.link) void navigate(n.link);
    } catch (err) {
      notifyError(err);
    }
  };

  const onMarkAll = async () => {
    try {
      const r = await markAllRead();
      void message.success(t('notifications.markedAllRead', { count: r.updated }));
      reload();
    } catch (err) {
      notifyError(err);
    }
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle')}
        extra={
          <Button onClick={() => void onMarkAll()} data-testid="notifications-mark-all">
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card variant="borderless">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unreadOnly') },
          ]}
          style={{ marginBottom: 16 }}
          data-testid="notifications-filter"
        />
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <div data-testid="notifications-list">
          {!loading && !error && items.length === 0 ? (
            <Empty description={filter === 'unread' ? t('notifications.emptyUnread') : t('notifications.empty')} />
          ) : null}
          {items.map((n) => (
            <div
              key={n.id}
              data-testid="notifications-row"
              data-unread={n.readAt ? undefined : 'true'}
              role={n.link || !n.readAt ? 'button' : undefined}
              tabIndex={n.link || !n.readAt ? 0 : undefined}
              onClick={() => void open(n)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void open(n);
              }}
              style={{
                padding: '12px 16px',
                borderBottom: `1px solid ${token.colorBorderSecondary}`,
                cursor: n.link || !n.readAt ? 'pointer' : 'default',
                background: n.readAt ? undefined : token.colorPrimaryBg,
              }}
            >
              <Flex justify="space-between" gap={12} wrap>
                <Flex gap={8} align="baseline" style={{ minWidth: 0, flex: 1 }}>
                  {n.readAt ? null : <Badge status="processing" />}
                  <Typography.Text strong={!n.readAt}>{titleOf(n, lang)}</Typography.Text>
                </Flex>
                <Flex gap={8} align="center">
                  <Tag color={n.readAt ? 'default' : 'blue'} style={{ marginInlineEnd: 0 }}>
                    {n.readAt ? t('notifications.read') : t('notifications.unread')}
                  </Tag>
                  <Typography.Text type="secondary">{formatDateTime(n.createdAt, lang)}</Typography.Text>
                </Flex>
              </Flex>
              {bodyOf(n, lang) ? (
                <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', whiteSpace: 'pre-line' }}>
                  {bodyOf(n, lang)}
                </Typography.Paragraph>
              ) : null}
            </div>
          ))}
        </div>
        <Flex justify="center" style={{ marginTop: 16 }}>
          {loading ? (
            <Spin />
          ) : cursor ? (
            <Button onClick={() => void loadMore()} data-testid="notifications-more">
              {t('notifications.loadMore')}
            </Button>
          ) : items.length > 0 ? (
            <Typography.Text type="secondary">{t('notifications.end')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </>
  );
}
