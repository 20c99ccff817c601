import { PageHeader } from '../../components/States';

export function ProfilePage() {
  return <PageHeader title="Profile" />;
}
