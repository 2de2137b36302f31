import { AppLayout } from '../../layout/AppLayout.tsx';
import { PublicLayout } from '../../layout/PublicLayout.tsx';
import { useSession } from '../../session/SessionContext.ts';
import { FullPageLoading } from '../../components/FullPageLoading.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';

/** Unknown addresses: the 404 page inside the app when signed in, on the public layout otherwise. */
export function NotFoundRoute() {
  const { state } = useSession();
  if (state.status === 'loading') return <FullPageLoading />;
  if (state.status === 'signedIn') {
    return (
      <AppLayout>
        <NotFoundPage signedIn />
      </AppLayout>
    );
  }
  return (
    <PublicLayout>
      <NotFoundPage signedIn={false} />
    </PublicLayout>
  );
}
