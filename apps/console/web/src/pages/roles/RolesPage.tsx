import { PageHeader } from '../../components/States';

export function RolesPage() {
  return <PageHeader title="Roles" />;
}
