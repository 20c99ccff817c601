import { Group, MultiSelect, Select, Stack, Text, type ComboboxItem, type MultiSelectProps, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { keys } from '../api/queries';
import type { Resource, ResourcePage } from '../api/types';
import { useOrg } from '../org-context';

// Pickers that search the organization's resources on the server as the person types: an
// organization can have thousands of queues, so the list is never loaded whole.

/** A resource as a picker keeps it once chosen, so its name still shows when it is not among the search results. */
export interface ResourceChoice {
  id: string;
  name: string;
  externalId: string;
  /** The resource type's key. */
  type: string;
}

/** The choice a picker keeps for a resource the API answered. */
export function toChoice(resource: Pick<Resource, 'id' | 'name' | 'externalId' | 'type'>): ResourceChoice {
  return { id: resource.id, name: resource.name, externalId: resource.externalId, type: resource.type };
}

const RESULTS = 25;

/** The first resources whose name or external id contains `q`, of one type or of every type. */
function useResourceSearch(q: string, type: string | undefined) {
  const { orgId } = useOrg();
  return useQuery({
    queryKey: [...keys.resources(orgId), 'search', { type, q }],
    queryFn: () => api.get<ResourcePage>(`/orgs/${orgId}/resources`, { type, q: q === '' ? undefined : q, limit: RESULTS }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

function nothingFound(searching: boolean, q: string, noun: string): string {
  if (searching) return 'Searching…';
  return q === '' ? `There are no ${noun} yet` : `No ${noun} match “${q}”`;
}

function Option({ choice, checked, typeName }: { choice: ResourceChoice | undefined; checked: boolean | undefined; typeName?: string }) {
  if (choice === undefined) return null;
  return (
    <Stack gap={0} py={2} style={{ minWidth: 0 }}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{choice.name}</Text>
        {checked === true && <IconCheck size={14} aria-hidden />}
      </Group>
      <Text size="xs" c="dimmed" aria-hidden style={{ overflowWrap: 'anywhere' }}>
        {typeName === undefined ? choice.externalId : `${typeName} · ${choice.externalId}`}
      </Text>
    </Stack>
  );
}

/** Several resources of one type, searched on the server. */
export function ResourceMultiSelect({ type, noun, value, onChange, ...props }: Omit<MultiSelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  /** The resource type's key: only its resources are offered. */
  type: string;
  /** The type's plural in a sentence, such as "queues". */
  noun: string;
  value: ResourceChoice[];
  onChange: (value: ResourceChoice[]) => void;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const results = useResourceSearch(q, type);
  const found = (results.data?.items ?? []).map(toChoice);
  const known = new Map<string, ResourceChoice>([...found, ...value].map((choice) => [choice.id, choice]));
  const foundIds = new Set(found.map((choice) => choice.id));
  // The chosen ones must stay in the data for their pills; the list shows the server's matches and chosen ones that match.
  const data: ComboboxItem[] = [...known.values()].map((choice) => ({ value: choice.id, label: choice.name }));
  return (
    <MultiSelect
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value.map((choice) => choice.id)}
      onChange={(ids) => onChange(ids.flatMap((id) => known.get(id) ?? []))}
      filter={({ options, search: text }) => (options as ComboboxItem[]).filter((option) =>
        foundIds.has(option.value) || option.label.toLowerCase().includes(text.trim().toLowerCase()))}
      nothingFoundMessage={nothingFound(results.isFetching, q, noun)}
      maxDropdownHeight={280}
      hidePickedOptions={false}
      openOnFocus={false}
      comboboxProps={{ keepMounted: false }}
      renderOption={({ option, checked }) => <Option choice={known.get(option.value)} checked={checked} />}
      {...props}
    />
  );
}

/** One resource, of one type or of any, searched on the server. */
export function ResourceSelect({ type, typeNames, exclude, value, onChange, ...props }: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  /** A resource type's key to offer only its resources; every type when absent. */
  type?: string;
  /** Type names by key, shown beside each resource when every type is offered. */
  typeNames?: ReadonlyMap<string, string>;
  /** A resource id never offered (a resource cannot be its own parent). */
  exclude?: string;
  value: ResourceChoice | null;
  onChange: (value: ResourceChoice | null) => void;
}) {
  const [search, setSearch] = useState(value?.name ?? '');
  // While the field shows the chosen resource's name, the list offers everything, not only that name.
  const typed = search.trim() === (value?.name ?? '') ? '' : search.trim();
  const [q] = useDebouncedValue(typed, 200);
  const results = useResourceSearch(q, type);
  const found = (results.data?.items ?? []).map(toChoice).filter((choice) => choice.id !== exclude);
  const known = new Map<string, ResourceChoice>([...found, ...(value === null ? [] : [value])].map((choice) => [choice.id, choice]));
  const data: ComboboxItem[] = [...known.values()].map((choice) => ({ value: choice.id, label: choice.name }));
  return (
    <Select
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value?.id ?? null}
      onChange={(id) => onChange(id === null ? null : known.get(id) ?? null)}
      filter={({ options }) => options}
      // Mantine hides its clear button from the keyboard and screen readers; this one is a named button for everyone.
      clearButtonProps={{ 'aria-label': typeof props.label === 'string' ? `Clear: ${props.label}` : 'Clear', 'aria-hidden': false, tabIndex: 0 }}
      // A search field: the list opens once the person types or clicks, not as focus passes through.
      openOnFocus={false}
      nothingFoundMessage={nothingFound(results.isFetching, q, 'resources')}
      maxDropdownHeight={280}
      comboboxProps={{ keepMounted: false }}
      renderOption={({ option, checked }) => {
        const choice = known.get(option.value);
        return <Option choice={choice} checked={checked} typeName={type === undefined && choice !== undefined ? typeNames?.get(choice.type) ?? choice.type : undefined} />;
      }}
      {...props}
    />
  );
}
