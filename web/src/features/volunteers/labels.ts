import { enumLabels } from '../../shared/enums';
import type { HelperKindCode, NeedAction, NeedStatus } from '../../app/contract';

export const PERSON_KIND_LABELS = enumLabels<HelperKindCode>('person-kind');
export const NEED_STATUS_LABELS = enumLabels<NeedStatus>('need-status');
export const NEED_ACTION_LABELS = enumLabels<NeedAction>('need-action');
export const RESOURCE_KIND_LABELS = enumLabels<string>('resource-kind');
export const NEED_STATUS_COLORS: Record<NeedStatus, string> = { open: 'orange', claimed: 'blue', done: 'cyan', confirmed: 'green', cancelled: 'default' };
