import { Code, FileInput, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../api/messages';
import type { Plan } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { useOrg } from '../../../org-context';
import { importRequest, type ImportOptions, type PlanRequest } from './bulk-api';
import { FormActions } from '../../../components/FormActions';

const EXAMPLE = `email,tags
heidi@example.com,"Data Science, Seattle"
sally@example.com,"Finance, New York City"`;

/**
 * "Import tags": a CSV file of emails and tags, how to apply its tags, and what to do with tags the catalogue lacks.
 * Uploading makes a preview; a file Roster cannot read is refused here, with the reason and its line.
 */
export function ImportDialog({ onClose, onPreview }: { onClose: () => void; onPreview: (request: PlanRequest, plan: Plan) => void }) {
  const { orgId, can } = useOrg();
  const canCreate = can('tags.manage');
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<ImportOptions>({ mode: 'add', unknownTags: 'report' });
  const [missing, setMissing] = useState(false);
  const upload = useMutation({
    mutationFn: (request: PlanRequest) => request.run().then((plan) => ({ request, plan })),
    onSuccess: ({ request, plan }) => onPreview(request, plan),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file === null) {
      setMissing(true);
      return;
    }
    upload.mutate(importRequest(orgId, file, options));
  };
  const line = upload.error instanceof ApiError && typeof upload.error.details.line === 'number' ? upload.error.details.line : null;
  return (
    <Modal opened onClose={onClose} title="Import tags from a CSV file" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            Tag many members at once from a spreadsheet. Nothing changes until you have checked the preview.
          </Text>
          <Stack gap={6}>
            <Text size="sm" fw={600} component="h3" m={0}>The file</Text>
            <Text size="sm" c="gray.7">
              A CSV file whose first line is the header <Code c="gray.9">email,tags</Code>, then one member per line: their
              email, and their tags in quotes, separated by commas. Spreadsheets save it so with “CSV UTF-8”.
            </Text>
            <Code block aria-label="An example file" c="gray.9" style={{ fontSize: 13 }}>{EXAMPLE}</Code>
          </Stack>
          <FileInput
            label="CSV file"
            placeholder="Choose a .csv file"
            accept=".csv,text/csv"
            leftSection={<IconFileTypeCsv size={18} aria-hidden />}
            value={file}
            onChange={(chosen) => {
              setFile(chosen);
              setMissing(false);
              upload.reset();
            }}
            clearable
            clearButtonProps={{ 'aria-label': 'Remove the file' }}
            error={missing ? 'Choose the file to import' : undefined}
            required
            data-autofocus
          />
          <Radio.Group
            label="Tags in the file"
            value={options.mode}
            onChange={(mode) => setOptions((current) => ({ ...current, mode: mode as ImportOptions['mode'] }))}
          >
            <Stack gap={8} mt={6}>
              <Radio value="add" label="Add them to each member’s tags" description="Tags they already have stay." />
              <Radio value="replace" label="Replace each listed member’s tags" description="Listed members end up with exactly the tags of their line; members not in the file keep theirs." />
            </Stack>
          </Radio.Group>
          <Radio.Group
            label="Tags the organization does not have yet"
            value={options.unknownTags}
            onChange={(unknownTags) => setOptions((current) => ({ ...current, unknownTags: unknownTags as ImportOptions['unknownTags'] }))}
          >
            <Stack gap={8} mt={6}>
              <Radio value="report" label="Report them" description="Lines naming such a tag are refused in the preview." />
              <Radio
                value="create"
                label="Create them"
                disabled={!canCreate}
                description={canCreate ? 'They join the organization’s tags when the import is applied.' : 'Your role does not allow creating tags.'}
              />
            </Stack>
          </Radio.Group>
          {upload.isError && (
            <FormError>
              <Stack gap={2} data-import-error={upload.error instanceof ApiError ? upload.error.code : 'unknown'}>
                <Text size="sm" fw={600}>This file could not be imported{line === null ? '' : ` (line ${line.toLocaleString('en')})`}.</Text>
                <Text size="sm">{errorMessage(upload.error)}</Text>
              </Stack>
            </FormError>
          )}
          <FormActions onCancel={onClose} loading={upload.isPending}>Preview import</FormActions>
        </Stack>
      </form>
    </Modal>
  );
}
