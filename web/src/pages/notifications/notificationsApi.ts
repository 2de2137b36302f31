import { api, call, type Lang } from '../../api/client.ts';
import type { paths } from '../../api/schema';

type ListResponse = paths['/api/v1/notifications']['get']['responses'][200]['content']['application/json'];
export type Notification = ListResponse['items'][number];
export type NotificationList = ListResponse;

/** Said when notifications were read somewhere, so the bell and the page agree without waiting for a poll. */
const CHANGED = 'kc:notifications-changed';

export function announceNotificationsChanged() {
  window.dispatchEvent(new Event(CHANGED));
}

export function onNotificationsChanged(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

export function titleOf(n: Notification, lang: Lang): string {
  return lang === 'en' ? n.title.en : n.title.zh;
}

export function bodyOf(n: Notification, lang: Lang): string {
  return lang === 'en' ? n.body.en : n.body.zh;
}

export function listNotifications(query: { unread?: boolean; limit?: number; cursor?: string }, signal?: AbortSignal) {
  return call(api.GET('/api/v1/notifications', { params: { query }, signal }));
}

export function unreadCount(signal?: AbortSignal) {
  return call(api.GET('/api/v1/notifications/unread-count', { signal }));
}

export async function markRead(id: string) {
  const n = await call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
  announceNotificationsChanged();
  return n;
}

export async function markAllRead() {
  const r = await call(api.POST('/api/v1/notifications/read-all'));
  announceNotificationsChanged();
  return r;
}
