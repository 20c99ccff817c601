import { PageHeader } from '../../components/States';

export function MailPage() {
  return <PageHeader title="Mail" />;
}
