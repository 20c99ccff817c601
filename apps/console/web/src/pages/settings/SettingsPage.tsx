import { PageHeader } from '../../components/States';

export function SettingsPage() {
  return <PageHeader title="Settings" />;
}
