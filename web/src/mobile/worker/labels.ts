/** The grid worker's words for codes the API uses (zh-CN only: the phone app is for Jiangxi's grid workers). */
import { formatTime } from '../format';
import type { PlanItemStatus, ServiceKind, VisitFinding, VisitOutcome } from '../../app/contract';

export const STATUS_TEXT: Record<PlanItemStatus, string> = {
  planned: '待走访',
  visited: '已走访',
  nobody_home: '无人在家',
  swapped_out: '已调换',
};

export const OUTCOME_TEXT: Record<VisitOutcome, string> = { met: '见到人', nobody_home: '无人在家' };

export const FINDING_TEXT: Record<VisitFinding, string> = {
  nothing: '无事项',
  on_spot: '就地解决',
  appeal: '新诉求',
  file_change: '修改户档案',
  service: '服务',
};

export const FINDING_HINT: Record<VisitFinding, string> = {
  nothing: '一切正常，没有要办的事',
  on_spot: '当场就帮着解决了的小事',
  appeal: '需要社区或部门办理，转入诉求流程',
  file_change: '家里情况变了，更新户档案',
  service: '定点、上门、代办、帮办',
};

export const SERVICE_TEXT: Record<ServiceKind, string> = { fixed_point: '定点', home: '上门', proxy: '代办', assist: '帮办' };

export const RISK_TEXT: Record<string, string> = { none: '无', low: '低', medium: '中', high: '高' };

/** The fields a household-file change can touch, as the conflict dialog names them. */
export const FILE_FIELD_TEXT: Record<string, string> = { type: '户类型', tags: '标签', riskLevel: '风险等级', riskNotes: '风险说明' };

/** Roles that may log visits: grid workers, and cadres who visit (community staff, the township's dispatchers). */
export const VISITING_ROLES = ['grid_worker', 'community_staff', 'dispatcher'];

/** 2026-03-15 14:05 in China's time, whatever the phone's zone. */
export const chinaTime = formatTime;

/** Today's date in China (YYYY-MM-DD): the plan's day. */
export function chinaToday(now = new Date()): string {
  return chinaTime(now.toISOString()).slice(0, 10);
}

/** 'HH:MM' in China now, to tell which visiting window we are in. */
export function chinaClock(now = new Date()): string {
  return chinaTime(now.toISOString()).slice(11);
}

/** '3 月 15 日' for a YYYY-MM-DD. */
export function dayText(date: string): string {
  const [, m, d] = date.split('-');
  return m && d ? `${Number(m)} 月 ${Number(d)} 日` : date;
}

/** '刚刚', '5 分钟前', '2026-03-15 14:05'. */
export function agoText(iso: string, now = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  if (ms < 60_000) return '刚刚';
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} 分钟前`;
  return chinaTime(iso);
}
