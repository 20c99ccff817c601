import { MultiSelect, TagsInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useState } from 'react';
import type { Tag } from '../../api/types';
import { sameTagName, tagNameProblem, TAGS_MAX } from './tag-rules';

/**
 * Picks tag names from the catalogue; with `allowCreate`, names the catalogue lacks can be typed too (a comma or
 * Enter ends one). A typed name that matches a tag whatever its capitals becomes that tag.
 */
export function TagPicker({ catalogue, value, onChange, allowCreate, error, ...props }: {
  label: string;
  description?: ReactNode;
  placeholder?: string;
  required?: boolean;
  'data-autofocus'?: boolean;
  /** The organization's tags. */
  catalogue: readonly Tag[];
  value: string[];
  onChange: (names: string[]) => void;
  /** Whether names the catalogue lacks may be typed (the API then creates them). */
  allowCreate: boolean;
  error?: string | null;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  // The list opens as one types (or asks with a click or the arrow keys) and closes once a tag is picked, so that it
  // does not lie over the buttons below while there is nothing to pick.
  const [search, setSearch] = useState('');
  const [browsing, setBrowsing] = useState(false);
  const names = catalogue.map((tag) => tag.name);
  const change = (next: string[]) => {
    const kept: string[] = [];
    let refused: string | null = null;
    for (const raw of next) {
      const name = raw.trim().replace(/\s+/g, ' ');
      const known = names.find((existing) => sameTagName(existing, name));
      const found = tagNameProblem(name);
      if (known === undefined && found !== null) {
        refused = `“${name.slice(0, 60)}”: ${found.charAt(0).toLowerCase()}${found.slice(1)}`;
        continue;
      }
      const chosen = known ?? name;
      if (!kept.some((other) => sameTagName(other, chosen))) kept.push(chosen);
    }
    setProblem(refused);
    setBrowsing(false);
    onChange(kept);
  };
  const shared = {
    data: names,
    value,
    onChange: change,
    error: error ?? problem ?? undefined,
    searchValue: search,
    onSearchChange: (text: string) => {
      setSearch(text);
      if (text.trim() !== '') setBrowsing(true);
    },
    dropdownOpened: browsing,
    onDropdownOpen: () => setBrowsing(true),
    onDropdownClose: () => setBrowsing(false),
    maxDropdownHeight: 240,
    comboboxProps: { keepMounted: false, withinPortal: false },
    ...props,
  };
  if (allowCreate) {
    return (
      <TagsInput
        {...shared}
        maxTags={TAGS_MAX}
        splitChars={[',']}
        acceptValueOnBlur
        openOnFocus={false}
        clearable
        isDuplicate={(name, current) => current.some((other) => sameTagName(other, name))}
      />
    );
  }
  return (
    <MultiSelect {...shared} searchable clearable hidePickedOptions openOnFocus={false} maxValues={TAGS_MAX} nothingFoundMessage="No tag has this name" />
  );
}
