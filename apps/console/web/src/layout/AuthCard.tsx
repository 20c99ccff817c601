import { Anchor, Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Logo } from './Logo';

/** The centred card every signed-out page uses. */
export function AuthCard({ title, subtitle, children, footer, width = 440 }: {
  title: string; subtitle?: ReactNode; children: ReactNode; /** Under the card, such as a link to sign in instead. */ footer?: ReactNode; /** The card's maximum width in pixels. @default 440 */ width?: number;
}) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={width} gap="lg">
        <Center><Anchor component={Link} to="/" underline="never" c="inherit" aria-label="Roster home"><Logo size={32} /></Anchor></Center>
        <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }} radius="lg">
          <Stack gap="lg">
            <Box>
              <Title order={1} size="h3">{title}</Title>
              {subtitle !== undefined && <Text c="dimmed" size="sm" mt={6}>{subtitle}</Text>}
            </Box>
            {children}
          </Stack>
        </Paper>
        {footer !== undefined && <Text ta="center" size="sm" c="dimmed">{footer}</Text>}
      </Stack>
    </Center>
  );
}
