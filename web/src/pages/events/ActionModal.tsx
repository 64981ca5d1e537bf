/**
 * One action on an event (签收, 办结, 督办 …) as a validated form: the fields this action needs,
 * the note required where the workflow requires one (core ACTION_RULES), client-side checks, and
 * the server's refusal shown above the form (its message) and under the fields (its details).
 * Sends the event's `version`, so a change made meanwhile is refused rather than overwritten.
 */
import { useMemo, useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, type FormInstance, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ACTION_RULES } from '../../../../core/events/event-workflow';
import { ApiError } from '../../api/client';
import { eventsApi, type ActionInput, type EventAction } from '../../api/events';
import { useApi } from '../../hooks/use-api';
import { useT, type Translate } from '../../i18n';
import { isDivisionCode } from '../../domain';
import { CLOCK_MINUTE_FORMAT, MINUTE_FORMAT } from '../../lib/time';
import { errorText } from '../../components/ApiErrorAlert';
import type { UploadedAttachment } from '../../api/attachments';
import { EvidenceUpload, uploadedIds, uploadProblem } from './EvidenceUpload';

type Field = 'note' | 'dueAt' | 'departments' | 'people' | 'jurisdiction' | 'target' | 'participants' | 'attachments';

/** The fields each action's form shows beyond the note. */
const EXTRA_FIELDS: Partial<Record<EventAction, Field[]>> = {
  dispatch: ['jurisdiction', 'departments', 'people'],
  redispatch: ['jurisdiction', 'departments', 'people'],
  reassign: ['jurisdiction', 'departments', 'people'],
  assign: ['departments', 'people'],
  merge: ['target'],
  supervise: ['dueAt'],
  request_extension: ['dueAt'],
  consult: ['participants'],
};

/** Actions that need someone or somewhere to send the event to. */
const NEEDS_TARGET: ReadonlySet<EventAction> = new Set<EventAction>(['dispatch', 'redispatch', 'reassign', 'assign']);

/**
 * Actions where the actor shows evidence — the result of handling, what a check found, why it goes
 * back — and so may attach photos or PDFs. (The server links attachments to any action; these are
 * the ones where a picture says something.)
 */
export const EVIDENCE_ACTIONS: ReadonlySet<EventAction> = new Set<EventAction>([
  'return',
  'record',
  'resolve',
  'verify',
  'rework',
  'escalate',
  'request_extension',
  'consult',
  'reopen',
]);

export function fieldsOf(action: EventAction): Field[] {
  return ['note', ...(EXTRA_FIELDS[action] ?? []), ...(EVIDENCE_ACTIONS.has(action) ? (['attachments'] as const) : [])];
}

export function noteRequired(action: EventAction): boolean {
  return ACTION_RULES[action]?.noteRequired === true;
}

interface FormValues {
  note?: string;
  dueAt?: Dayjs;
  departmentIds?: number[];
  personIds?: number[];
  jurisdictionCode?: string;
  targetEventId?: number;
  participants?: string[];
  attachments?: UploadFile<UploadedAttachment>[];
}

const FIELD_OF_BODY: Record<string, keyof FormValues> = {
  note: 'note',
  dueAt: 'dueAt',
  departmentIds: 'departmentIds',
  personIds: 'personIds',
  jurisdictionCode: 'jurisdictionCode',
  targetEventId: 'targetEventId',
  participants: 'participants',
  attachmentIds: 'attachments',
};

/** Server validation details ([{field: 'note', problem}] — server/http/error-handler.ts) → messages under the fields. */
function fieldErrors(error: unknown): { name: keyof FormValues; errors: string[] }[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  const out: { name: keyof FormValues; errors: string[] }[] = [];
  for (const d of error.details as { field?: unknown; problem?: unknown }[]) {
    const name = typeof d?.field === 'string' ? FIELD_OF_BODY[d.field.split('.')[0]] : undefined;
    if (name && typeof d.problem === 'string') out.push({ name, errors: [d.problem] });
  }
  return out;
}

/** The request body for the form's values: the event's version, and only the fields that were given. */
function actionBody(values: FormValues, version: number): ActionInput {
  const body: ActionInput = { version };
  if (values.note?.trim()) body.note = values.note.trim();
  if (values.dueAt) body.dueAt = values.dueAt.toISOString();
  if (values.departmentIds?.length) body.departmentIds = values.departmentIds;
  if (values.personIds?.length) body.personIds = values.personIds;
  if (values.jurisdictionCode?.trim()) body.jurisdictionCode = values.jurisdictionCode.trim();
  if (values.targetEventId) body.targetEventId = values.targetEventId;
  if (values.participants?.length) body.participants = values.participants;
  const attachmentIds = uploadedIds(values.attachments);
  if (attachmentIds.length) body.attachmentIds = attachmentIds;
  return body;
}

