import { ActionIcon, Box, Button, Code, CloseButton, Group, Menu, Paper, Select, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconArrowMoveRight, IconDotsVertical, IconFilterOff, IconPencil, IconPlus, IconSearch, IconStack2, IconTrash,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { keys, useResourceTypes } from '../../../api/queries';
import type { Resource, ResourceType } from '../../../api/types';
import { LoadMore, useCursorPages } from '../../../components/CursorList';
import { NoAccess } from '../../../components/NoAccess';
import { Section } from '../../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDate, plural, typeNoun } from '../../../format';
import { useOrg } from '../../../org-context';
import { SettingsFrame } from '../SettingsFrame';
import { AddResourceModal, DeleteResourceModal, DeleteTypeModal, EditResourceModal, TypeFormModal } from './ResourceDialogs';
import { useResourcesById } from './resource-api';

const ALL = 'all';

/** Settings → Resources: the kinds of resource the product registers, and the resources themselves. */
export function ResourcesPage() {
  const { orgId, can } = useOrg();
  const allowed = can('resources.manage');
  const types = useResourceTypes(orgId, allowed);
  const description = 'The product’s resources (queues, sites, projects…) that members can be given access to.';
  if (!allowed) return <SettingsFrame description={description}><NoAccess what="the organization's resources" /></SettingsFrame>;
  if (types.isPending) return <SettingsFrame description={description}><LoadingState label="Loading resources…" /></SettingsFrame>;
  if (types.isError) return <SettingsFrame description={description}><ErrorState error={types.error} onRetry={() => void types.refetch()} /></SettingsFrame>;
  return (
    <SettingsFrame description={description}>
      <Stack gap="lg">
        <TypesSection types={types.data} />
        <ResourcesSection types={types.data} />
      </Stack>
    </SettingsFrame>
  );
}

function TypesSection({ types }: { types: ResourceType[] }) {
  const { orgId } = useOrg();
  // `undefined`: closed; `null`: adding; a type: renaming it.
  const [editing, setEditing] = useState<ResourceType | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<ResourceType | null>(null);
  return (
    <Section
      id="resource-types"
      title="Resource types"
      description="What the product calls each kind of resource. Access is given per type: some queues, every existing queue, or every queue."
      aside={<Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing(null)}>Add type</Button>}
    >
      {types.length === 0 ? (
        <EmptyState
          icon={<IconStack2 size={26} />}
          title="No resource types yet"
          description={<>Add one here, or let the product create it with <Code>POST /api/v1/orgs/{orgId}/resource-types</Code>.</>}
        />
      ) : (
        <Box component="ul" aria-label="Resource types" m={0} p={0} style={{ listStyle: 'none' }}>
          {types.map((type, index) => (
            <Box
              component="li"
              key={type.id}
              py="sm"
              data-type-key={type.key}
              style={index === 0 ? undefined : { borderTop: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Group gap="sm" wrap="wrap" style={{ flex: '1 1 260px', minWidth: 0 }}>
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{type.name}</Text>
                  <Code c="gray.8">{type.key}</Code>
                  <Text size="sm" c="gray.7">{plural(type.resourceCount, typeNoun(type.name), typeNoun(type.name, true))}</Text>
                </Group>
                <Group gap="xs">
                  <Button variant="default" size="xs" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(type)}>
                    Rename<VisuallyHidden> {type.name}</VisuallyHidden>
                  </Button>
                  <Button variant="default" size="xs" c="red.9" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setDeleting(type)}>
                    Delete<VisuallyHidden> {type.name}</VisuallyHidden>
                  </Button>
                </Group>
              </Group>
            </Box>
          ))}
        </Box>
      )}
      <TypeFormModal opened={editing !== undefined} type={editing ?? null} onClose={() => setEditing(undefined)} />
      <DeleteTypeModal type={deleting} onClose={() => setDeleting(null)} />
    </Section>
  );
}

