export {
  NotificationService,
  type Bilingual,
  type NotificationContent,
  type NotificationPage,
  type NotificationRow,
  type NotificationSubject,
  type NotifyInput,
  type NotifyResult,
} from './notify.service.ts';