type Option = { value: number; label: string };

interface RecipientChoices {
  departments: { options: Option[]; loading: boolean };
  people: { options: Option[]; loading: boolean };
  /** Searches the people by name (the server filters). */
  searchPeople(query: string): void;
}

/** The departments and active people an action may send the event to, loaded only when its form has those fields. */
function useRecipientChoices(action: EventAction | null, fields: Field[]): RecipientChoices {
  const t = useT();
  const [peopleQuery, setPeopleQuery] = useState('');
  const departments = useApi(
    (signal) => (fields.includes('departments') ? eventsApi.departments(signal) : Promise.resolve(undefined)),
    [action],
  );
  const people = useApi(
    (signal) =>
      fields.includes('people') ? eventsApi.people(peopleQuery || undefined, signal) : Promise.resolve(undefined),
    [action, peopleQuery],
  );
  const departmentOptions = useMemo(
    () => (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
    [departments.data],
  );
  const peopleOptions = useMemo(
    () =>
      (people.data?.items ?? [])
        .filter((p) => p.active)
        .map((p) => ({
          value: p.id,
          label: `${p.name} · ${t.dynamic(`role.${p.role}`, p.roleName)}${p.jurisdictionName ? ` · ${p.jurisdictionName}` : ''}`,
        })),
    [people.data, t],
  );
  return {
    departments: { options: departmentOptions, loading: departments.loading },
    people: { options: peopleOptions, loading: people.loading },
    searchPeople: setPeopleQuery,
  };
}

/** dispatch/assign …: at least one of jurisdiction, departments, people. */
function targetRuleOf(form: FormInstance<FormValues>, action: EventAction, t: Translate) {
  return {
    validator: () => {
      if (!NEEDS_TARGET.has(action)) return Promise.resolve();
      const v = form.getFieldsValue();
      const any = !!v.jurisdictionCode?.trim() || !!v.departmentIds?.length || !!v.personIds?.length;
      return any
        ? Promise.resolve()
        : Promise.reject(
            new Error(t(action === 'assign' ? 'desk.form.assignTargetRequired' : 'desk.form.targetRequired')),
          );
    },
  };
}

/** Where dispatch, redispatch, reassign and assign send the event: a jurisdiction, departments, people. */
function RecipientFields({
  form,
  action,
  fields,
  choices,
}: {
  form: FormInstance<FormValues>;
  action: EventAction;
  fields: Field[];
  choices: RecipientChoices;
}) {
  const t = useT();
  const targetRule = targetRuleOf(form, action, t);
  return (
    <>
      {fields.includes('jurisdiction') ? (
        <Form.Item
          name="jurisdictionCode"
          label={t('desk.form.jurisdiction')}
          extra={t('desk.form.jurisdictionHint')}
          dependencies={['departmentIds', 'personIds']}
          rules={[
            {
              validator: (_, v?: string) =>
                !v || isDivisionCode(v)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('desk.form.jurisdictionInvalid'))),
            },
            targetRule,
          ]}
        >
          <Input inputMode="numeric" maxLength={15} />
        </Form.Item>
      ) : null}
      {fields.includes('departments') ? (
        <Form.Item
          name="departmentIds"
          label={t('desk.form.departments')}
          dependencies={['jurisdictionCode', 'personIds']}
          rules={[
            { type: 'array', max: 10, message: t('desk.form.tooMany', { max: 10 }) },
            ...(fields.includes('jurisdiction') ? [] : [targetRule]),
          ]}
        >
          <Select
            mode="multiple"
            allowClear
            loading={choices.departments.loading}
            options={choices.departments.options}
            optionFilterProp="label"
          />
        </Form.Item>
      ) : null}
      {fields.includes('people') ? (
        <Form.Item
          name="personIds"
          label={t('desk.form.people')}
          dependencies={['jurisdictionCode', 'departmentIds']}
          rules={[{ type: 'array', max: 20, message: t('desk.form.tooMany', { max: 20 }) }]}
        >
          <Select
            mode="multiple"
            allowClear
            showSearch={{ filterOption: false, onSearch: choices.searchPeople }}
            loading={choices.people.loading}
            options={choices.people.options}
          />
        </Form.Item>
      ) : null}
    </>
  );
}

