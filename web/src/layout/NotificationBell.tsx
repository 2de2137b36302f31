import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Divider, Empty, Flex, Popover, Spin, Typography, theme } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.ts';
import { formatDateTime } from '../lib/format.ts';
import { useNotifyError } from '../lib/errors.ts';
import {
  bodyOf,
  listNotifications,
  markAllRead,
  markRead,
  onNotificationsChanged,
  titleOf,
  unreadCount,
  type Notification,
} from '../pages/notifications/notificationsApi.ts';

/** How often the unread count is asked for while the tab is visible. */
const POLL_MS = 45_000;
const LATEST = 8;

/** The bell in the top bar: unread count (polled), the latest notifications, "mark all read". */
export function NotificationBell() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { token } = theme.useToken();
  const [count, setCount] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [busy, setBusy] = useState(false);

  const refreshCount = useCallback(async () => {
    try {
      setCount((await unreadCount()).count);
    } catch {
      // A missed poll is not worth a message; a 401 ends the session through the client's listener.
    }
  }, []);

  const loadLatest = useCallback(async () => {
    try {
      setItems((await listNotifications({ limit: LATEST })).items);
    } catch (err) {
      setItems([]);
      notifyError(err);
    }
  }, [notifyError]);

  useEffect(() => {
    void refreshCount();
    const id = window.setInterval(() => {
      if (!document.hidden) void refreshCount();
    }, POLL_MS);
    const onVisible = () => {
      if (!document.hidden) void refreshCount();
    };
    document.addEventListener('visibilitychange', onVisible);
    const off = onNotificationsChanged(() => void refreshCount());
    return () => {
      window.clearInterval(id);
      document.removeEventListener('visibilitychange', onVisible);
      off();
    };
  }, [refreshCount]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setItems(null);
      void loadLatest();
      void refreshCount();
    }
  };

  const openItem = async (n: Notification) => {
    setOpen(false);
    try {
      if (!n.readAt) await markRead(n.id);
    } catch (err) {
      notifyError(err);
    }
    if (n.link) void navigate(n.link);
  };

  const onMarkAll = async () => {
    setBusy(true);
    try {
      await markAllRead();
      await loadLatest();
    } catch (err) {
      notifyError(err);
    } finally {
      setBusy(false);
    }
  };

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ paddingBottom: 8 }}>
        <Typography.Text strong>{t('notifications.latest')}</Typography.Text>
        <Button type="link" size="small" disabled={count === 0} loading={busy} onClick={() => void onMarkAll()} data-testid="notification-mark-all" style={{ paddingInline: 0 }}>
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      <div style={{ maxHeight: 400, overflowY: 'auto', marginInline: -12 }}>
        {items === null ? (
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin />
          </Flex>
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
        ) : (
          items.map((n) => (
            <div
              key={n.id}
              role="button"
              tabIndex={0}
              data-testid="notification-item"
              data-unread={n.readAt ? undefined : 'true'}
              onClick={() => void openItem(n)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  void openItem(n);
                }
              }}
              style={{ padding: '8px 12px', cursor: 'pointer', borderRadius: token.borderRadius, background: n.readAt ? undefined : token.colorPrimaryBg }}
            >
              <Flex gap={8} align="baseline">
                {n.readAt ? null : <Badge status="processing" />}
                <Typography.Text strong={!n.readAt} ellipsis style={{ flex: 1, minWidth: 0 }}>
                  {titleOf(n, lang)}
                </Typography.Text>
              </Flex>
              {bodyOf(n, lang) ? (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0 0', fontSize: token.fontSizeSM }}>
                  {bodyOf(n, lang)}
                </Typography.Paragraph>
              ) : null}
              <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                {formatDateTime(n.createdAt, lang)}
              </Typography.Text>
            </div>
          ))
        )}
      </div>
      <Divider style={{ margin: '8px 0' }} />
      <Flex justify="center">
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            void navigate('/notifications');
          }}
          data-testid="notification-view-all"
        >
          {t('notifications.viewAll')}
        </Button>
      </Flex>
    </div>
  );

  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');
  return (
    <Popover content={content} trigger="click" placement="bottomRight" open={open} onOpenChange={onOpenChange} arrow={false}>
      <Button type="text" aria-label={label} title={label} data-testid="notification-bell" data-count={count} style={{ height: 40, width: 40 }}>
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
