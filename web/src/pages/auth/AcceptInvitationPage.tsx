import { TokenPasswordPage } from './TokenPasswordPage.tsx';

export default function AcceptInvitationPage() {
  return <TokenPasswordPage kind="invitation" />;
}