/** 合并: the event this one is merged into (not itself). */
function MergeTargetField({ eventId }: { eventId: number }) {
  const t = useT();
  return (
    <Form.Item
      name="targetEventId"
      label={t('desk.form.targetEvent')}
      extra={t('desk.form.targetEventHint')}
      rules={[
        { required: true, message: t('desk.form.targetEventRequired') },
        {
          validator: (_, v) =>
            v === eventId ? Promise.reject(new Error(t('desk.form.targetEventSelf'))) : Promise.resolve(),
        },
      ]}
    >
      <InputNumber min={1} max={2147483647} precision={0} style={{ width: '100%' }} />
    </Form.Item>
  );
}

/** 督办's due time, or the time an extension asks for: in the future. */
function DueAtField({ action }: { action: EventAction }) {
  const t = useT();
  return (
    <Form.Item
      name="dueAt"
      label={t(action === 'request_extension' ? 'desk.form.extendTo' : 'desk.form.dueAt')}
      rules={[
        { required: true, message: t('desk.form.dueAtRequired') },
        {
          validator: (_, v?: Dayjs) =>
            v && !v.isAfter(dayjs()) ? Promise.reject(new Error(t('desk.form.dueAtFuture'))) : Promise.resolve(),
        },
      ]}
    >
      <DatePicker
        showTime={{ format: CLOCK_MINUTE_FORMAT }}
        format={MINUTE_FORMAT}
        disabledDate={(d) => d.isBefore(dayjs(), 'day')}
        style={{ width: '100%' }}
      />
    </Form.Item>
  );
}

/** 会商's participants, typed as tags. */
function ParticipantsField() {
  const t = useT();
  return (
    <Form.Item
      name="participants"
      label={t('desk.form.participants')}
      rules={[{ type: 'array', max: 30, message: t('desk.form.tooMany', { max: 30 }) }]}
    >
      <Select mode="tags" open={false} tokenSeparators={[',', ' ']} />
    </Form.Item>
  );
}

/** The note, required where the workflow requires one. */
function NoteField({ required }: { required: boolean }) {
  const t = useT();
  return (
    <Form.Item
      name="note"
      label={t(required ? 'desk.form.noteRequiredLabel' : 'desk.form.note')}
      rules={[
        ...(required ? [{ required: true, whitespace: true, message: t('desk.form.noteRequired') }] : []),
        { max: 2000, message: t('desk.form.noteTooLong', { max: 2000 }) },
      ]}
    >
      <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('desk.form.notePlaceholder')} />
    </Form.Item>
  );
}

/** Evidence: photos or PDFs, uploaded as they are chosen. */
function AttachmentsField({ disabled }: { disabled: boolean }) {
  const t = useT();
  return (
    <Form.Item
      name="attachments"
      label={t('desk.upload.label')}
      // a failed upload is a problem at once; one still running only when the form is sent (submit)
      rules={[
        {
          validator: (_, files?: UploadFile[]) =>
            files?.some((f) => f.status === 'error')
              ? Promise.reject(new Error(t('desk.upload.removeFailed')))
              : Promise.resolve(),
        },
      ]}
    >
      <EvidenceUpload disabled={disabled} />
    </Form.Item>
  );
}

export function ActionModal({
  eventId,
  version,
  action,
  onClose,
  onDone,
}: {
  eventId: number;
  version: number;
  action: EventAction | null;
  onClose(): void;
  onDone(): void;
}) {
  const t = useT();
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState(action);
  if (shown !== action) {
    setShown(action);
    setError(null);
  }
  const fields = action ? fieldsOf(action) : [];
  const choices = useRecipientChoices(action, fields);

  if (!action) return null;

  const submit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is missing
    }
    const waiting = uploadProblem(t, values.attachments);
    if (waiting) {
      form.setFields([{ name: 'attachments', errors: [waiting] }]);
      return;
    }
    const body = actionBody(values, version);
    setSubmitting(true);
    setError(null);
    try {
      await eventsApi.act(eventId, action, body);
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
      const details = fieldErrors(e);
      if (details.length) form.setFields(details);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t.dynamic(`desk.action.${action}`, action)}
      okText={t('desk.form.submit')}
      cancelText={t('desk.form.cancel')}
      onOk={submit}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      confirmLoading={submitting}
      destroyOnHidden
    >
      {error ? (
        <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} role="alert" />
      ) : null}
      <Form form={form} layout="vertical" name={`action-${action}`} preserve={false}>
        <RecipientFields form={form} action={action} fields={fields} choices={choices} />
        {fields.includes('target') ? <MergeTargetField eventId={eventId} /> : null}
        {fields.includes('dueAt') ? <DueAtField action={action} /> : null}
        {fields.includes('participants') ? <ParticipantsField /> : null}
        <NoteField required={noteRequired(action)} />
        {fields.includes('attachments') ? <AttachmentsField disabled={submitting} /> : null}
      </Form>
    </Modal>
  );
}
