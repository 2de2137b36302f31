import { TokenPasswordPage } from './TokenPasswordPage.tsx';

export default function ResetPasswordPage() {
  return <TokenPasswordPage kind="reset" />;
}
