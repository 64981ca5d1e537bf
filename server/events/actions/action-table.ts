/**
 * Which handler takes which action (事件流转): a table, so a new action fails the type check until
 * it has a handler. Each handler loads what its plan needs, plans in the core and applies the plan.
 */
import type { EventAction } from '../../../core/events/event-workflow.js';
import type { ActionHandler } from './apply-plan.js';
import { assignEvent, dispatchEvent } from './dispatching.js';
import { escalateEvent } from './escalation.js';
import { decideExtension, requestExtension } from './extension.js';
import { mergeEvent } from './merge.js';
import {
  acceptEvent,
  cancelEvent,
  closeEvent,
  consultOnEvent,
  recordHandling,
  reopenEvent,
  resolveEvent,
  resumeEvent,
  returnEvent,
  reworkEvent,
  startHandling,
  superviseEvent,
  suspendEvent,
  urgeEvent,
  verifyEvent,
} from './simple-actions.js';

export const ACTION_HANDLERS: Record<EventAction, ActionHandler> = {
  dispatch: dispatchEvent,
  redispatch: dispatchEvent,
  reassign: dispatchEvent,
  assign: assignEvent,
  accept: acceptEvent,
  return: returnEvent,
  start: startHandling,
  record: recordHandling,
  resolve: resolveEvent,
  consult: consultOnEvent,
  verify: verifyEvent,
  rework: reworkEvent,
  close: closeEvent,
  cancel: cancelEvent,
  reopen: reopenEvent,
  merge: mergeEvent,
  escalate: escalateEvent,
  urge: urgeEvent,
  supervise: superviseEvent,
  request_extension: requestExtension,
  approve_extension: decideExtension,
  reject_extension: decideExtension,
  suspend: suspendEvent,
  resume: resumeEvent,
};
