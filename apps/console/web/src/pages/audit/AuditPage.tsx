import { PageHeader } from '../../components/States';

export function AuditPage() {
  return <PageHeader title="Audit log" />;
}
