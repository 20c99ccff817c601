import { PageHeader } from '../../components/States';

export function MembersPage() {
  return <PageHeader title="Members" />;
}
