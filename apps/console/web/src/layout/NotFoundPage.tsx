import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { AuthCard } from './AuthCard';

/** Shown for an address the console does not know. */
export function NotFoundPage() {
  return (
    <AuthCard title="Page not found" subtitle="The address may be mistyped, or the page may have moved.">
      <Button component={Link} to="/">Go to Roster</Button>
    </AuthCard>
  );
}
