import { Box, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconHelpCircle, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../../api/client';
import { errorMessage } from '../../../api/messages';
import { usePermissions } from '../../../api/queries';
import type { Decision, Member } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { ResourceSelect, type ResourceChoice } from '../../../components/ResourcePicker';
import { Section } from '../../../components/Section';
import { formatDate } from '../../../format';
import { useOrg } from '../../../org-context';
import { groupByArea } from '../../roles/permissions';
import { memberName } from '../member-rules';

type Step = NonNullable<Decision['explanation']>['chain'][number];

const STEP_LABELS: Record<Step['step'], string> = {
  membership: 'Membership',
  role: 'Role',
  grant: 'Grant',
  permission: 'Permission',
  resource: 'Resource',
};

/** A question asked: the permission, and the resource or null for the organization as a whole. */
interface Question {
  permission: string;
  resource: ResourceChoice | null;
}

/** "Why can Alice export on Queue 7?": asks the authorization API to explain one decision, step by step. */
export function ExplainPanel({ member, typeNames }: { member: Member; /** Resource type names by key. */ typeNames: ReadonlyMap<string, string> }) {
  const { orgId } = useOrg();
  const catalogue = usePermissions();
  const [permission, setPermission] = useState<string | null>(null);
  const [resource, setResource] = useState<ResourceChoice | null>(null);
  const [missing, setMissing] = useState(false);
  const explain = useMutation({
    mutationFn: (question: Question) => api.post<Decision>(`/orgs/${orgId}/authorize`, {
      memberId: member.id,
      permission: question.permission,
      ...(question.resource !== null && { resource: { id: question.resource.id } }),
      explain: true,
    }),
  });
  const name = memberName(member);
  const describe = useMemo(() => new Map((catalogue.data?.items ?? []).map((entry) => [entry.name, entry.description.replace(/\.$/, '')])), [catalogue.data]);
  const data = useMemo(() => groupByArea(catalogue.data?.items ?? []).map((area) => ({
    group: area.label,
    items: area.permissions.map((entry) => ({ value: entry.name, label: describe.get(entry.name) ?? entry.name })),
  })), [catalogue.data, describe]);

  return (
    <Section
      id="member-explain"
      title="Explain a decision"
      description={`Ask whether ${name} may do something, on one resource or in the whole organization, and see each step of the answer — as the product gets it from Roster.`}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (permission === null) {
            setMissing(true);
            return;
          }
          explain.mutate({ permission, resource });
        }}
      >
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label="Permission"
              description="What to ask about."
              placeholder="Search, e.g. export"
              searchable
              data={data}
              value={permission}
              onChange={(value) => {
                setPermission(value);
                setMissing(false);
              }}
              error={missing ? 'Choose what to ask about' : undefined}
              disabled={catalogue.data === undefined}
              maxDropdownHeight={320}
              comboboxProps={{ keepMounted: false }}
              renderOption={({ option }) => (
                <Stack gap={0} py={2}>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed" ff="monospace" aria-hidden>{option.value}</Text>
                </Stack>
              )}
            />
            <ResourceSelect
              label="Resource"
              placeholder="None: the whole organization"
              description="Optional. Search by name or external id."
              typeNames={typeNames}
              value={resource}
              onChange={setResource}
              clearable
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" leftSection={<IconHelpCircle size={16} aria-hidden />} loading={explain.isPending}>Explain</Button>
          </Group>
        </Stack>
      </form>
      <div aria-live="polite">
        {explain.isError && <FormError>{errorMessage(explain.error)}</FormError>}
        {explain.data !== undefined && explain.variables !== undefined && !explain.isPending && (
          <Answer decision={explain.data} question={explain.variables} name={name} permissionLabel={describe.get(explain.variables.permission)} />
        )}
      </div>
    </Section>
  );
}

function Answer({ decision, question, name, permissionLabel }: { decision: Decision; question: Question; name: string; permissionLabel?: string }) {
  const explanation = decision.explanation;
  const color = decision.allowed ? 'teal' : 'red';
  return (
    <Paper
      withBorder
      radius="md"
      p={{ base: 'sm', sm: 'md' }}
      data-decision={decision.allowed ? 'allowed' : 'denied'}
      data-reason={decision.reason}
      style={{ borderColor: `var(--mantine-color-${color}-4)` }}
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon size={36} radius="xl" color={color} variant="light">
            {decision.allowed ? <IconCheck size={20} aria-hidden /> : <IconX size={20} aria-hidden />}
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Title order={3} size="h4" c={decision.allowed ? 'teal.9' : 'red.9'}>{decision.allowed ? 'Allowed' : 'Denied'}</Title>
            <Text size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
              {name} · <Code c="gray.8">{question.permission}</Code>{permissionLabel === undefined ? '' : ` (${permissionLabel})`} ·{' '}
              {question.resource === null ? 'the whole organization' : question.resource.name}
            </Text>
          </Stack>
        </Group>
        {explanation !== undefined && (
          <>
            {/* The title already says Allowed or Denied; the API's sentence starts with it too. */}
            <Text size="sm" fw={500} data-summary>{explanation.summary.replace(/^(Allowed|Denied):\s*/, '')}</Text>
            <Box component="ol" aria-label="How the answer was reached" m={0} p={0} style={{ listStyle: 'none' }}>
              {explanation.chain.map((step, index) => (
                <ChainStep key={`${step.step}-${index}`} step={step} last={index === explanation.chain.length - 1} />
              ))}
            </Box>
            {(explanation.role !== null || explanation.membershipExpiresAt !== null) && (
              <Group gap="lg" wrap="wrap">
                {explanation.role !== null && <Text size="xs" c="gray.7">Deciding role: <b>{explanation.role.name}</b></Text>}
                {explanation.grant?.expiresAt !== null && explanation.grant?.expiresAt !== undefined && (
                  <Text size="xs" c="gray.7">The grant ends on {formatDate(explanation.grant.expiresAt)}</Text>
                )}
                {explanation.membershipExpiresAt !== null && (
                  <Text size="xs" c="gray.7">The membership ends on {formatDate(explanation.membershipExpiresAt)}</Text>
                )}
              </Group>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function ChainStep({ step, last }: { step: Step; last: boolean }) {
  const color = step.ok ? 'teal' : 'red';
  return (
    <Box component="li" data-step={step.step} data-ok={String(step.ok)} style={{ display: 'flex', gap: 12 }}>
      <Box style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', flexShrink: 0 }}>
        <ThemeIcon size={24} radius="xl" color={color} variant={step.ok ? 'light' : 'filled'}>
          {step.ok ? <IconCheck size={14} aria-hidden /> : <IconX size={14} aria-hidden />}
        </ThemeIcon>
        {!last && <Box aria-hidden style={{ width: 2, flex: 1, minHeight: 12, background: 'var(--mantine-color-gray-3)' }} />}
      </Box>
      <Stack gap={0} pb={last ? 0 : 'sm'} style={{ minWidth: 0 }}>
        <Text size="sm" fw={600}>
          {STEP_LABELS[step.step]}<VisuallyHidden>: {step.ok ? 'passed' : 'did not pass'}</VisuallyHidden>
        </Text>
        <Text size="sm" c="gray.8" style={{ overflowWrap: 'anywhere' }}>{step.detail}</Text>
      </Stack>
    </Box>
  );
}