function ResourcesSection({ types }: { types: ResourceType[] }) {
  const { orgId } = useOrg();
  const [type, setType] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const params = { type: type ?? undefined, q: q === '' ? undefined : q };
  const { query, items } = useCursorPages<Resource>({
    queryKey: [...keys.resources(orgId), 'list', params],
    path: `/orgs/${orgId}/resources`,
    params,
    enabled: true,
  });
  const typeNames = useMemo(() => new Map(types.map((entry) => [entry.key, entry.name])), [types]);
  const loadedById = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const unknownParents = [...new Set(items.flatMap((item) => item.parentId === null || loadedById.has(item.parentId) ? [] : [item.parentId]))];
  const fetchedParents = useResourcesById(orgId, unknownParents);
  const parentOf = (resource: Resource) => (resource.parentId === null ? undefined
    : loadedById.get(resource.parentId) ?? fetchedParents.get(resource.parentId));

  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<{ resource: Resource; action: 'rename' | 'move' } | null>(null);
  const [deleting, setDeleting] = useState<Resource | null>(null);
  const filtered = type !== null || q !== '';
  const total = types.reduce((sum, entry) => sum + entry.resourceCount, 0);

  let body;
  if (query.isPending) {
    body = <LoadingState label="Loading resources…" />;
  } else if (query.data === undefined) {
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  } else if (items.length === 0) {
    body = filtered ? (
      <EmptyState
        icon={<IconSearch size={26} />}
        title="No resources match"
        description={q === '' ? 'There are no resources of this type yet.' : `No resource's name or external id contains “${q}”${type === null ? '' : ' with this type'}.`}
        action={<Button variant="default" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={() => { setType(null); setSearch(''); }}>Clear filters</Button>}
      />
    ) : (
      <EmptyState
        icon={<IconStack2 size={26} />}
        title="No resources yet"
        description={(
          <>
            The product usually registers its resources itself, with an API token: <Code>PUT /api/v1/orgs/{orgId}/resources/by-external-id/{'{type}'}/{'{externalId}'}</Code>{' '}
            and a name creates the resource, or updates it when it exists. You can also add one here.
          </>
        )}
      />
    );
  } else {
    body = (
      <Table aria-label="Resources" verticalSpacing="sm" layout="fixed" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th w={140} visibleFrom="sm">Type</Table.Th>
            <Table.Th w={200} visibleFrom="md">Inside</Table.Th>
            <Table.Th w={130} visibleFrom="lg">Updated</Table.Th>
            <Table.Th w={56}><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((resource) => (
            <ResourceRow
              key={resource.id}
              resource={resource}
              typeName={typeNames.get(resource.type) ?? resource.type}
              parent={parentOf(resource)}
              onRename={() => setEditing({ resource, action: 'rename' })}
              onMove={() => setEditing({ resource, action: 'move' })}
              onDelete={() => setDeleting(resource)}
            />
          ))}
        </Table.Tbody>
      </Table>
    );
  }

  return (
    <Section
      id="resources"
      title="Resources"
      description={types.length === 0
        ? 'Resources belong to a type: add a resource type first.'
        : `${plural(total, 'resource')} in all, by name. Nested resources are reached through the one they sit in.`}
      aside={(
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)} disabled={types.length === 0}>
          Add resource
        </Button>
      )}
    >
      {/* With nothing registered yet, the explanation stands alone: there is nothing to search or filter. */}
      {items.length === 0 && !filtered && !query.isPending ? body : (
        <>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              aria-label="Search resources"
              placeholder="Search by name or external id"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              leftSection={<IconSearch size={16} aria-hidden />}
              rightSection={search === '' ? null : <CloseButton size="sm" aria-label="Clear search" onClick={() => setSearch('')} />}
              style={{ flex: '1 1 220px', maxWidth: 420 }}
            />
            <Select
              aria-label="Type"
              data={[{ value: ALL, label: 'All types' }, ...types.map((entry) => ({ value: entry.key, label: `${entry.name} (${entry.resourceCount.toLocaleString('en')})` }))]}
              value={type ?? ALL}
              onChange={(value) => setType(value === null || value === ALL ? null : value)}
              allowDeselect={false}
              comboboxProps={{ keepMounted: false }}
              w={{ base: '100%', xs: 220 }}
            />
          </Group>
          <Paper withBorder radius="md" style={{ overflow: 'clip' }}>{body}</Paper>
        </>
      )}
      <LoadMore query={query} count={items.length} noun="resource" complete=": all of them" />
      <AddResourceModal opened={adding} types={types} defaultType={type} onClose={() => setAdding(false)} />
      <EditResourceModal edit={editing} typeNames={typeNames} parent={editing === null ? undefined : parentOf(editing.resource)} onClose={() => setEditing(null)} />
      <DeleteResourceModal resource={deleting} onClose={() => setDeleting(null)} />
    </Section>
  );
}

function ResourceRow({ resource, typeName, parent, onRename, onMove, onDelete }: {
  resource: Resource;
  typeName: string;
  parent: Resource | undefined;
  onRename: () => void;
  onMove: () => void;
  onDelete: () => void;
}) {
  const parentName = resource.parentId === null ? null : parent?.name ?? '…';
  return (
    <Table.Tr data-resource-id={resource.id} data-external-id={resource.externalId}>
      <Table.Td style={{ minWidth: 0 }}>
        <Stack gap={1} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{resource.name}</Text>
          <Text size="xs" c="gray.7" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{resource.externalId}</Text>
          <Text size="xs" c="gray.7" hiddenFrom="md" style={{ overflowWrap: 'anywhere' }}>
            <Box component="span" hiddenFrom="sm">{typeName}{parentName === null ? '' : ' · '}</Box>
            {parentName === null ? null : `in ${parentName}`}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td visibleFrom="sm"><Text size="sm">{typeName}</Text></Table.Td>
      <Table.Td visibleFrom="md">
        <Text size="sm" c={parentName === null ? 'gray.7' : undefined} style={{ overflowWrap: 'anywhere' }}>{parentName ?? 'Top level'}</Text>
      </Table.Td>
      <Table.Td visibleFrom="lg"><Text size="sm" c="gray.7">{formatDate(resource.updatedAt)}</Text></Table.Td>
      <Table.Td>
        <Menu position="bottom-end" width={220} shadow="md" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Actions for ${resource.name}`}>
              <IconDotsVertical size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={onRename}>Rename</Menu.Item>
            <Menu.Item leftSection={<IconArrowMoveRight size={16} aria-hidden />} onClick={onMove}>Move…</Menu.Item>
            <Menu.Divider />
            <Menu.Item color="red.8" leftSection={<IconTrash size={16} aria-hidden />} onClick={onDelete}>Delete</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
