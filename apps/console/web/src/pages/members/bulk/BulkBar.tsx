import { ActionBar, Anchor, Button, Group, Menu, Text } from '@mantine/core';
import {
  IconChevronDown, IconKey, IconKeyOff, IconMailForward, IconPlayerPlay, IconTag, IconTagOff, IconTrash, IconUserCog, IconUserMinus,
  IconUserOff, type Icon,
} from '@tabler/icons-react';
import { Fragment } from 'react';
import { plural } from '../../../format';
import { useResourceTypes } from '../../../api/queries';
import { useOrg } from '../../../org-context';

/** A bulk action the bar offers. */
export type BulkActionKey =
  | 'deactivate' | 'reactivate' | 'change_role' | 'resend_invitation' | 'add_tags' | 'remove_tags' | 'grant_access'
  | 'revoke_access' | 'remove' | 'delete';

/** Each action's button, icon, the permission it needs (as the API checks it), and whether it asks for more first. */
const ACTIONS: Array<{ key: BulkActionKey; label: string; icon: Icon; permission: string; danger?: boolean; group: number }> = [
  { key: 'deactivate', label: 'Deactivate', icon: IconUserOff, permission: 'members.manage', group: 0 },
  { key: 'reactivate', label: 'Reactivate', icon: IconPlayerPlay, permission: 'members.manage', group: 0 },
  { key: 'change_role', label: 'Change role…', icon: IconUserCog, permission: 'members.manage', group: 0 },
  { key: 'resend_invitation', label: 'Resend invitations', icon: IconMailForward, permission: 'members.invite', group: 0 },
  { key: 'add_tags', label: 'Add tags…', icon: IconTag, permission: 'members.manage', group: 1 },
  { key: 'remove_tags', label: 'Remove tags…', icon: IconTagOff, permission: 'members.manage', group: 1 },
  { key: 'grant_access', label: 'Grant access…', icon: IconKey, permission: 'members.manage', group: 2 },
  { key: 'revoke_access', label: 'Revoke access…', icon: IconKeyOff, permission: 'members.manage', group: 2 },
  { key: 'remove', label: 'Remove from organization', icon: IconUserMinus, permission: 'members.manage', danger: true, group: 3 },
  { key: 'delete', label: 'Delete users', icon: IconTrash, permission: 'members.delete', danger: true, group: 3 },
];

/** The actions shown as buttons when there is room; the others are under "More". */
const PRIMARY: readonly BulkActionKey[] = ['deactivate', 'change_role', 'add_tags'];

/**
 * The bar that floats at the bottom while members are selected: how many, the actions the signed-in person may run
 * on them, and "Clear". Actions with arguments open a small dialog first; every action shows a preview before applying.
 */
export function BulkBar({ count, compact, onAction, onClear }: {
  /** What is selected, in words: "12 selected", "All 1,234 selected"; null hides the bar. */
  count: string | null;
  /** A phone's screen: one "Actions" menu instead of buttons. */
  compact: boolean;
  onAction: (action: BulkActionKey) => void;
  onClear: () => void;
}) {
  const { orgId, can } = useOrg();
  const types = useResourceTypes(orgId, count !== null);
  // Access can be given or taken only once the product has registered a resource type.
  const noTypes = types.data !== undefined && types.data.length === 0;
  const allowed = ACTIONS.filter((action) => can(action.permission)
    && !(noTypes && (action.key === 'grant_access' || action.key === 'revoke_access')));
  const primary = compact ? [] : allowed.filter((action) => PRIMARY.includes(action.key));
  const inMenu = allowed.filter((action) => !primary.includes(action));
  return (
    <ActionBar
      opened={count !== null}
      onClose={onClear}
      // Escape belongs to the dialogs and menus opened from the bar: it must not also drop the selection.
      closeOnEscape={false}
      aria-label="Bulk actions"
      shadow="lg"
      radius="md"
      // Under dialogs and their overlay (200), over the page's sticky header (100).
      zIndex={150}
      // Centred on the page's content, beside the navigation rather than under it.
      position={{ bottom: 24, left: 'var(--app-shell-navbar-offset, 0rem)', right: 0 }}
      style={{ maxWidth: 'calc(100vw - 24px)', flexWrap: 'wrap', rowGap: 6 }}
      data-bulk-bar
    >
      <Text size="sm" fw={600} px={4} aria-live="polite" style={{ whiteSpace: 'nowrap' }} data-selected-count>{count}</Text>
      <ActionBar.Divider />
      {primary.map((action) => (
        <Button key={action.key} variant="default" size="sm" leftSection={<action.icon size={16} aria-hidden />} onClick={() => onAction(action.key)}>
          {action.label}
        </Button>
      ))}
      {inMenu.length > 0 && (
        <Menu position="top" width={250} shadow="md" withinPortal>
          <Menu.Target>
            <Button variant="default" size="sm" rightSection={<IconChevronDown size={14} aria-hidden />}>
              {primary.length === 0 ? 'Actions' : 'More'}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {inMenu.map((action, index) => (
              <Fragment key={action.key}>
                {index > 0 && inMenu[index - 1]!.group !== action.group && <Menu.Divider />}
                <Menu.Item
                  color={action.danger === true ? 'red.8' : undefined}
                  leftSection={<action.icon size={16} aria-hidden />}
                  onClick={() => onAction(action.key)}
                >
                  {action.label}
                </Menu.Item>
              </Fragment>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
      <ActionBar.Divider />
      <Button variant="subtle" color="gray" c="gray.9" size="sm" onClick={onClear}>Clear</Button>
    </ActionBar>
  );
}

/**
 * Above the table once its whole page is selected: "All 50 on this page are selected. Select all 1,234 matching this
 * filter", which widens the selection to every matching member; once widened, says so and offers to clear it.
 */
export function SelectionBanner({ mode, onPage, total, noun, filtered, onSelectMatching, onClear }: {
  mode: 'page' | 'filter';
  /** Rows on the page. */
  onPage: number;
  /** How many members match, when the counts tell; null when only the preview will. */
  total: number | null;
  /** What the rows are, in the plural: "members", "external collaborators". */
  noun: string;
  /** Whether a filter or search narrows the list (or only the tab does). */
  filtered: boolean;
  onSelectMatching: () => void;
  onClear: () => void;
}) {
  const matching = filtered ? ` matching this filter` : '';
  const all = total === null ? `all ${noun}${matching}` : `all ${total.toLocaleString('en')} ${noun}${matching}`;
  return (
    <Group
      justify="center"
      gap={8}
      px="md"
      py={10}
      wrap="wrap"
      role="status"
      data-selection-banner={mode}
      style={{ background: '#f5f7ff', borderBottom: '1px solid var(--mantine-color-indigo-1)' }}
    >
      {mode === 'page' ? (
        <>
          <Text size="sm">All {plural(onPage, noun.replace(/s$/, ''), noun)} on this page {onPage === 1 ? 'is' : 'are'} selected.</Text>
          <Anchor component="button" type="button" size="sm" fw={600} onClick={onSelectMatching}>Select {all}</Anchor>
        </>
      ) : (
        <>
          <Text size="sm">{all.charAt(0).toUpperCase()}{all.slice(1)} are selected.</Text>
          <Anchor component="button" type="button" size="sm" fw={600} onClick={onClear}>Clear selection</Anchor>
        </>
      )}
    </Group>
  );
}
