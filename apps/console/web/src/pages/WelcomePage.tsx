import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconBuildingPlus, IconMailOpened } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useMe } from '../api/queries';
import { CreateOrganizationForm } from '../components/CreateOrganizationForm';

/** Where a signed-in person with no organization lands: create one, or open an invitation. */
export function WelcomePage() {
  const me = useMe();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { link: '' },
    validate: { link: (value) => (invitationPath(value) === null ? 'Paste the whole link from the invitation email' : null) },
  });
  return (
    <Stack maw={880} mx="auto" gap="lg" mt="md">
      <div>
        <Title order={1} size="h2">Welcome{me.data ? `, ${me.data.user.firstName}` : ''}</Title>
        <Text c="dimmed" mt={4}>You are not a member of any organization yet. You can do one of two things.</Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg" radius="lg">
          <Stack gap="md">
            <Group gap="sm"><ThemeIcon variant="light" size={36} radius="md" aria-hidden><IconBuildingPlus size={20} /></ThemeIcon><Title order={2} size="h4">Create an organization</Title></Group>
            <Text size="sm" c="dimmed">You become its owner and can invite your team.</Text>
            <CreateOrganizationForm />
          </Stack>
        </Paper>
        <Paper withBorder p="lg" radius="lg">
          <Stack gap="md">
            <Group gap="sm"><ThemeIcon variant="light" size={36} radius="md" color="teal" aria-hidden><IconMailOpened size={20} /></ThemeIcon><Title order={2} size="h4">Open an invitation</Title></Group>
            <Text size="sm" c="dimmed">Were you invited? Open the link in the invitation email, or paste it here.</Text>
            <form noValidate onSubmit={form.onSubmit((values) => void navigate(invitationPath(values.link) ?? '/'))}>
              <Stack gap="md">
                <TextInput label="Invitation link" placeholder="https://…/invitations/…" {...form.getInputProps('link')} />
                <Group justify="flex-end"><Button type="submit" variant="light">Open invitation</Button></Group>
              </Stack>
            </form>
          </Stack>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/** The console path of an invitation or invite link pasted by a person. */
function invitationPath(value: string): string | null {
  const match = /\/(invitations|join)\/([A-Za-z0-9_-]{8,200})\/?$/.exec(value.trim());
  return match === null ? null : `/${match[1]}/${match[2]}`;
}
