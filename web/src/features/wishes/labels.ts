import { enumLabels } from '../../shared/enums';
import type { HelperKind, WishAction, WishStatus } from '../../app/contract';

export const STATUS_LABELS = enumLabels<WishStatus>('wish-status');
export const ACTION_LABELS = enumLabels<WishAction>('wish-action');
export const HELPER_LABELS = enumLabels<HelperKind>('helper-kind');

export const STATUS_COLORS: Record<WishStatus, string> = {
  published: 'orange',
  claimed: 'blue',
  fulfilled: 'cyan',
  confirmed: 'green',
  thanked: 'purple',
  withdrawn: 'default',
};
